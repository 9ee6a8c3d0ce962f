import { rm, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ChatError } from "../chat/errors";
import { takeGroupChange } from "../chat/groups";
import { announceProfile } from "../chat/profile";
import { toProfile } from "../chat/serialize";
import type { Profile, PublicUser } from "../chat/types";
import type { Services } from "../services";
import { squarePhoto } from "./images";
import { incomingDir, receiveOneFile } from "./receive";
import { newStorageKey } from "./storage";
import { isInlineImage } from "./types";
import type { OpenedFile } from "./uploads";

type Deps = Pick<Services, "store" | "files" | "config" | "rateLimits" | "notifier">;

const notFound = () => new ChatError("not_found", "User not found");

/**
 * A new profile photo (PUT /api/me/avatar): received through the same streaming, limits and type
 * checks as any upload, then cropped square around what matters in it, 256 px, WebP, without
 * metadata, stored under a random key. The photo it replaces is deleted; everyone hears of it.
 */
export async function setProfilePhoto(
  services: Deps,
  user: PublicUser,
  request: { contentType: string | null; body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null },
): Promise<Profile> {
  const { files, config } = services;
  await takeGroupChange(services, user);
  const received = await receiveOneFile(request.contentType, request.body, incomingDir(config.uploadsDir), {
    maxBytes: config.maxUploadBytes,
    tooLarge: `Too large: ${Math.round(config.maxUploadBytes / (1024 * 1024))} MB at most`,
  });
  const square = `${received.tempPath}.square`;
  const key = newStorageKey();
  let stored = false;
  try {
    if (!isInlineImage(received.type)) throw new ChatError("unsupported_media_type", "A profile photo must be a JPEG, PNG, GIF or WebP image");
    await squarePhoto(received.tempPath, square);
    await files.put(key, createReadStream(square), "image/webp", (await stat(square)).size);
    stored = true;
    const changed = await services.store.setAvatar(user.id, key);
    if (!changed) throw notFound();
    stored = false;
    if (changed.previousKey) await files.delete(changed.previousKey).catch(() => undefined);
    const profile = toProfile(changed.profile);
    announceProfile(services, profile);
    return profile;
  } finally {
    await Promise.all([rm(received.tempPath, { force: true }), rm(square, { force: true }), stored ? files.delete(key).catch(() => undefined) : undefined]);
  }
}

/** Back to initials (DELETE /api/me/avatar). */
export async function removeProfilePhoto(services: Deps, user: PublicUser): Promise<Profile> {
  await takeGroupChange(services, user);
  const changed = await services.store.setAvatar(user.id, null);
  if (!changed) throw notFound();
  if (changed.previousKey) await services.files.delete(changed.previousKey).catch(() => undefined);
  const profile = toProfile(changed.profile);
  if (changed.previousKey) announceProfile(services, profile);
  return profile;
}

/**
 * Someone's current photo, for anyone signed in (everyone sees everyone in People). The key in the
 * URL must be the current one: an old photo is gone, and a storage key of anything else is not a
 * photo.
 */
export async function openAvatar(services: Pick<Services, "store" | "files">, userId: number, key: string): Promise<OpenedFile> {
  const profile = await services.store.getProfile(userId);
  if (!profile?.avatarKey || profile.avatarKey !== key) throw new ChatError("not_found", "Photo not found");
  const file = await services.files.get(key);
  if (!file) throw new ChatError("not_found", "Photo not found");
  return { ...file, type: "image/webp", name: `${profile.username}.webp`, inline: true };
}
