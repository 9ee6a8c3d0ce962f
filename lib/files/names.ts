/** File names as people gave them, made safe to store, show and send back in a header. */

const NAME_MAX = 200;
// C0 and C1 controls, DEL, and the direction controls that would make "gnp.exe" read "exe.png".
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * No folders (the last part of a Windows or POSIX path), no control or direction characters, runs
 * of white space as one space, at most 200 characters (keeping the extension when cutting), and
 * never empty or a bare dot name.
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize("NFC").split(/[\\/]/u).at(-1) ?? "";
  let name = base.replace(UNSAFE, "").replace(/\s+/gu, " ").trim();
  name = name.replace(/^\.+/u, "").trim();
  const chars = [...name];
  if (chars.length > NAME_MAX) {
    const dot = name.lastIndexOf(".");
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
    name = chars.slice(0, NAME_MAX - keep.length).join("") + keep.join("");
  }
  return name === "" ? "file" : name;
}

/**
 * A Content-Disposition value naming the file: an ASCII fallback (quotes and backslashes removed)
 * and the exact name in RFC 5987 form, which every current browser prefers.
 */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
