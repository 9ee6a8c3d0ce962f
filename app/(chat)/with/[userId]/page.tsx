import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { openPrivateConversation } from "@/lib/chat/conversations";
import { ChatError } from "@/lib/chat/errors";
import { getServices } from "@/lib/services";
import { idParamSchema } from "@/lib/validation";

/** Opens (creating once) the private conversation with a person, then shows it at its stable URL. */
export default async function WithUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const me = await requireUser();
  const peerId = idParamSchema.safeParse((await params).userId);
  if (!peerId.success) notFound();
  let conversationId: number;
  try {
    conversationId = openPrivateConversation(getServices(), me.id, peerId.data).id;
  } catch (error) {
    if (error instanceof ChatError) notFound();
    throw error;
  }
  redirect(`/c/${conversationId}`);
}
