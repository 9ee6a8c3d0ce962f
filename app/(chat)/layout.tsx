import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChatShell } from "@/components/chat-shell";
import { titleWithUnread } from "@/lib/chat/unread";
import { chatData } from "./chat-data";

/** The unread count leads the title from the first paint; pages' titles go through the template. */
export async function generateMetadata(): Promise<Metadata> {
  const { unread } = await chatData();
  return { title: { default: titleWithUnread("Chat", unread), template: titleWithUnread("%s", unread) } };
}

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const { me, initialCursor, people, conversations, timeZone } = await chatData();
  return (
    <ChatShell
      me={me}
      initialPeople={people}
      initialConversations={conversations}
      initialCursor={initialCursor}
      serverTimeZone={timeZone}
    >
      {children}
    </ChatShell>
  );
}
