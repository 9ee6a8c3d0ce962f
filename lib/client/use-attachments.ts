"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ATTACHMENTS_MAX } from "../limits";
import type { PendingAttachment } from "./message-list";
import { UploadError, uploadFile } from "./uploads";

/** A file picked for the next message: uploading, uploaded, or refused with the reason. */
export interface AttachmentChip {
  key: string;
  name: string;
  size: number;
  /** An object URL for images, for the chip's thumbnail. */
  previewUrl?: string;
  status: "uploading" | "done" | "failed";
  /** 0-100 while uploading. */
  percent: number;
  upload?: PendingAttachment;
  error?: string;
}

export interface Attachments {
  chips: readonly AttachmentChip[];
  /** Why some of the files last added were left out (past ten), until the next change. */
  note: string | null;
  /** Starts uploading each (up to ten per message). */
  add(files: readonly File[]): void;
  /** Cancels its upload if it is still going, and drops it. */
  remove(key: string): void;
  retry(key: string): void;
  /** Forgets every chip (after sending). */
  clear(): void;
}

let counter = 0;

/**
 * The files of the message being written in one conversation. Each uploads as soon as it is picked
 * (as in Slack), so Send only waits for the last bytes; a refused one says why and leaves the
 * text and the other files as they are.
 */
export function useAttachments(conversationId: number): Attachments {
  const [chips, setChips] = useState<AttachmentChip[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const files = useRef(new Map<string, { file: File; controller: AbortController }>());

  const patch = useCallback((key: string, change: Partial<AttachmentChip>) => {
    setChips((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));
  }, []);

  const start = useCallback(
    (key: string, file: File) => {
      const controller = new AbortController();
      files.current.set(key, { file, controller });
      patch(key, { status: "uploading", percent: 0, error: undefined });
      if (typeof navigator !== "undefined" && !navigator.onLine) {
        patch(key, { status: "failed", error: "No connection: files need one to upload" });
        return;
      }
      uploadFile(conversationId, file, ({ loaded, total }) => patch(key, { percent: total ? Math.min(99, Math.floor((loaded / total) * 100)) : 0 }), controller.signal)
        .then((upload) => patch(key, { status: "done", percent: 100, upload }))
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === "AbortError") return;
          patch(key, { status: "failed", error: error instanceof UploadError ? error.message : "upload failed" });
        });
    },
    [conversationId, patch],
  );

  const add = useCallback(
    (picked: readonly File[]): void => {
      const room = ATTACHMENTS_MAX - files.current.size;
      const taken = picked.slice(0, Math.max(0, room));
      const added = taken.map((file) => ({
        key: `f${++counter}`,
        name: file.name || "pasted image",
        size: file.size,
        ...(file.type.startsWith("image/") ? { previewUrl: URL.createObjectURL(file) } : {}),
        status: "uploading" as const,
        percent: 0,
      }));
      setChips((list) => [...list, ...added]);
      added.forEach((chip, i) => start(chip.key, taken[i]!));
      setNote(picked.length > taken.length ? `At most ${ATTACHMENTS_MAX} files per message: ${picked.length - taken.length} left out` : null);
    },
    [start],
  );

  const forget = useCallback((key: string) => {
    files.current.get(key)?.controller.abort();
    files.current.delete(key);
  }, []);

  const remove = useCallback(
    (key: string) => {
      forget(key);
      setNote(null);
      setChips((list) => {
        const chip = list.find((c) => c.key === key);
        if (chip?.previewUrl) URL.revokeObjectURL(chip.previewUrl);
        return list.filter((c) => c.key !== key);
      });
    },
    [forget],
  );

  const retry = useCallback(
    (key: string) => {
      const entry = files.current.get(key);
      if (entry) start(key, entry.file);
    },
    [start],
  );

  const clear = useCallback(() => {
    setNote(null);
    for (const key of [...files.current.keys()]) forget(key);
    setChips((list) => {
      for (const chip of list) if (chip.previewUrl) URL.revokeObjectURL(chip.previewUrl);
      return [];
    });
  }, [forget]);

  // Another conversation, or leaving the page: nothing carries over, uploads under way stop.
  useEffect(() => clear, [conversationId, clear]);

  return { chips, note, add, remove, retry, clear };
}
