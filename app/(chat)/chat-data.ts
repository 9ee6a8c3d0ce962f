import { cookies } from "next/headers";
import { cache } from "react";
import { requireUser } from "@/lib/auth/require-user";
import { listConversations, listPeople } from "@/lib/chat/conversations";
import { getProfile } from "@/lib/chat/profile";
import { unreadTotal } from "@/lib/chat/unread";
import { TIME_ZONE_COOKIE, validTimeZone } from "@/lib/time-zone";
import { getServices } from "@/lib/services";
import { renderCursor } from "./render-cursor";

/**
 * What the signed-in frame is rendered from, read once per request: the layout and its metadata
 * (the unread count in the tab title from the first paint) share it. The catch-up cursor is read
 * first, before anything it covers.
 */
export const chatData = cache(async () => {
  const user = await requireUser();
  const services = getServices();
  const initialCursor = await renderCursor();
  const [me, people, conversations] = await Promise.all([getProfile(services, user), listPeople(services, user.id), listConversations(services, user.id)]);
  const timeZone = validTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return { me, initialCursor, people, conversations, unread: unreadTotal(conversations), timeZone };
});
