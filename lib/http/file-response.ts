import { Readable } from "node:stream";
import { currentUser } from "../auth/current-user";
import { ChatError } from "../chat/errors";
import { contentDisposition } from "../files/names";
import { openUpload, type OpenedFile } from "../files/uploads";
import { getServices } from "../services";
import { idFromUrl, type IdContext } from "./params";
import { publicRoute } from "./route";

/**
 * A stored file as an HTTP answer. Every file is hostile: the type is the one sniffed at upload,
 * never guessed again by the browser (nosniff); opened on its own it runs in a sandbox with nothing
 * allowed but showing itself; and anything but the inline image types is a download. (No
 * Content-Length: Next.js drops it from streamed route answers, which go out chunked.)
 */
export function fileResponse(file: OpenedFile): Response {
  return new Response(Readable.toWeb(file.body) as unknown as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": file.type === "text/plain" ? "text/plain; charset=utf-8" : file.type,
      "Content-Disposition": contentDisposition(file.inline ? "inline" : "attachment", file.name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
      // The bytes under a URL never change (a new photo is a new URL); only this browser keeps them.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}

/** The signed-in reader; signed out reads as missing, like everything else a reader may not see. */
export async function fileReader() {
  const user = await currentUser();
  if (!user) throw new ChatError("not_found", "File not found");
  return user;
}

/** GET for an upload's bytes or thumbnail, under its access rule (lib/files/uploads.ts). */
export function fileRoute(variant: "file" | "thumbnail") {
  return publicRoute<IdContext<"uploadId">>(async (_request, context) => {
    const user = await fileReader();
    const id = await idFromUrl(context, "uploadId");
    return fileResponse(await openUpload(getServices(), user, id, variant));
  });
}
