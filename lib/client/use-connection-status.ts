"use client";

import { useEffect, useState } from "react";
import { goToSignIn } from "./api";
import { sessionRenewal } from "./session-renewal";
import { getSocket } from "./socket";

export type ConnectionStatus = "connecting" | "online" | "offline" | "restored";

const RESTORED_NOTICE_MS = 4000;

/** Drives the connection banner: down while disconnected, "restored" for a moment after coming back. */
export function useConnectionStatus(): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  useEffect(() => {
    const socket = getSocket();
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onConnect = () => {
      clearTimeout(timer);
      if (!wasDown) return setStatus("online");
      setStatus("restored");
      timer = setTimeout(() => setStatus("online"), RESTORED_NOTICE_MS);
    };
    const onDown = () => {
      clearTimeout(timer);
      wasDown = true;
      setStatus("offline");
    };
    // The server closed this tab's connection. Cut off for sending too much: the socket comes back
    // by itself after a pause. Otherwise the session may have ended (signed out or password changed
    // elsewhere): one more handshake says, and an Unauthorized one sends the person to sign in.
    // While this tab renews its own session (its password change), that handshake waits for it.
    const onDisconnect = (reason: string) => {
      onDown();
      if (reason !== "io server disconnect" || socket.closingNotice?.code === "rate_limited") return;
      void (sessionRenewal() ?? Promise.resolve(true)).then((signedIn) => (signedIn ? socket.reconnect() : goToSignIn()));
    };
    const onConnectError = (error: Error) => (error.message.startsWith("Unauthorized") ? goToSignIn() : onDown());
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    return () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
    };
  }, []);
  return status;
}
