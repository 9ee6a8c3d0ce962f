"use client";

import { useSyncExternalStore } from "react";
import { browserTimeZone } from "../time-zone";

const noSubscription = () => () => {};

/** The browser's zone, after hydrating with the one the server rendered with. */
export function useTimeZone(serverTimeZone: string): string {
  return useSyncExternalStore(noSubscription, browserTimeZone, () => serverTimeZone);
}
