"use client";

import { createContext, useContext } from "react";
import type { Profile } from "@/lib/chat/types";
import type { ChatState } from "@/lib/client/use-chat-state";

export interface ChatContextValue {
  /** The same as state.me. */
  me: Profile;
  state: ChatState;
  /** The zone days and times are shown in (the server's guess until hydrated). */
  timeZone: string;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const value = useContext(ChatContext);
  if (!value) throw new Error("useChat must be used inside <ChatShell>");
  return value;
}
