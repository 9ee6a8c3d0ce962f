"use client";

import { useEffect, useMemo, useState } from "react";
import { unreadTotal } from "../chat/unread";
import type { ConversationSummary, Profile, UserWithPresence } from "../chat/types";
import { fetchConversations, fetchPeople, fetchProfile } from "./api";
import { startSyncAt, useIncomingMessages } from "./incoming";
import { coalesced, withConversationChange, withFetchedList } from "./list-updates";
import { getOutbox } from "./outbox";
import { shownName, type NameOf } from "./names";
import { receiptOf, withIncomingMessage, withPresence, withReceipt, withUserUpdate } from "./people-list";
import { getSocket, sendReceipt } from "./socket";
import { catchUp } from "./sync";
import { useOnConnect, useSocketEvent } from "./use-socket-event";
import { useTypingIndicators, type TypingMap } from "./use-typing";

export interface ChatState {
  /** Me as others see me; my display name follows changes made in any tab. */
  me: Profile;
  people: Map<number, UserWithPresence>;
  /** Anyone's shown name (display name, else username), me included. */
  nameOf: NameOf;
  conversations: Map<number, ConversationSummary>;
  typing: TypingMap;
  /** Unread in conversations that are not muted: the count in the tab title. */
  totalUnread: number;
  /** Fetches people and conversations again (after a change made from this tab). */
  refresh: () => void;
}

const CURSOR_REFRESH_MS = 60_000;

/** Whatever reached this device through the list (say, after being offline) is delivered. */
function confirmDelivered(list: readonly ConversationSummary[], meId: number): void {
  for (const conversation of list) {
    const last = conversation.lastMessage;
    if (last && last.senderId !== meId && last.id > receiptOf(conversation, meId).lastDeliveredId) {
      sendReceipt("delivered", conversation.id, last.id);
    }
  }
}

const isVisible = () => typeof document !== "undefined" && document.visibilityState === "visible";

/**
 * Everything the signed-in shell shows live: people and presence, each conversation's last message,
 * unread count and receipts, and who is typing. Also confirms delivery of what reaches this tab.
 */
