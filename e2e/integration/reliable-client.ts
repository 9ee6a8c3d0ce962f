import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import type { ChatMessage, SyncPage } from "@/lib/chat/types";
import type { TestSocket, TestUser } from "./harness";

const ACK_TIMEOUT_MS = 3000;
const CONNECT_TIMEOUT_MS = 2000;

/**
 * A chat client that behaves like the browser app under failure: it reconnects to whichever
 * instance answers (a load balancer in miniature), catches up by id after every connect and on
 * `sync:required`, and resends a message with the same clientId until it is acknowledged.
 */
export class ReliableClient {
  /** Every stored message this client holds, by id (live pushes and catch-up merged). */
  readonly received = new Map<number, ChatMessage>();
  /** How often each id was pushed live (more than once would be a double emit). */
  readonly livePushes = new Map<number, number>();
  reconnects = 0;
  /** Sends answered `busy` by a stopping instance (then sent again). */
  busyAnswers = 0;
  /**
   * This client's place in the change log: it moves only with catch-up answers, which read the
   * log in commit order. A live push proves nothing about changes still in flight.
   */
  private syncedUpTo = "0";
  private socket: TestSocket | null = null;
  private url: string | null = null;
  private stopped = false;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly user: TestUser,
    private readonly urls: string[],
  ) {}

  async start(): Promise<void> {
    await this.ensureConnected();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.disconnect();
  }

  get connectedTo(): string | null {
    return this.socket?.connected ? this.url : null;
  }

  /**
   * Sends until acknowledged (same clientId every attempt); rejects only on a refusal. `busy` (the
   * instance is stopping) is not one: like the app's outbox, it waits as asked and sends again.
   */
  async send(conversationId: number, body: string): Promise<ChatMessage> {
    const clientId = randomUUID().replaceAll("-", "");
    for (;;) {
      if (this.stopped) throw new Error("client stopped");
      await this.ensureConnected();
      const socket = this.socket;
      if (!socket?.connected) continue;
      try {
        const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:send", { conversationId, body, clientId });
        if (!ack.ok && ack.code === "busy") {
          this.busyAnswers++;
          await new Promise((resolve) => setTimeout(resolve, ack.retryAfterMs ?? 1000));
          continue;
        }
        if (!ack.ok) throw new Error(`refused: ${ack.error}`);
        this.add([ack.message]);
        return ack.message;
      } catch (error) {
        if ((error as Error).message.startsWith("refused")) throw error;
        // Timed out or the connection dropped: try again, on whichever instance answers.
      }
    }
  }

  /** Resolves once `condition` holds, re-checked on every message received; rejects after `ms`. */
  waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${this.user.username}: timed out waiting for ${what}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  private add(messages: readonly ChatMessage[]): void {
    for (const m of messages) this.received.set(m.id, m);
    for (const waiter of [...this.waiters]) waiter();
  }

  private ensureConnected(): Promise<void> {
    if (this.socket?.connected) return Promise.resolve();
    this.connecting ??= this.connectAny().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connectAny(): Promise<void> {
    for (let round = 0; !this.stopped; round++) {
      for (const url of this.urls) {
        const socket = await this.tryConnect(url);
        if (!socket) continue;
        this.socket = socket;
        this.url = url;
        try {
          await this.catchUp(url);
          return;
        } catch {
          socket.close(); // this instance went away while we caught up: try the next one
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** round, 1000)));
    }
  }

  private tryConnect(url: string): Promise<TestSocket | null> {
    const socket: TestSocket = io(url, {
      transports: ["websocket"],
      extraHeaders: { cookie: this.user.cookie, origin: url },
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    return new Promise((resolve) => {
      socket.once("connect", () => {
        socket.on("message:new", (message) => {
          this.livePushes.set(message.id, (this.livePushes.get(message.id) ?? 0) + 1);
          this.add([message]);
        });
        socket.on("sync:required", () => void this.catchUp(url).catch(() => {}));
        socket.once("disconnect", () => {
          if (this.stopped) return;
          this.reconnects += 1;
          void this.ensureConnected();
        });
        resolve(socket);
      });
      socket.once("connect_error", () => {
        socket.close();
        resolve(null);
      });
    });
  }

  private async catchUp(url: string): Promise<void> {
    for (;;) {
      const response = await fetch(`${url}/api/sync?after=${encodeURIComponent(this.syncedUpTo)}&limit=500`, {
        headers: { cookie: this.user.cookie },
      });
      if (!response.ok) throw new Error(`sync answered ${response.status}`);
      const page = (await response.json()) as SyncPage;
      this.add(page.messages);
      this.syncedUpTo = page.cursor;
      if (!page.hasMore) return;
    }
  }
}
