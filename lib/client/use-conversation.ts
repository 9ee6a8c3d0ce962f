"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ChatMessage, MessagePage, PublicUser } from "../chat/types";
import { HISTORY_MAX_LIMIT } from "../validation";
import { fetchMessages } from "./api";
import {
  addPending,
  mergeConfirmed,
  newClientId,
  newestId,
  setPendingStatus,
  type MessageListState,
  type PendingMessage,
} from "./message-list";
import { getSocket } from "./socket";
import { useOnConnect, useSocketEvent } from "./use-socket-event";

const ACK_TIMEOUT_MS = 5000;
const SEND_ATTEMPTS = 3;

export interface ConversationState {
  messages: MessageListState;
  hasOlder: boolean;
  loadingOlder: boolean;
  send(body: string): void;
  retry(clientId: string): void;
  loadOlder(): Promise<void>;
}

export function useConversation(conversationId: number, me: PublicUser, initial: MessagePage): ConversationState {
  const [messages, setMessages] = useState<MessageListState>({ confirmed: initial.messages, pending: [] });
  const [olderCursor, setOlderCursor] = useState(initial.nextCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const latest = useRef(messages);
  useEffect(() => {
    latest.current = messages;
  });

  const merge = useCallback(
    (incoming: readonly ChatMessage[]) => setMessages((s) => mergeConfirmed(s, incoming, me.id)),
    [me.id],
  );

  useSocketEvent("message:new", (message) => {
    if (message.conversationId === conversationId) merge([message]);
  });

  // Whatever arrived while the socket was down (or before it first connected) comes by id, in pages.
  useOnConnect(() => {
    void (async () => {
      for (;;) {
        const page = await fetchMessages(conversationId, { after: newestId(latest.current), limit: HISTORY_MAX_LIMIT });
        merge(page.messages);
        latest.current = mergeConfirmed(latest.current, page.messages, me.id);
        if (page.messages.length < HISTORY_MAX_LIMIT) return;
      }
    })().catch((error: unknown) => console.warn("catch-up failed", error));
  });

  const deliver = useCallback(
    async (pending: PendingMessage) => {
      const socket = getSocket();
      const payload = { conversationId, body: pending.body, clientId: pending.clientId };
      for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
        try {
          // The same clientId on every attempt: the server stores and delivers it once.
          const answer = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:send", payload);
          if (answer.ok) return merge([answer.message]);
          return setMessages((s) => setPendingStatus(s, pending.clientId, "failed", answer.error));
        } catch {
          // Ack timed out; try again.
        }
      }
      setMessages((s) => setPendingStatus(s, pending.clientId, "failed", "Not sent"));
    },
    [conversationId, merge],
  );

  const send = useCallback(
    (body: string) => {
      const pending: PendingMessage = {
        clientId: newClientId(),
        conversationId,
        body,
        createdAt: new Date().toISOString(),
        status: "sending",
      };
      setMessages((s) => addPending(s, pending));
      void deliver(pending);
    },
    [conversationId, deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const pending = latest.current.pending.find((p) => p.clientId === clientId);
      if (!pending) return;
      setMessages((s) => setPendingStatus(s, clientId, "sending"));
      void deliver({ ...pending, status: "sending" });
    },
    [deliver],
  );

  const loadOlder = useCallback(async () => {
    if (olderCursor === null || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await fetchMessages(conversationId, { before: olderCursor });
      merge(page.messages);
      setOlderCursor(page.nextCursor);
    } finally {
      setLoadingOlder(false);
    }
  }, [conversationId, olderCursor, loadingOlder, merge]);

  return { messages, hasOlder: olderCursor !== null, loadingOlder, send, retry, loadOlder };
}