export function useChatState(
  initialMe: Profile,
  openConversationId: number | null,
  initialPeople: UserWithPresence[],
  initialConversations: ConversationSummary[],
  initialCursor: string,
): ChatState {
  useState(() => {
    // Catch-up starts where the change log ended as the server-rendered page was read.
    if (typeof window !== "undefined") startSyncAt(initialCursor);
  });
  const [me, setMe] = useState(initialMe);
  const [people, setPeople] = useState(initialPeople);
  const [conversations, setConversations] = useState(initialConversations);
  const typing = useTypingIndicators();

  // Bursts of events that each want the lists (a storm of group changes, messages in conversations
  // not listed yet) cost at most one fetch in flight and one queued: see coalesced.
  const [refreshLists] = useState(() =>
    coalesced(() =>
      Promise.all([fetchPeople(), fetchConversations(), fetchProfile()])
        .then(([p, c, mine]) => {
          setMe(mine);
          setPeople(p);
          setConversations((shown) => withFetchedList(shown, c));
          confirmDelivered(c, me.id);
        })
        .catch((error: unknown) => console.warn("refreshing the lists failed", error)),
    ),
  );
  // Being added to a group brings no new person (People lists everyone): the conversations suffice.
  const [refreshConversations] = useState(() =>
    coalesced(() =>
      fetchConversations()
        .then((c) => {
          setConversations((shown) => withFetchedList(shown, c));
          confirmDelivered(c, me.id);
        })
        .catch((error: unknown) => console.warn("refreshing the conversations failed", error)),
    ),
  );
  const refresh = refreshLists;

  // On every (re)connect: fetch each message missed in any conversation, then the lists with
  // their authoritative unread counts. The page itself was rendered before the socket connected.
  // A conversation this tab has not listed yet (just started, by anyone): fetch the lists, which
  // bring it with its stored receipts and counts, rather than patching in a partial entry.
  const ensureListed = (conversationId: number) => {
    if (!conversations.some((c) => c.id === conversationId)) refresh();
  };

  const resync = () => {
    catchUp()
      .catch((error: unknown) => console.warn("catch-up failed", error))
      .finally(refresh);
  };
  useOnConnect(resync);
  useSocketEvent("sync:required", resync);

  // The server sends lobby typing only to tabs that show the lobby (docs/decisions/0009): tell it
  // which conversation this tab shows on every change, and again on every (re)connect, since a new
  // connection starts with no rooms.
  const announceOpen = () => {
    getSocket().emit("conversation:open", { conversationId: openConversationId });
  };
  useEffect(announceOpen, [openConversationId]);
  useOnConnect(announceOpen);

  // Live pushes do not move the catch-up cursor; a quiet background catch-up now and then does,
  // so a reconnect after a long session fetches minutes of messages, not hours.
  useEffect(() => {
    const timer = setInterval(() => {
      if (getSocket().connected) void catchUp().catch(() => {});
    }, CURSOR_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useSocketEvent("presence:update", (update) => {
    if (update.userId !== me.id) setPeople((p) => withPresence(p, update));
  });
  // A new name reaches everyone; people who were away read the list again on reconnect.
  useSocketEvent("user:updated", (update) => {
    if (update.userId === me.id) setMe((m) => ({ ...m, displayName: update.displayName, avatarUrl: update.avatarUrl }));
    else setPeople((p) => withUserUpdate(p, update));
  });
  useSocketEvent("presence:batch", (updates) => {
    setPeople((p) => updates.reduce((list, update) => (update.userId === me.id ? list : withPresence(list, update)), p));
  });

  useIncomingMessages((messages, source) => {
    getOutbox(me.id).settle(messages.filter((m) => m.senderId === me.id));
    const newestFromOthers = new Map<number, number>();
    for (const m of messages) {
      if (m.senderId !== me.id) newestFromOthers.set(m.conversationId, Math.max(m.id, newestFromOthers.get(m.conversationId) ?? 0));
    }
    for (const [conversationId, messageId] of newestFromOthers) {
      sendReceipt("delivered", conversationId, messageId);
    }
    // Catch-up is followed by a full refresh of the lists; only live pushes update them one by one.
    if (source === "sync") return;
    for (const message of messages) {
      const viewing = message.conversationId === openConversationId && isVisible();
      setConversations((list) => withIncomingMessage(list, message, me, viewing) ?? list);
      ensureListed(message.conversationId);
    }
  });

  useSocketEvent("typing", (update) => {
    if (update.typing) ensureListed(update.conversationId);
  });

  // Members, title, roles or my mute changed, or I was removed: the change says what, and the entry
  // is patched in place. Only a conversation not listed yet (I was just added) needs the server's list.
  useSocketEvent("conversation:changed", (change) => {
    const patched = withConversationChange(conversations, change, me.id);
    if (patched) setConversations((list) => withConversationChange(list, change, me.id) ?? list);
    else refreshConversations();
  });

  // An edit of a chat's last message changes its preview.
  useSocketEvent("message:updated", (message) => {
    setConversations((list) =>
      list.map((c) => (c.id === message.conversationId && c.lastMessage?.id === message.id && !c.lastMessage.deleted ? { ...c, lastMessage: message } : c)),
    );
  });

  useSocketEvent("message:deleted", ({ conversationId, messageId }) => {
    setConversations((list) =>
      list.map((c) =>
        c.id === conversationId && c.lastMessage?.id === messageId
          ? { ...c, lastMessage: { ...c.lastMessage, body: "", deleted: true, attachments: [] } }
          : c,
      ),
    );
  });

  useSocketEvent("receipt:update", (update) => {
    setConversations((list) => withReceipt(list, update) ?? list);
    ensureListed(update.conversationId);
  });

  return useMemo(() => {
    const byId = new Map(conversations.map((c) => [c.id, c]));
    const peopleById = new Map(people.map((p) => [p.id, p]));
    const nameOf: NameOf = (userId, fallback) => {
      if (userId === me.id) return shownName(me);
      const person = peopleById.get(userId);
      return person ? shownName(person) : fallback;
    };
    return {
      me,
      people: peopleById,
      nameOf,
      conversations: byId,
      typing,
      totalUnread: unreadTotal(conversations),
      refresh,
    };
    // refresh only closes over setters and my id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, people, conversations, typing]);
}
