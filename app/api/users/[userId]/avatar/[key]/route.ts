import { ChatError } from "@/lib/chat/errors";
import { openAvatar } from "@/lib/files/avatars";
import { isStorageKey } from "@/lib/files/storage";
import { fileReader, fileResponse } from "@/lib/http/file-response";
import { idFromUrl, type IdContext } from "@/lib/http/params";
import { publicRoute } from "@/lib/http/route";
import { getServices } from "@/lib/services";

/** Someone's current photo (256 px WebP), for anyone signed in; the key is the photo's version. */
export const GET = publicRoute<IdContext<"userId" | "key">>(async (_request, context) => {
  await fileReader();
  const userId = await idFromUrl(context, "userId");
  const key = (await context.params).key;
  if (!isStorageKey(key)) throw new ChatError("not_found", "Photo not found");
  return fileResponse(await openAvatar(getServices(), userId, key));
});
