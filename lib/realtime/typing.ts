/** Clients refresh every few seconds while typing; without a refresh the indicator goes out by itself. */
export const TYPING_TTL_MS = 6000;

type Key = `${number}:${number}`;

/**
 * Who is typing where, with an expiry per (conversation, user). The server owns the expiry so a
 * typer whose tab froze or vanished never leaves "is typing..." on anyone's screen.
 */
export class TypingTracker {
  private readonly timers = new Map<Key, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly onStop: (conversationId: number, userId: number) => void,
    private readonly ttlMs = TYPING_TTL_MS,
  ) {}

  /** Returns true when this starts typing (not a refresh), i.e. when others must be told. */
  start(conversationId: number, userId: number): boolean {
    const key: Key = `${conversationId}:${userId}`;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.onStop(conversationId, userId);
      }, this.ttlMs),
    );
    return !existing;
  }

  /** Returns true when the user was typing there, i.e. when others must be told it stopped. */
  stop(conversationId: number, userId: number): boolean {
    const key: Key = `${conversationId}:${userId}`;
    const existing = this.timers.get(key);
    if (!existing) return false;
    clearTimeout(existing);
    this.timers.delete(key);
    return true;
  }

  /** Conversations where the user is typing (to clear them when they leave). */
  conversationsOf(userId: number): number[] {
    const out: number[] = [];
    for (const key of this.timers.keys()) {
      const [conversationId, typer] = key.split(":").map(Number);
      if (typer === userId && conversationId !== undefined) out.push(conversationId);
    }
    return out;
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
