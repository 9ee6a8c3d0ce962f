/**
 * Which files are accepted, decided from their bytes (file-type), never from the name or the
 * browser's word: images, PDF, plain text, office documents, archives, audio and video. Anything
 * else (executables, HTML, SVG, scripts) is refused with 415.
 */
const ALLOWED = new Set([
  // Images. SVG is not here: it is a document that can run script.
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/heic",
  "image/bmp",
  "image/tiff",
  "application/pdf",
  "text/plain",
  // Office documents, as file-type names them (OOXML, OpenDocument, RTF, legacy OLE files).
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/rtf",
  "application/x-cfb",
  "application/epub+zip",
  // Archives.
  "application/zip",
  "application/gzip",
  "application/x-tar",
  "application/x-7z-compressed",
  "application/x-rar-compressed",
  "application/x-bzip2",
  "application/x-xz",
  "application/zstd",
  // Audio.
  "audio/mpeg",
  "audio/mp4",
  "audio/x-m4a",
  "audio/aac",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/x-wav",
  "audio/flac",
  "audio/x-flac",
  "audio/webm",
  // Video.
  "video/mp4",
  "video/webm",
  "video/quicktime",
  "video/x-matroska",
  "video/matroska",
  "video/ogg",
  "video/3gpp",
]);

export function isAllowedType(type: string): boolean {
  return ALLOWED.has(type);
}

/** Shown in the page itself (and thumbnailed); everything else is only ever downloaded. */
const INLINE_IMAGES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

export function isInlineImage(type: string): boolean {
  return INLINE_IMAGES.has(type);
}

/**
 * Plain text has no signature: the bytes file-type does not recognise count as text when they are
 * UTF-8 without NUL or other control bytes (tab, newline, carriage return and form feed aside).
 * `head` may end in the middle of a character.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
