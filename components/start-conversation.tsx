"use client";

import { startPrivateConversation } from "@/lib/client/api";
import { useOpenByPost } from "@/lib/client/use-open-by-post";

/** Reached by a link (from anywhere): starting a conversation is one deliberate press, never the visit itself. */
export function StartConversation({ peerId, peerName }: { peerId: number; peerName: string }) {
  const { run, error, pending } = useOpenByPost(() => startPrivateConversation(peerId));
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-center">
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">
          Start a conversation with <bdi>{peerName}</bdi>
        </h1>
        <button
          type="button"
          onClick={run}
          disabled={pending}
          className="rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
        >
          Message <bdi>{peerName}</bdi>
        </button>
        <p role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      </div>
    </div>
  );
}
