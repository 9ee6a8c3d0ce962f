import { reactToMessage } from "@/lib/chat/messages";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { parseWith, userRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";
import { emojiSchema } from "@/lib/validation";

type Context = IdContext<"id" | "messageId" | "emoji">;

/** The same domain call as the socket's message:react, with `on` from the method. */
function react(on: boolean) {
  return userRoute<Context>(async (_request, user, context) => {
    const conversationId = await idFromUrl(context, "id");
    const messageId = await idFromUrl(context, "messageId");
    // Next hands the segment over still percent-encoded.
    const raw = (await context.params).emoji;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      decoded = raw;
    }
    const emoji = parseWith(emojiSchema, decoded);
    return Response.json({ message: await reactToMessage(getServices(), user, { conversationId, messageId, emoji, on }) });
  });
}

/** Adds the caller's reaction (pressing again changes nothing). */
export const PUT = react(true);
/** Takes the caller's reaction back. */
export const DELETE = react(false);
