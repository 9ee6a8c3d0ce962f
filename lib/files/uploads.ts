import { createReadStream } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { UploadKeys, UploadRecord } from "../../db/store";
import { requireMembership } from "../chat/conversations";
import { ChatError } from "../chat/errors";
import type { Attachment, PublicUser } from "../chat/types";
import type { Services } from "../services";
import { cleanImage, makeThumbnail } from "./images";
import { incomingDir, receiveOneFile } from "./receive";
import { newStorageKey, type FileStorage } from "./storage";
import { isInlineImage } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An upload as its uploader is told of it (201), before it is attached to a message: an attachment without its URLs. */
export type UploadInfo = Omit<Attachment, "url" | "thumbnailUrl">;

type Deps = Pick<Services, "store" | "files" | "config">;

const notFound = () => new ChatError("not_found", "File not found");
const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Receives one file for a conversation (POST /api/conversations/:id/uploads): members only (404
 * for anyone else, before a byte is read), streamed to disk under the per-file and per-day limits,
 * typed from its bytes, images cleaned of metadata and thumbnailed once, stored under random keys,
 * then recorded. It is attached when a message names it (lib/chat/messages.ts).
 */
export async function receiveUpload(
  services: Deps,
  user: PublicUser,
  conversationId: number,
  request: { contentType: string | null; body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null },
): Promise<UploadInfo> {
  const { store, files, config } = services;
  await requireMembership(services, user.id, conversationId);
  const usedToday = await store.uploadedBytesSince(user.id, Date.now() - DAY_MS);
  const leftToday = config.uploadBytesPerDay - usedToday;
  if (leftToday <= 0) throw new ChatError("payload_too_large", `You have uploaded ${megabytes(config.uploadBytesPerDay)} today, the most a day allows`);
  const maxBytes = Math.min(config.maxUploadBytes, leftToday);
  const tempDir = incomingDir(config.uploadsDir);
  const received = await receiveOneFile(request.contentType, request.body, tempDir, {
    maxBytes,
    tooLarge:
      maxBytes < config.maxUploadBytes
        ? `Too large: ${megabytes(maxBytes)} is what is left of today's ${megabytes(config.uploadBytesPerDay)}`
        : `Too large: ${megabytes(config.maxUploadBytes)} at most`,
  });
  const temporary = [received.tempPath];
  const stored: string[] = [];
  try {
    let source = received.tempPath;
    let size = received.size;
    let width: number | null = null;
    let height: number | null = null;
    let thumbnailKey: string | null = null;
    if (isInlineImage(received.type)) {
      source = `${received.tempPath}.clean`;
      temporary.push(source);
      const clean = await cleanImage(received.tempPath, source, received.type);
      ({ width, height, size } = clean);
      const thumbnail = `${received.tempPath}.thumb`;
      temporary.push(thumbnail);
      await makeThumbnail(source, thumbnail);
      thumbnailKey = newStorageKey();
      await files.put(thumbnailKey, createReadStream(thumbnail), "image/webp", (await stat(thumbnail)).size);
      stored.push(thumbnailKey);
    }
    const storageKey = newStorageKey();
    await files.put(storageKey, createReadStream(source), received.type, size);
    stored.push(storageKey);
    const upload = await store.createUpload({
      conversationId,
      uploaderId: user.id,
      storageKey,
      thumbnailKey,
      name: received.name,
      type: received.type,
      size,
      width,
      height,
      createdAt: Date.now(),
    });
    // Removed from the conversation while the file arrived.
    if (!upload) throw new ChatError("not_found", "Conversation not found");
    stored.length = 0;
    return toInfo(upload);
  } finally {
    await Promise.all([...temporary.map((file) => rm(file, { force: true })), ...stored.map((key) => files.delete(key).catch(() => undefined))]);
  }
}

function toInfo(u: UploadRecord): UploadInfo {
  return {
    id: u.id,
    name: u.name,
    type: u.type,
    size: u.size,
    ...(u.width !== null && u.height !== null ? { width: u.width, height: u.height } : {}),
  };
}

export interface OpenedFile {
  body: Readable;
  size: number;
  type: string;
  name: string;
  /** Shown in the page (the inline image types and thumbnails); everything else downloads. */
  inline: boolean;
}

/**
 * A file's bytes for a reader allowed to see them: a member who sees the message it was sent with
 * (from their `visible_from` on), or its uploader before it is sent. Anyone else gets 404, as for
 * a file that does not exist.
 */
export async function openUpload(services: Pick<Services, "store" | "files">, user: PublicUser, uploadId: number, variant: "file" | "thumbnail"): Promise<OpenedFile> {
  const upload = await services.store.findReadableUpload(uploadId, user.id);
  const key = upload && (variant === "thumbnail" ? upload.thumbnailKey : upload.storageKey);
  if (!upload || !key) throw notFound();
  const file = await services.files.get(key);
  if (!file) throw notFound();
  if (variant === "thumbnail") return { ...file, type: "image/webp", name: thumbnailName(upload.name), inline: true };
  return { ...file, type: upload.type, name: upload.name, inline: isInlineImage(upload.type) };
}

const thumbnailName = (name: string) => `${name.replace(/\.[^.]*$/u, "")}-thumbnail.webp`;

/** Deletes the bytes of uploads whose rows are gone; a failure is logged, never thrown at the person. */
export async function removeFiles(files: FileStorage, keys: readonly UploadKeys[]): Promise<void> {
  await Promise.all(
    keys.flatMap((k) => [k.storageKey, k.thumbnailKey ?? []].flat()).map((key) =>
      files.delete(key).catch((error: unknown) => console.warn(`[files] could not delete ${key}`, error)),
    ),
  );
}

/**
 * Uploads never sent with a message are removed a day after they arrived, with their bytes; so are
 * temporary files a crash left behind. Runs now and then on every instance: each removal is
 * claimed by one of them.
 */
export async function sweepStaleUploads(services: Pick<Services, "store" | "files" | "config">, now = Date.now()): Promise<number> {
  let removed = 0;
  for (;;) {
    const keys = await services.store.removeStaleUploads(now - DAY_MS, 100);
    await removeFiles(services.files, keys);
    removed += keys.length;
    if (keys.length < 100) break;
  }
  const tempDir = incomingDir(services.config.uploadsDir);
  const leftovers = await readdir(tempDir).catch(() => [] as string[]);
  for (const name of leftovers) {
    const file = path.join(tempDir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > DAY_MS) await rm(file, { force: true });
  }
  return removed;
}
