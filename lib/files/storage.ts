import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Where uploaded bytes live, by key. Two adapters: a folder on local disk (the default, under
 * DATA_DIR/uploads) and an S3-compatible bucket (lib/files/s3-storage.ts) so that several hosts
 * share files. Keys are
 * random (newStorageKey), never a file's name.
 */
export interface FileStorage {
  /** Stores the stream's `size` bytes under `key`; resolves once they are all written. */
  put(key: string, body: Readable, type: string, size: number): Promise<void>;
  /** The bytes and their length, or null when there is no such file. */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  /** Removes the file; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** 144 random bits, URL-safe: unguessable, and safe as a file name on any disk. */
export function newStorageKey(): string {
  return randomBytes(18).toString("base64url");
}

/** What newStorageKey makes: checked wherever a key could come from outside the database. */
export function isStorageKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{16,64}$/.test(key);
}

/**
 * Files under `root`, spread over 4096 folders by the key's first two characters so no folder
 * grows huge. A file is written under a temporary name and renamed when complete, so a reader
 * never sees half of one and a crash leaves only a `.part` to sweep.
 */
export function createDiskStorage(root: string): FileStorage {
  const where = (key: string) => {
    // Keys come from the database, never from a request; checked all the same, so that no path
    // can be formed outside the folder.
    if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(key, body) {
      const file = where(key);
      await mkdir(path.dirname(file), { recursive: true });
      const part = `${file}.${randomBytes(4).toString("hex")}.part`;
      try {
        await pipeline(body, createWriteStream(part, { flags: "wx" }));
        await rename(part, file);
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    },
    async get(key) {
      const file = where(key);
      try {
        const { size } = await stat(file);
        return { body: createReadStream(file), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(where(key), { force: true });
    },
  };
}
