export type ReceiptKind = "delivered" | "read";
type Send = (kind: ReceiptKind, conversationId: number, messageId: number) => void;

interface Receipt {
  kind: ReceiptKind;
  conversationId: number;
  messageId: number;
}

/** The pacing window, and how many receipts (at most one per kind and conversation) go out in each. */
export const RECEIPT_WINDOW_MS = 500;
export const RECEIPTS_PER_WINDOW = 10;

/**
 * Receipts are positions, so only the newest one per kind and conversation matters. In each window
 * at most one goes out per kind and conversation, and at most `perWindow` in all; the rest wait for
 * the next window, keeping only their newest id. A burst (a busy lobby, a storm of group changes, a
 * reconnect that finds news in a hundred conversations) then costs a few events a second instead
 * of one per message, which keeps an honest tab far inside the server's per-socket event budget.
 * When nothing was sent lately, a receipt goes out at once.
 */
export class ReceiptPacer {
  private readonly pending = new Map<string, Receipt>();
  private readonly newestSent = new Map<string, number>();
  private readonly sentThisWindow = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: Send,
    private readonly windowMs = RECEIPT_WINDOW_MS,
    private readonly perWindow = RECEIPTS_PER_WINDOW,
  ) {}

  push(kind: ReceiptKind, conversationId: number, messageId: number): void {
    const key = `${kind}:${conversationId}`;
    if (messageId <= Math.max(this.newestSent.get(key) ?? 0, this.pending.get(key)?.messageId ?? 0)) return;
    const receipt = { kind, conversationId, messageId };
    if (!this.sentThisWindow.has(key) && this.sentThisWindow.size < this.perWindow) this.emit(key, receipt);
    else this.pending.set(key, receipt);
    this.timer ??= setTimeout(() => this.nextWindow(), this.windowMs);
  }

  private emit(key: string, receipt: Receipt): void {
    this.pending.delete(key);
    this.newestSent.set(key, receipt.messageId);
    this.sentThisWindow.add(key);
    this.send(receipt.kind, receipt.conversationId, receipt.messageId);
  }

  private nextWindow(): void {
    this.timer = null;
    this.sentThisWindow.clear();
    for (const [key, receipt] of this.pending) {
      if (this.sentThisWindow.size >= this.perWindow) break;
      this.emit(key, receipt);
    }
    // Keep the window going while anything was sent in it or still waits; a quiet one ends it.
    if (this.sentThisWindow.size > 0) this.timer = setTimeout(() => this.nextWindow(), this.windowMs);
  }
}
