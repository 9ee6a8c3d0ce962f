import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { fileTypeFromBuffer, fileTypeFromFile } from "file-type";
import { ChatError } from "../chat/errors";
import { cleanFileName } from "./names";
import { isAllowedType, looksLikeText } from "./types";

/** What the first bytes are read for: enough for file-type to recognise every format it knows. */
const SNIFF_BYTES = 4100;

/** Where files are received before they are checked and stored (each instance's own disk). */
export const incomingDir = (uploadsDir: string): string => path.join(uploadsDir, ".incoming");

export interface ReceivedFile {
  /** A temporary file holding the bytes: the caller moves it on and removes it. */
  tempPath: string;
  name: string;
  /** From the bytes. */
  type: string;
  size: number;
}

export interface ReceiveLimits {
  /** Bytes beyond which the upload is refused with 413 as soon as they arrive. */
  maxBytes: number;
  /** The words of that refusal. */
  tooLarge: string;
}

const tooLarge = (limits: ReceiveLimits) => new ChatError("payload_too_large", limits.tooLarge);
const badForm = (why: string) => new ChatError("invalid", `Send one file as multipart/form-data in the field "file": ${why}`);
const notAllowed = () => new ChatError("unsupported_media_type", "This type of file is not allowed");

/**
 * Streams one multipart field `file` to a temporary file under `tempDir`, never holding it in
 * memory: refused with 413 the moment it passes `limits.maxBytes`, and with 415 as soon as its
 * first bytes show a type that is not allowed. Anything but exactly one file is a 400. On any
 * refusal nothing is kept and the rest of the request is not read.
 */
export async function receiveOneFile(
  contentType: string | null,
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null,
  tempDir: string,
  limits: ReceiveLimits,
): Promise<ReceivedFile> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType) || !/boundary=/i.test(contentType)) {
    throw badForm("the Content-Type must be multipart/form-data with a boundary");
  }
  if (!body) throw badForm("the body is empty");
  await mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, `${Date.now()}-${randomBytes(8).toString("hex")}.incoming`);
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  let parser: busboy.Busboy;
  try {
    // One byte over the limit is how busboy tells "too large" from "exactly at the limit".
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as raw UTF-8.
      defParamCharset: "utf8",
      limits: { files: 1, fileSize: limits.maxBytes, fields: 0, parts: 2, headerPairs: 10, fieldNameSize: 50 },
    });
  } catch {
    throw badForm("the Content-Type could not be read");
  }

  let sawFile = false;
  // Ends the file's copy when the request is refused for another reason while it is written.
  const abandon = new AbortController();
  let writing = null as Promise<ReceivedFile> | null;
  const received = new Promise<ReceivedFile>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on("file", (field, stream, info) => {
      if (field !== "file" || sawFile) {
        stream.resume();
        return fail(badForm(`unexpected field "${field}"`));
      }
      sawFile = true;
      writing = writeFile(stream, tempPath, limits, cleanFileName(info.filename ?? ""), abandon.signal);
      writing
        .then((file) => {
          if (settled) return;
          settled = true;
          resolve(file);
        })
        .catch(fail);
    });
    parser.on("field", (field) => fail(badForm(`unexpected field "${field}"`)));
    parser.on("filesLimit", () => fail(badForm("only one file per request")));
    parser.on("fieldsLimit", () => fail(badForm("only the field file is read")));
    parser.on("partsLimit", () => fail(badForm("only one part per request")));
    parser.on("error", (error) => fail(badForm((error as Error).message)));
    parser.on("close", () => {
      if (!sawFile) fail(badForm("no file was sent"));
    });
    source.on("error", (error) => fail(badForm(`the body ended early (${error.message})`)));
  });
  source.pipe(parser);
  try {
    return await received;
  } catch (error) {
    // Stop reading what is left of the request, and keep nothing of it.
    source.unpipe(parser);
    source.destroy();
    // The temporary file is removed only once nothing can open or write it any more: its stream
    // creates it asynchronously, so removing it earlier could leave it behind.
    abandon.abort(error);
    await writing?.catch(() => undefined);
    await rm(tempPath, { force: true });
    throw error;
  }
}

/** The file part's bytes to `tempPath`, checked as they come; its type from the whole file at the end. */
async function writeFile(
  stream: Readable & { truncated?: boolean },
  tempPath: string,
  limits: ReceiveLimits,
  name: string,
  abandoned: AbortSignal,
): Promise<ReceivedFile> {
  const out = createWriteStream(tempPath, { flags: "wx" });
  // A disk error ends the copy below; without a listener it would be thrown at the process.
  let diskError: Error | null = null;
  out.on("error", (error) => (diskError ??= error));
  let stopped = false;
  let size = 0;
  let head = Buffer.alloc(0);
  let sniffed = false;
  try {
    // busboy stops passing bytes on at the limit but reads to the end of the part; the refusal
    // must not wait for that, so the limit event ends the wait at once.
    const limitHit = new Promise<never>((_, reject) => stream.once("limit", () => reject(tooLarge(limits))));
    limitHit.catch(() => undefined);
    const abandonedWait = new Promise<never>((_, reject) => {
      if (abandoned.aborted) reject(abandoned.reason);
      abandoned.addEventListener("abort", () => reject(abandoned.reason), { once: true });
    });
    abandonedWait.catch(() => undefined);
    const copy = (async () => {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (stopped) return;
        if (diskError) throw diskError;
        size += chunk.length;
        if (!sniffed) {
          head = Buffer.concat([head, chunk]);
          if (head.length >= SNIFF_BYTES) {
            sniffed = true;
            await refuseEarly(head);
          }
        }
        if (stopped) return;
        if (!out.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              out.off("drain", done);
              out.off("close", done);
              resolve();
            };
            out.on("drain", done);
            out.on("close", done);
          });
        }
      }
    })();
    // Whichever loses is still settled later; nothing may be left unhandled.
    copy.catch(() => undefined);
    await Promise.race([copy, limitHit, abandonedWait]);
    if (stream.truncated) throw tooLarge(limits);
    if (diskError) throw diskError;
    out.end();
    await finished(out);
    if (!sniffed) await refuseEarly(head);
  } catch (error) {
    stopped = true;
    stream.resume();
    // Destroying waits for the file's opening to finish; the caller removes it after "close".
    if (!out.closed) {
      const closed = once(out, "close");
      out.destroy();
      await closed.catch(() => undefined);
    }
    throw error;
  }
  if (size === 0) throw new ChatError("invalid", "The file is empty");
  // The whole file decides (an office document is a zip whose kind shows past the first bytes).
  const detected = (await fileTypeFromFile(tempPath))?.mime ?? (looksLikeText(head.subarray(0, SNIFF_BYTES)) ? "text/plain" : null);
  if (!detected || !isAllowedType(detected)) throw notAllowed();
  return { tempPath, name, type: detected, size };
}

/** Refuses a file whose first bytes already show a type that is not allowed, before reading the rest. */
async function refuseEarly(head: Buffer): Promise<void> {
  const type = (await fileTypeFromBuffer(head))?.mime;
  if (type ? !isAllowedType(type) : !looksLikeText(head.subarray(0, SNIFF_BYTES))) throw notAllowed();
}
