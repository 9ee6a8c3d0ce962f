"use client";

import { useEffect, useState } from "react";
import { goToSignIn } from "./api";
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
    // The server ended this session (signed out elsewhere): go and sign in again. Unless it said it
    // cut this tab off for sending too much: then the socket comes back by itself after a pause.
    const onDisconnect = (reason: string) =>
      reason === "io server disconnect" && socket.closingNotice?.code !== "rate_limited" ? goToSignIn() : onDown();
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
