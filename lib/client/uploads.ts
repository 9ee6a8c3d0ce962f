"use client";

import type { PendingAttachment } from "./message-list";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export class UploadError extends Error {
  constructor(
    message: string,
    /** 0: no answer (offline, connection lost). */
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Sends one file to POST /api/conversations/:id/uploads. XMLHttpRequest rather than fetch: only
 * it reports upload progress. `signal` cancels it (the Remove button).
 */
export function uploadFile(conversationId: number, file: File, onProgress: (progress: UploadProgress) => void, signal: AbortSignal): Promise<PendingAttachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/conversations/${conversationId}/uploads`);
    request.responseType = "json";
    request.setRequestHeader("accept", "application/json");
    request.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onload = () => {
      const body = request.response as { upload?: PendingAttachment; error?: string } | null;
      if (request.status === 201 && body?.upload) resolve(body.upload);
      else reject(new UploadError(explain(request.status, body?.error), request.status));
    };
    request.onerror = () => reject(new UploadError("No connection: files need one to upload", 0));
    request.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal.addEventListener("abort", () => request.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

function explain(status: number, error: string | undefined): string {
  if (status === 413) return error ? lowerFirst(error) : "too large";
  if (status === 415) return "this type of file is not allowed";
  if (status === 401) return "signed out: sign in again";
  return error ?? `upload failed (${status})`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "842 B", "12 KB", "3.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
