import type { ChatServer } from "../services";
import { userRoom, type PresenceUpdate } from "./events";

/** Long enough to gather a reconnect storm into a few broadcasts, far inside the 10 s promise. */
export const PRESENCE_BATCH_MS = 200;

/**
 * Sends presence changes to everyone, gathered over a short window: when a thousand people
 * reconnect after a restart, every socket gets a few batches instead of a thousand updates each
 * (a broadcast costs one write per connected socket). A person who flapped within the window is
 * sent once, as they are now. Changes of someone who blocked others go out on their own, to
 * everyone but those they blocked.
 */
export class PresenceBroadcaster {
  private readonly pending = new Map<number, PresenceUpdate>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly io: ChatServer,
    private readonly blockedBy: (userId: number) => Promise<number[]>,
    private readonly windowMs = PRESENCE_BATCH_MS,
  ) {}

  push(update: PresenceUpdate): void {
    this.pending.set(update.userId, update);
    this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const updates = [...this.pending.values()];
    this.pending.clear();
    let hidden: number[][];
    try {
      hidden = await Promise.all(updates.map((update) => this.blockedBy(update.userId)));
    } catch (error) {
      // Without the block lists nobody can be told safely; the next change, or a reload, catches up.
      console.error("[presence] reading blocks failed", error);
      return;
    }
    const open: PresenceUpdate[] = [];
    for (const [i, update] of updates.entries()) {
      const hiddenFrom = hidden[i] ?? [];
      if (hiddenFrom.length) this.io.except(hiddenFrom.map(userRoom)).emit("presence:update", update);
      else open.push(update);
    }
    if (open.length === 1) this.io.emit("presence:update", open[0]!);
    else if (open.length > 1) this.io.emit("presence:batch", open);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
