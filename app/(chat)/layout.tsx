import type { ReactNode } from "react";
import { ChatShell } from "@/components/chat-shell";
import { requireUser } from "@/lib/auth/require-user";
import { listConversations, listPeople } from "@/lib/chat/conversations";
import { getServices } from "@/lib/services";
import { renderCursor } from "./render-cursor";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const me = await requireUser();
  const services = getServices();
  const initialCursor = await renderCursor();
  return (
    <ChatShell
      me={me}
      initialPeople={await listPeople(services, me.id)}
      initialConversations={await listConversations(services, me.id)}
      initialCursor={initialCursor}
    >
      {children}
    </ChatShell>
  );
}
