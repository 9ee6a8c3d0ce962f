"use client";

import { useEffect, useState } from "react";
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
    socket.on("connect", onConnect);
    socket.on("disconnect", onDown);
    socket.on("connect_error", onDown);
    return () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDown);
      socket.off("connect_error", onDown);
    };
  }, []);
  return status;
}
