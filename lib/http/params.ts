import { ChatError, conversationNotFound } from "../chat/errors";
import { idParamSchema } from "../validation";

export type IdContext<K extends string> = { params: Promise<Record<K, string>> };

/** A numeric id from the URL; anything else is a 404, as a missing thing would be. */
export async function idFromUrl<K extends string>(context: IdContext<K>, key: K): Promise<number> {
  const parsed = idParamSchema.safeParse((await context.params)[key]);
  if (!parsed.success) throw key === "id" ? conversationNotFound() : new ChatError("not_found", "Not found");
  return parsed.data;
}
