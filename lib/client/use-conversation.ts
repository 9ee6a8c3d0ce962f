"use client";

import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import type { ChatMessage, MessagePage, PublicUser, ReplyQuote } from "../chat/types";
import { fetchMessages } from "./api";
import { useIncomingMessages } from "./incoming";
import { conversationView, mergeConfirmed, newClientId, refreshQuotes, type MessageListState, type PendingAttachment, type PendingMessage } from "./message-list";
import { getOutbox } from "./outbox";
import { getSocket } from "./socket";
import { useSocketEvent } from "./use-socket-event";
import { refusalText } from "./refusals";

export interface ConversationState {
  messages: MessageListState;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Text, files already uploaded, or both; maybe answering a message. */
  send(body: string, attachments?: PendingAttachment[], replyTo?: ReplyQuote): void;
  retry(clientId: string): void;
  loadOlder(): Promise<void>;
  /** A new text for one of my messages: null when saved, else why not. */
  edit(messageId: number, body: string): Promise<string | null>;
  /** Adds or takes back my reaction: null when done, else why not. */
  react(messageId: number, emoji: string, on: boolean): Promise<string | null>;
}

const EDIT_ACK_TIMEOUT_MS = 5000;

const NO_PENDING: readonly PendingMessage[] = [];
const noSubscription = () => () => {};
const noPending = () => NO_PENDING;

/**
 * One conversation's messages: the stored ones (merged by id from the first page, older pages,
 * live pushes and catch-up) followed by mine still in the outbox.
 */
export function useConversation(conversationId: number, me: PublicUser, initial: MessagePage): ConversationState {
  const [confirmed, setConfirmed] = useState<ChatMessage[]>(initial.messages);
  const [olderCursor, setOlderCursor] = useState(initial.nextCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  // The outbox lives in the browser's storage; the server render shows no pending messages.
  const outbox = typeof window === "undefined" ? null : getOutbox(me.id);
  const queued = useSyncExternalStore(outbox?.subscribe ?? noSubscription, outbox?.snapshot ?? noPending, noPending);

  const merge = useCallback(
    (incoming: readonly ChatMessage[]) => {
      const mine = incoming.filter((m) => m.conversationId === conversationId);
      if (mine.length) setConfirmed((list) => mergeConfirmed(list, mine));
    },
    [conversationId],
  );

  useIncomingMessages((incoming) => merge(incoming));

  // An edit: the message as it now is, merged like any other copy of it.
  useSocketEvent("message:updated", (message) => merge([message]));

  useSocketEvent("message:deleted", ({ conversationId: id, messageId }) => {
    if (id !== conversationId) return;
    setConfirmed((list) =>
      refreshQuotes(
        list.map((m) => (m.id === messageId ? { ...m, body: "", deleted: true, attachments: [], reactions: [], replyTo: null } : m)),
        [{ id: messageId, body: "", deleted: true }],
      ),
    );
  });

  const messages = useMemo(
    () => conversationView(confirmed, queued, conversationId, me.id),
    [confirmed, queued, conversationId, me.id],
  );

  const send = useCallback(
    (body: string, attachments: PendingAttachment[] = [], replyTo?: ReplyQuote) => {
      outbox?.add({
        clientId: newClientId(),
        conversationId,
        body,
        createdAt: new Date().toISOString(),
        ...(attachments.length ? { attachments } : {}),
        ...(replyTo ? { replyTo } : {}),
      });
    },
    [outbox, conversationId],
  );

  const retry = useCallback((clientId: string) => outbox?.retry(clientId), [outbox]);

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

  /** Saves a new text for one of my messages; resolves with the server's refusal in words, or null. */
  const edit = useCallback(
    async (messageId: number, body: string): Promise<string | null> => {
      try {
        const answer = await getSocket().timeout(EDIT_ACK_TIMEOUT_MS).emitWithAck("message:edit", { conversationId, messageId, body });
        if (!answer.ok) return refusalText(answer);
        merge([answer.message]);
        return null;
      } catch {
        return "Not saved: no connection. Try again";
      }
    },
    [conversationId, merge],
  );

  const react = useCallback(
    async (messageId: number, emoji: string, on: boolean): Promise<string | null> => {
      try {
        const answer = await getSocket().timeout(EDIT_ACK_TIMEOUT_MS).emitWithAck("message:react", { conversationId, messageId, emoji, on });
        if (!answer.ok) return refusalText(answer);
        merge([answer.message]);
        return null;
      } catch {
        return "No connection: try again";
      }
    },
    [conversationId, merge],
  );

  return { messages, hasOlder: olderCursor !== null, loadingOlder, send, retry, loadOlder, edit, react };
}
