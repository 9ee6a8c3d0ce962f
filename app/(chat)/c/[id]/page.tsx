import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationView } from "@/components/conversation-view";
import { requireUser } from "@/lib/auth/require-user";
import { getHistory, listConversations } from "@/lib/chat/conversations";
import { getServices } from "@/lib/services";
import { idParamSchema } from "@/lib/validation";

type Props = { params: Promise<{ id: string }> };

async function load({ params }: Props) {
  const me = await requireUser();
  const id = idParamSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const services = getServices();
  const conversation = listConversations(services, me.id).find((c) => c.id === id.data);
  if (!conversation) notFound();
  return { conversation, page: getHistory(services, me.id, conversation.id, {}) };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { conversation } = await load(props);
  return { title: `${conversation.peer.username} · Chat` };
}

export default async function ConversationPage(props: Props) {
  const { conversation, page } = await load(props);
  return <ConversationView key={conversation.id} conversationId={conversation.id} peer={conversation.peer} initialPage={page} />;
}
