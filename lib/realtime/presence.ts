/**
 * Who has at least one socket open on this instance. Counting sockets (not users) is what keeps a
 * person online while any of their tabs is connected.
 */
export class PresenceTracker {
  private readonly sockets = new Map<number, number>();

  /** Returns true when this socket made the user come online. */
  add(userId: number): boolean {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    return count === 1;
  }

  /** Returns true when this was the user's last socket. */
  remove(userId: number): boolean {
    const count = (this.sockets.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.sockets.set(userId, count);
      return false;
    }
    this.sockets.delete(userId);
    return true;
  }

  isOnline(userId: number): boolean {
    return this.sockets.has(userId);
  }
}
