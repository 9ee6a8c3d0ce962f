"use client";

import type { ChatMessage } from "../chat/types";
import { publishIncoming } from "./incoming";
import type { PendingMessage } from "./message-list";
import { getSocket } from "./socket";
import { refusalText } from "./refusals";

const ACK_TIMEOUT_MS = 5000;
/** Timeouts in a row, while connected, before a message is shown as failed with Retry. */
const ATTEMPTS_WHILE_CONNECTED = 3;

type Listener = () => void;

/**
 * Messages I wrote that the server has not acknowledged, kept in localStorage so they survive a
 * reload or a closed tab. They go out one at a time, oldest first, with their original clientId,
 * whenever the socket is connected; the server stores each clientId once, so a resend after a lost
 * ack (or from a second tab with the same outbox) never makes a duplicate.
 */
export class Outbox {
  private items: PendingMessage[];
  private readonly listeners = new Set<Listener>();
  private pumping = false;

  constructor(private readonly storageKey: string) {
    this.items = this.load();
    window.addEventListener("storage", (event) => {
      if (event.key !== this.storageKey) return;
      this.items = this.load();
      this.notify();
    });
    const socket = getSocket();
    socket.on("connect", () => void this.pump());
    if (socket.connected) void this.pump();
  }

  snapshot = (): readonly PendingMessage[] => this.items;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  add(message: Omit<PendingMessage, "status">): void {
    this.update([...this.items, { ...message, status: "sending" }]);
    void this.pump();
  }

  retry(clientId: string): void {
    this.update(this.items.map((m) => (m.clientId === clientId ? { ...m, status: "sending", error: undefined } : m)));
    void this.pump();
  }

  /** Stored copies of my messages settle their pending entries, however they arrived. */
  settle(stored: readonly ChatMessage[]): void {
    const done = new Set(stored.map((m) => m.clientId));
    if (this.items.some((m) => done.has(m.clientId))) this.update(this.items.filter((m) => !done.has(m.clientId)));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const socket = getSocket();
    try {
      let timeouts = 0;
      while (socket.connected) {
        const next = this.items.find((m) => m.status === "sending");
        if (!next) break;
        try {
          const answer = await socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck("message:send", {
              conversationId: next.conversationId,
              body: next.body,
              clientId: next.clientId,
              ...(next.attachments?.length ? { attachmentIds: next.attachments.map((a) => a.id) } : {}),
              ...(next.replyTo ? { replyToId: next.replyTo.id } : {}),
            });
          timeouts = 0;
          if (answer.ok) {
            this.settle([answer.message]);
            publishIncoming([answer.message], "ack");
          } else if (answer.code === "rate_limited" || answer.code === "busy") {
            // Transient (too fast, or this server is restarting): say so, wait as long as the
            // server asks, then go on in order (after a restart, on the new connection).
            this.setNote(next.clientId, answer.code === "busy" ? "Server restarting, waiting…" : "Sending too fast, waiting…");
            await new Promise((resolve) => setTimeout(resolve, answer.retryAfterMs ?? 1000));
            this.setNote(next.clientId, undefined);
          } else {
            this.setFailed(next.clientId, refusalText(answer));
          }
        } catch {
          // No ack in time. While still connected, resend the same message (same clientId).
          if (socket.connected && ++timeouts >= ATTEMPTS_WHILE_CONNECTED) {
            this.setFailed(next.clientId, "Not sent");
            timeouts = 0;
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private setNote(clientId: string, error: string | undefined): void {
    this.update(this.items.map((m) => (m.clientId === clientId ? { ...m, error } : m)));
  }

  private setFailed(clientId: string, error: string): void {
    this.update(this.items.map((m) => (m.clientId === clientId ? { ...m, status: "failed", error } : m)));
  }

  private update(items: PendingMessage[]): void {
    this.items = items;
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(items));
    } catch {
      // Storage full or blocked: the outbox still works for this tab's lifetime.
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private load(): PendingMessage[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(this.storageKey) ?? "[]");
      return Array.isArray(parsed) ? (parsed as PendingMessage[]) : [];
    } catch {
      return [];
    }
  }
}

let outbox: { userId: number; box: Outbox } | null = null;

export function getOutbox(userId: number): Outbox {
  if (outbox?.userId !== userId) outbox = { userId, box: new Outbox(`chat.outbox.${userId}`) };
  return outbox.box;
}
