"use client";

import { useEffect, useState } from "react";
import { TYPING_TTL_MS } from "../realtime/typing";
import { useSocketEvent } from "./use-socket-event";

export interface Typer {
  userId: number;
  username: string;
  expiresAt: number;
}

/** conversationId → who is typing there now. */
export type TypingMap = ReadonlyMap<number, readonly Typer[]>;

// A little longer than the server's own expiry, so the server's "stopped" normally arrives first.
const LOCAL_TTL_MS = TYPING_TTL_MS + 2000;

function without(map: TypingMap, conversationId: number, userId: number): TypingMap {
  const typers = map.get(conversationId);
  if (!typers?.some((t) => t.userId === userId)) return map;
  const next = new Map(map);
  const rest = typers.filter((t) => t.userId !== userId);
  if (rest.length) next.set(conversationId, rest);
  else next.delete(conversationId);
  return next;
}

/** Live "is typing..." state for every conversation, which also expires on its own. */
export function useTypingIndicators(): TypingMap {
  const [typing, setTyping] = useState<TypingMap>(new Map());

  useSocketEvent("typing", (update) => {
    setTyping((map) => {
      if (!update.typing) return without(map, update.conversationId, update.userId);
      const next = new Map(map);
      const rest = (map.get(update.conversationId) ?? []).filter((t) => t.userId !== update.userId);
      next.set(update.conversationId, [
        ...rest,
        { userId: update.userId, username: update.username, expiresAt: Date.now() + LOCAL_TTL_MS },
      ]);
      return next;
    });
  });

  // A message from someone ends their typing there.
  useSocketEvent("message:new", (message) => {
    setTyping((map) => without(map, message.conversationId, message.senderId));
  });

  useEffect(() => {
    let soonest = Infinity;
    for (const typers of typing.values()) for (const t of typers) soonest = Math.min(soonest, t.expiresAt);
    if (soonest === Infinity) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setTyping((map) => {
          const next = new Map<number, readonly Typer[]>();
          for (const [id, typers] of map) {
            const live = typers.filter((t) => t.expiresAt > now);
            if (live.length) next.set(id, live);
          }
          return next;
        });
      },
      Math.max(0, soonest - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  return typing;
}

/** "alice is typing...", "alice and bob are typing...", each by the name shown for them. */
export function typingText(typers: readonly Typer[] | undefined, nameOf: (userId: number, username: string) => string = (_id, username) => username): string {
  if (!typers?.length) return "";
  const names = typers.map((t) => nameOf(t.userId, t.username));
  if (names.length === 1) return `${names[0]} is typing...`;
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are typing...`;
  return `${names.length} people are typing...`;
}
