/**
 * Catch-up cursors, as clients see them: opaque strings they pass back. Inside, a position in the
 * change log ("c<tx>-<seq>", docs/decisions/0013-change-log.md). A bare number is the cursor of
 * clients from before the log, which counted in message ids ("0" is the start for everyone).
 * Pure: shared by the route's validation and the domain.
 */
export type SyncCursor = { kind: "position"; tx: number; seq: number } | { kind: "message"; id: number };

const POSITION = /^c([0-9]{1,16})-([0-9]{1,16})$/;
const MESSAGE_ID = /^(0|[1-9][0-9]{0,15})$/;

const safe = (n: number) => Number.isSafeInteger(n);

export function parseSyncCursor(value: string): SyncCursor | null {
  const position = POSITION.exec(value);
  if (position) {
    const tx = Number(position[1]);
    const seq = Number(position[2]);
    return safe(tx) && safe(seq) ? { kind: "position", tx, seq } : null;
  }
  if (!MESSAGE_ID.test(value)) return null;
  const id = Number(value);
  if (!safe(id)) return null;
  return id === 0 ? { kind: "position", tx: 0, seq: 0 } : { kind: "message", id };
}

export function formatSyncCursor(position: { tx: number; seq: number }): string {
  return `c${position.tx}-${position.seq}`;
}
