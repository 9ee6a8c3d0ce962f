import type { ReactNode } from "react";
import { ChatShell } from "@/components/chat-shell";
import { requireUser } from "@/lib/auth/require-user";
import { listConversations, listPeople } from "@/lib/chat/conversations";
import { getServices } from "@/lib/services";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const me = await requireUser();
  const services = getServices();
  return (
    <ChatShell
      me={me}
      initialPeople={await listPeople(services, me.id)}
      initialConversations={await listConversations(services, me.id)}
      initialNewestId={await services.store.newestMessageIdForUser(me.id)}
    >
      {children}
    </ChatShell>
  );
}
