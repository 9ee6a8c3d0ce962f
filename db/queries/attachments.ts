/**
 * A file as a message carries it (messages.attachments, JSON): what every reader needs to show it,
 * copied from its `uploads` row when the message is stored. The bytes' keys stay in `uploads`.
 */
export interface StoredAttachment {
  id: number;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  /** A thumbnail was made (images). */
  thumbnail: boolean;
}

/** The column as stored; anything unreadable counts as no files rather than failing a whole page. */
export function parseAttachments(json: string | null | undefined): StoredAttachment[] {
  if (!json || json === "[]") return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as StoredAttachment[]) : [];
  } catch {
    return [];
  }
}
