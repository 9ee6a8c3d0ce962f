"use client";

import { useRouter } from "next/navigation";
import { useState, type MouseEvent } from "react";
import { ApiError } from "./api";

/**
 * Opening something that has to be created or joined first (a new private conversation, the lobby):
 * the change is a POST made by our own page, then the browser goes to its stable URL. A plain link
 * with the same href stays usable (new tab, no script) and lands on a page that asks first.
 */
export function useOpenByPost(open: () => Promise<number>) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = () => {
    setPending(true);
    setError(null);
    open()
      .then((id) => router.push(`/c/${id}`))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : "Could not open the conversation"))
      .finally(() => setPending(false));
  };
  const onClick = (event: MouseEvent<HTMLElement>) => {
    // Modified clicks keep their meaning (new tab or window): that tab gets the asking page.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    run();
  };
  return { onClick, run, error, pending };
}
