"use client";

import { useMemo, useState } from "react";
import type { ConversationSummary, PublicUser, UserWithPresence } from "../chat/types";
import { fetchConversations, fetchPeople } from "./api";
import { buildPeopleList, receiptOf, withIncomingMessage, withPresence, withReceipt, type PersonEntry } from "./people-list";
import { getSocket } from "./socket";
import { useOnConnect, useSocketEvent } from "./use-socket-event";
import { useTypingIndicators, type TypingMap } from "./use-typing";

export interface ChatState {
  entries: PersonEntry[];
  people: Map<number, UserWithPresence>;
  conversations: Map<number, ConversationSummary>;
  typing: TypingMap;
  totalUnread: number;
}

const isVisible = () => typeof document !== "undefined" && document.visibilityState === "visible";

/**
 * Everything the signed-in shell shows live: people and presence, each conversation's last message,
 * unread count and receipts, and who is typing. Also confirms delivery of what reaches this tab.
 */
export function useChatState(
  me: PublicUser,
  openConversationId: number | null,
  initialPeople: UserWithPresence[],
  initialConversations: ConversationSummary[],
): ChatState {
  const [people, setPeople] = useState(initialPeople);
  const [conversations, setConversations] = useState(initialConversations);
  const typing = useTypingIndicators();

  const refresh = () => {
    void Promise.all([fetchPeople(), fetchConversations()])
      .then(([p, c]) => {
        setPeople(p);
        setConversations(c);
        // Whatever reached this device through the list (say, after being offline) is delivered.
        for (const conversation of c) {
          const last = conversation.lastMessage;
          if (last && last.senderId !== me.id && last.id > receiptOf(conversation, me.id).lastDeliveredId) {
            getSocket().emit("receipt:delivered", { conversationId: conversation.id, messageId: last.id });
          }
        }
      })
      .catch((error: unknown) => console.warn("refreshing the lists failed", error));
  };

  // The page was rendered before the socket connected, and a reconnect may have missed changes.
  useOnConnect(refresh);

  useSocketEvent("presence:update", (update) => {
    if (update.userId !== me.id) setPeople((p) => withPresence(p, update));
  });

  useSocketEvent("message:new", (message) => {
    if (message.senderId !== me.id) {
      getSocket().emit("receipt:delivered", { conversationId: message.conversationId, messageId: message.id });
    }
    const viewing = message.conversationId === openConversationId && isVisible();
    setConversations((list) => withIncomingMessage(list, message, me.id, viewing) ?? list);
    // A conversation someone else just started: fetch it with its receipts and counts.
    if (!conversations.some((c) => c.id === message.conversationId)) refresh();
  });

  // Someone typing in a conversation this tab has not listed yet: it was just opened; list it.
  useSocketEvent("typing", (update) => {
    if (update.typing && !conversations.some((c) => c.id === update.conversationId)) refresh();
  });

  useSocketEvent("receipt:update", (update) => {
    setConversations((list) => withReceipt(list, update) ?? list);
  });

  return useMemo(() => {
    const byId = new Map(conversations.map((c) => [c.id, c]));
    return {
      entries: buildPeopleList(people, conversations),
      people: new Map(people.map((p) => [p.id, p])),
      conversations: byId,
      typing,
      totalUnread: conversations.reduce((sum, c) => sum + c.unreadCount, 0),
    };
  }, [people, conversations, typing]);
}
