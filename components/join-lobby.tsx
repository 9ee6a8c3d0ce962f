"use client";

import { useState } from "react";
import { ApiError, joinConversation } from "@/lib/client/api";

/**
 * In place of the message box while I am not in the lobby: reading it is open to all, joining is a
 * deliberate press (a visit alone, which a link on any site can cause, changes nothing).
 */
export function JoinLobby({ conversationId, onJoined }: { conversationId: number; onJoined: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = () => {
    setPending(true);
    setError(null);
    joinConversation(conversationId)
      .then(onJoined)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : "Could not join"))
      .finally(() => setPending(false));
  };
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-700">
      <p>Everyone can read the Lobby. Join it to write here and to count its new messages.</p>
      <button
        type="button"
        onClick={join}
        disabled={pending}
        className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
      >
        Join the Lobby
      </button>
      <p role="alert" className="text-red-700 dark:text-red-300">
        {error}
      </p>
    </div>
  );
}
