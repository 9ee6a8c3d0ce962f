/**
 * A password change ends every session, this tab's socket included, and then signs this tab in
 * again. While that is under way, a server-closed socket here is expected: the connection banner
 * waits for the renewal and reconnects with the new cookie instead of sending the person to sign in.
 */
let renewal: Promise<boolean> | null = null;

/** Marks a session renewal (resolving true when this tab is signed in again) for as long as it runs. */
export function duringSessionRenewal(work: Promise<boolean>): Promise<boolean> {
  const current = work.finally(() => {
    if (renewal === current) renewal = null;
  });
  renewal = current;
  return current;
}

/** The renewal under way, if any. */
export function sessionRenewal(): Promise<boolean> | null {
  return renewal;
}
