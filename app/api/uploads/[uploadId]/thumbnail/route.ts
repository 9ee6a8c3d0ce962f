import { fileRoute } from "@/lib/http/file-response";

/** An image's thumbnail (WebP, at most 480 px), under the same access rule as the file. */
export const GET = fileRoute("thumbnail");
