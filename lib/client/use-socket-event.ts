"use client";

import { useEffect, useRef } from "react";
import type { ServerToClientEvents } from "../realtime/events";
import { getSocket } from "./socket";

/**
 * Subscribes for the component's lifetime. The listener is registered once and reads the latest
 * handler through a ref, so re-renders never stack listeners (StrictMode mounts twice too).
 */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const socket = getSocket();
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (ref.current as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args)) as ServerToClientEvents[E];
    // socket.io-client's typed `on` cannot relate a generic E to its listener type.
    (socket.on as (e: E, l: ServerToClientEvents[E]) => void)(event, listener);
    return () => {
      (socket.off as (e: E, l: ServerToClientEvents[E]) => void)(event, listener);
    };
  }, [event]);
}

/** Runs on every (re)connection of the shared socket, including one that happened before mount. */
export function useOnConnect(handler: (reconnect: boolean) => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const socket = getSocket();
    let connectedBefore = false;
    const listener = () => {
      ref.current(connectedBefore);
      connectedBefore = true;
    };
    if (socket.connected) listener();
    socket.on("connect", listener);
    return () => {
      socket.off("connect", listener);
    };
  }, []);
}
