import type { PublicUser } from "../chat/types";

/** A reload closes the socket and opens another within a second or two; this hides that gap. */
export const PRESENCE_GRACE_MS = 3000;

export type PresenceListener = (user: PublicUser, online: boolean) => void;

/** Presence as the rest of the app sees it, on one instance or shared by several. */
export interface Presence {
  add(user: PublicUser): void;
  remove(user: PublicUser): void;
  /** Called when a person comes online anywhere or is gone everywhere. */
  onChange(listener: PresenceListener): void;
  onlineUserIds(): Promise<Set<number>>;
  close(): Promise<void>;
}

/**
 * Who has at least one socket open on this instance. Counting sockets (not users) keeps a person
 * online while any tab is connected; "offline" is announced only after the grace period passes
 * with no socket back, so reloads and quick reconnects never flash offline.
 */
export class PresenceTracker implements Presence {
  private readonly sockets = new Map<number, number>();
  private readonly leaving = new Map<number, ReturnType<typeof setTimeout>>();
  private listener: PresenceListener = () => {};

  constructor(private readonly graceMs = PRESENCE_GRACE_MS) {}

  onChange(listener: PresenceListener): void {
    this.listener = listener;
  }

  add(user: PublicUser): void {
    const count = (this.sockets.get(user.id) ?? 0) + 1;
    this.sockets.set(user.id, count);
    const pending = this.leaving.get(user.id);
    if (pending) {
      // Back within the grace period: nobody was told they left, so there is nothing to announce.
      clearTimeout(pending);
      this.leaving.delete(user.id);
      return;
    }
    if (count === 1) this.listener(user, true);
  }

  remove(user: PublicUser): void {
    const count = (this.sockets.get(user.id) ?? 0) - 1;
    if (count > 0) {
      this.sockets.set(user.id, count);
      return;
    }
    this.sockets.delete(user.id);
    if (this.leaving.has(user.id)) return;
    this.leaving.set(
      user.id,
      setTimeout(() => {
        this.leaving.delete(user.id);
        this.listener(user, false);
      }, this.graceMs),
    );
  }

  isOnline(userId: number): boolean {
    return this.sockets.has(userId) || this.leaving.has(userId);
  }

  /** Users with a socket here, or who left less than the grace period ago. */
  localIds(): Set<number> {
    return new Set([...this.sockets.keys(), ...this.leaving.keys()]);
  }

  async onlineUserIds(): Promise<Set<number>> {
    return this.localIds();
  }

  async close(): Promise<void> {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
  }
}
