"use client";

import { useMemo, useState } from "react";
import type { ConversationSummary, PublicUser, UserWithPresence } from "../chat/types";
import { fetchConversations, fetchPeople } from "./api";
import { buildPeopleList, withLastMessage, withPresence, type PersonEntry } from "./people-list";
import { useOnConnect, useSocketEvent } from "./use-socket-event";

export interface PeopleState {
  entries: PersonEntry[];
  byId: Map<number, UserWithPresence>;
}

/** The People list, kept live: presence, new people, and each conversation's last message. */
export function usePeople(me: PublicUser, initialPeople: UserWithPresence[], initialConversations: ConversationSummary[]): PeopleState {
  const [people, setPeople] = useState(initialPeople);
  const [conversations, setConversations] = useState(initialConversations);

  const refresh = () => {
    void Promise.all([fetchPeople(), fetchConversations()])
      .then(([p, c]) => {
        setPeople(p);
        setConversations(c);
      })
      .catch((error: unknown) => console.warn("refreshing people failed", error));
  };

  // The page was rendered before the socket connected, and a reconnect may have missed changes.
  useOnConnect(refresh);

  useSocketEvent("presence:update", (update) => {
    if (update.userId !== me.id) setPeople((p) => withPresence(p, update));
  });

  useSocketEvent("message:new", (message) => {
    const next = withLastMessage(conversations, message);
    if (next) setConversations(next);
    else refresh();
  });

  return useMemo(
    () => ({ entries: buildPeopleList(people, conversations), byId: new Map(people.map((p) => [p.id, p])) }),
    [people, conversations],
  );
}
