/** Clients refresh every few seconds while typing; without a refresh the indicator goes out by itself. */
export const TYPING_TTL_MS = 6000;
/** How often the browser refreshes while someone keeps typing (lib/client/use-typing-sender.ts). */
export const TYPING_REFRESH_MS = 2500;
/**
 * The shortest gap between two accepted starts or refreshes of one person in one conversation.
 * Shorter than the client's refresh, so an honest refresh delayed or bunched up by the network
 * (half a second of jitter) still counts; anything faster is a flood and is dropped.
 */
export const TYPING_MIN_INTERVAL_MS = 2000;

type Key = `${number}:${number}`;

interface Entry {
  /** When the last start or refresh was accepted. */
  acceptedAt: number;
  /** The expiry while typing; while not typing, the end of the cool-down after a stop. */
  timer: ReturnType<typeof setTimeout>;
  typing: boolean;
}

/** What a `typing: true` amounted to: news to tell others, a refresh to tell them again, or a flood to drop. */
export type TypingStart = "started" | "refreshed" | "dropped";

/**
 * Who is typing where, with an expiry per (conversation, user). The server owns the expiry so a
 * typer whose tab froze or vanished never leaves "is typing..." on anyone's screen. It also paces
 * each person: at most one accepted start or refresh per conversation every TYPING_MIN_INTERVAL_MS,
 * also across a stop, so alternating true and false cannot flood either.
 */
export class TypingTracker {
  private readonly entries = new Map<Key, Entry>();

  constructor(
    private readonly onStop: (conversationId: number, userId: number) => void,
    private readonly ttlMs = TYPING_TTL_MS,
    private readonly minIntervalMs = TYPING_MIN_INTERVAL_MS,
  ) {}

  start(conversationId: number, userId: number): TypingStart {
    const key: Key = `${conversationId}:${userId}`;
    const existing = this.entries.get(key);
    const now = Date.now();
    if (existing && now - existing.acceptedAt < this.minIntervalMs) return "dropped";
    if (existing) clearTimeout(existing.timer);
    this.entries.set(key, {
      acceptedAt: now,
      typing: true,
      timer: setTimeout(() => {
        this.entries.delete(key);
        this.onStop(conversationId, userId);
      }, this.ttlMs),
    });
    return existing?.typing ? "refreshed" : "started";
  }

  /** Returns true when the user was typing there, i.e. when others must be told it stopped. */
  stop(conversationId: number, userId: number): boolean {
    const key: Key = `${conversationId}:${userId}`;
    const existing = this.entries.get(key);
    if (!existing?.typing) return false;
    clearTimeout(existing.timer);
    // Remembered until the interval since the last start is over: a start right after is still paced.
    const coolDown = Math.max(0, existing.acceptedAt + this.minIntervalMs - Date.now());
    this.entries.set(key, {
      acceptedAt: existing.acceptedAt,
      typing: false,
      timer: setTimeout(() => this.entries.delete(key), coolDown),
    });
    return true;
  }

  /**
   * After a message from the user there: stops their typing (true when others must be told) and
   * forgets the pace, so starting on the next message shows at once. Sends have their own, stricter
   * limit, so this opens no flood.
   */
  sent(conversationId: number, userId: number): boolean {
    const key: Key = `${conversationId}:${userId}`;
    const existing = this.entries.get(key);
    if (!existing) return false;
    clearTimeout(existing.timer);
    this.entries.delete(key);
    return existing.typing;
  }

  /** Conversations where the user is typing (to clear them when they leave). */
  conversationsOf(userId: number): number[] {
    const out: number[] = [];
    for (const [key, entry] of this.entries) {
      const [conversationId, typer] = key.split(":").map(Number);
      if (entry.typing && typer === userId && conversationId !== undefined) out.push(conversationId);
    }
    return out;
  }

  clear(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.entries.clear();
  }
}
