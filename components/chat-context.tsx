"use client";

import { createContext, useContext } from "react";
import type { PublicUser } from "@/lib/chat/types";
import type { PeopleState } from "@/lib/client/use-people";

export interface ChatContextValue {
  me: PublicUser;
  people: PeopleState;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChat(): ChatContextValue {
  const value = useContext(ChatContext);
  if (!value) throw new Error("useChat must be used inside <ChatShell>");
  return value;
}
