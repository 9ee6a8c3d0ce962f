import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ConversationView } from "@/components/conversation-view";
import { requireUser } from "@/lib/auth/require-user";
import { getHistory, listConversations } from "@/lib/chat/conversations";
import { ChatError } from "@/lib/chat/errors";
import { getServices } from "@/lib/services";
import { idParamSchema } from "@/lib/validation";
import { renderCursor } from "../../render-cursor";

type Props = { params: Promise<{ id: string }> };

// Metadata and the page share one load per request.
const load = cache(async (rawId: string) => {
  const me = await requireUser();
  const id = idParamSchema.safeParse(rawId);
  if (!id.success) notFound();
  const services = getServices();
  await renderCursor();
  let page;
  try {
    page = await getHistory(services, me, id.data, {});
  } catch (error) {
    if (error instanceof ChatError) notFound();
    throw error;
  }
  const conversation = (await listConversations(services, me.id)).find((c) => c.id === id.data);
  if (!conversation) notFound();
  return { conversation, page };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { conversation } = await load((await params).id);
  // A private chat is named after the other person as they chose to be shown.
  const peer = conversation.kind === "private" && conversation.peer ? await getServices().store.getProfile(conversation.peer.id) : undefined;
  return { title: `${peer?.displayName ?? conversation.title} · Chat` };
}

export default async function ConversationPage({ params }: Props) {
  const { conversation, page } = await load((await params).id);
  return <ConversationView key={conversation.id} initialSummary={conversation} initialPage={page} />;
}
