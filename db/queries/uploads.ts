import type Database from "better-sqlite3";
import type { Db } from "../client";
import type { StoredAttachment } from "./attachments";

/** A received file and where its bytes are. */
export interface UploadRecord {
  id: number;
  conversationId: number;
  uploaderId: number;
  messageId: number | null;
  storageKey: string;
  thumbnailKey: string | null;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  createdAt: number;
}

export type NewUpload = Omit<UploadRecord, "id" | "messageId">;

/** Where a removed upload's bytes were: the files to delete once the removal committed. */
export interface UploadKeys {
  storageKey: string;
  thumbnailKey: string | null;
}

export const UPLOAD_COLUMNS = `up.id AS id, up.conversation_id AS conversationId, up.uploader_id AS uploaderId,
  up.message_id AS messageId, up.storage_key AS storageKey, up.thumbnail_key AS thumbnailKey, up.name AS name,
  up.type AS type, up.size AS size, up.width AS width, up.height AS height, up.created_at AS createdAt`;

/** What a message carries of an upload. */
export function toAttachment(u: Pick<UploadRecord, "id" | "name" | "type" | "size" | "width" | "height" | "thumbnailKey">): StoredAttachment {
  return { id: u.id, name: u.name, type: u.type, size: u.size, width: u.width, height: u.height, thumbnail: u.thumbnailKey !== null };
}

export function createUploadQueries(db: Db) {
  const sqlite: Database.Database = db.$client;
  const insert = sqlite.prepare<[number, number, string, string | null, string, string, number, number | null, number | null, number], UploadRecord>(
    `INSERT INTO uploads (conversation_id, uploader_id, storage_key, thumbnail_key, name, type, size, width, height, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     RETURNING id, conversation_id AS conversationId, uploader_id AS uploaderId, message_id AS messageId,
       storage_key AS storageKey, thumbnail_key AS thumbnailKey, name, type, size, width, height, created_at AS createdAt`,
  );
  // Attached: the reader is a member who sees the message (from visible_from on; a deleted message's
  // uploads are gone). Not attached yet: only its uploader.
  const readable = sqlite.prepare<[number, number, number], UploadRecord>(
    `SELECT ${UPLOAD_COLUMNS} FROM uploads up
     LEFT JOIN conversation_members cm ON cm.conversation_id = up.conversation_id AND cm.user_id = ?
     WHERE up.id = ? AND (
       (up.message_id IS NOT NULL AND cm.user_id IS NOT NULL AND up.message_id > cm.visible_from_id)
       OR (up.message_id IS NULL AND up.uploader_id = ?)
     )`,
  );
  const unattached = sqlite.prepare<[string, number, number], UploadRecord>(
    `SELECT ${UPLOAD_COLUMNS} FROM uploads up
     WHERE up.id IN (SELECT value FROM json_each(?)) AND up.uploader_id = ? AND up.conversation_id = ? AND up.message_id IS NULL`,
  );
  const attach = sqlite.prepare<[number, string]>("UPDATE uploads SET message_id = ? WHERE id IN (SELECT value FROM json_each(?))");
  const removeOfMessage = sqlite.prepare<[number], UploadKeys>(
    "DELETE FROM uploads WHERE message_id = ? RETURNING storage_key AS storageKey, thumbnail_key AS thumbnailKey",
  );
  const removeStale = sqlite.prepare<[number, number], UploadKeys>(
    `DELETE FROM uploads WHERE id IN (SELECT id FROM uploads WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)
     RETURNING storage_key AS storageKey, thumbnail_key AS thumbnailKey`,
  );
  const bytesSince = sqlite.prepare<[number, number], { n: number | null }>(
    "SELECT sum(size) AS n FROM uploads WHERE uploader_id = ? AND created_at >= ?",
  );

  return {
    insertUpload: (u: NewUpload): UploadRecord =>
      insert.get(u.conversationId, u.uploaderId, u.storageKey, u.thumbnailKey, u.name, u.type, u.size, u.width, u.height, u.createdAt)!,
    findReadableUpload: (uploadId: number, userId: number): UploadRecord | undefined => readable.get(userId, uploadId, userId),
    /** Those of `ids` this sender may attach in this conversation now, in the order asked. */
    unattachedUploads: (ids: readonly number[], senderId: number, conversationId: number): UploadRecord[] => {
      const found = new Map(unattached.all(JSON.stringify(ids), senderId, conversationId).map((u) => [u.id, u]));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    attachUploads: (ids: readonly number[], messageId: number): void => void attach.run(messageId, JSON.stringify(ids)),
    removeUploadsOfMessage: (messageId: number): UploadKeys[] => removeOfMessage.all(messageId),
    removeStaleUploads: (before: number, limit: number): UploadKeys[] => removeStale.all(before, limit),
    uploadedBytesSince: (userId: number, since: number): number => bytesSince.get(userId, since)?.n ?? 0,
  };
}
