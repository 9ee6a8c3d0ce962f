export type ReceiptKind = "delivered" | "read";
type Send = (kind: ReceiptKind, conversationId: number, messageId: number) => void;

interface Slot {
  sent: number;
  pending: number;
  timer: ReturnType<typeof setTimeout>;
}

/** The gap between two receipts of one kind for one conversation. */
export const RECEIPT_GAP_MS = 500;

/**
 * Receipts are positions, so only the newest one matters. The first goes out at once; while more
 * arrive within the gap, only the newest is sent when it ends. A burst of incoming messages (a busy
 * lobby, a storm of group changes) then costs a couple of events instead of one per message,
 * which keeps an honest tab far inside the server's per-socket event budget.
 */
export class ReceiptPacer {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly send: Send,
    private readonly gapMs = RECEIPT_GAP_MS,
  ) {}

  push(kind: ReceiptKind, conversationId: number, messageId: number): void {
    const key = `${kind}:${conversationId}`;
    const slot = this.slots.get(key);
    if (!slot) {
      this.send(kind, conversationId, messageId);
      this.slots.set(key, { sent: messageId, pending: 0, timer: setTimeout(() => this.flush(key, kind, conversationId), this.gapMs) });
      return;
    }
    if (messageId > Math.max(slot.sent, slot.pending)) slot.pending = messageId;
  }

  private flush(key: string, kind: ReceiptKind, conversationId: number): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    if (slot.pending <= slot.sent) {
      this.slots.delete(key);
      return;
    }
    this.send(kind, conversationId, slot.pending);
    slot.sent = slot.pending;
    slot.pending = 0;
    slot.timer = setTimeout(() => this.flush(key, kind, conversationId), this.gapMs);
  }
}
