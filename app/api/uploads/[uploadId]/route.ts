import { fileRoute } from "@/lib/http/file-response";

/** A file's bytes, for the members who see the message it was sent with (404 for anyone else). */
export const GET = fileRoute("file");
