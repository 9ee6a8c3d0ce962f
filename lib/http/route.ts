import type { z } from "zod";
import { currentUser } from "../auth/current-user";
import { ChallengeRequired, ChatError, type ChatErrorCode } from "../chat/errors";
import type { PublicUser } from "../chat/types";
import { describeError, errorCode, fieldErrors } from "../validation";

// Every JSON body the API takes is a few KB at most; refuse before buffering anything bigger.
export const MAX_BODY_BYTES = 32 * 1024;

/** The one shape of every API refusal: the words, a machine-readable code, and field errors where useful. */
export function jsonError(status: number, code: ChatErrorCode, error: string, details?: Record<string, string>): Response {
  return Response.json(details ? { error, code, fields: details } : { error, code }, { status });
}

/** Reads and validates a JSON body; ChatError("invalid") on anything malformed or too large. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  // A form or text/plain body is what a cross-site <form> can send without a preflight: JSON only.
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    throw new ChatError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ChatError("invalid", "Request body too large");
  const text = await readLimitedText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ChatError("invalid", "Request body must be valid JSON");
  }
  return parseWith(schema, value);
}

/** Query parameters as an object; a repeated name is refused rather than silently picking one. */
export function queryParams(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (key in out) throw new ChatError("invalid", `Repeated query parameter: ${key}`);
    out[key] = value;
  }
  return out;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ChatError(errorCode(parsed.error), describeError(parsed.error), fieldErrors(parsed.error));
  return parsed.data;
}

async function readLimitedText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ChatError("invalid", "Request body too large");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function toResponse(error: unknown): Response {
  if (error instanceof ChallengeRequired) {
    return Response.json({ error: error.message, code: error.code, challenge: error.challenge }, { status: error.status });
  }
  if (error instanceof ChatError && error.retryAfterMs !== undefined) {
    return Response.json(
      { error: error.message, code: error.code, retryAfterMs: error.retryAfterMs },
      { status: error.status, headers: { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) } },
    );
  }
  if (error instanceof ChatError) return jsonError(error.status, error.code, error.message, error.details);
  console.error("[api] unhandled error", error);
  return jsonError(500, "internal", "Internal error");
}

/** Route handler for signed-out callers too (registration). Turns refusals into `{error}` answers. */
export function publicRoute<C>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      return toResponse(error);
    }
  };
}

/** Route handler that needs a session: 401 without one, identity from the session only. */
export function userRoute<C>(handler: (request: Request, user: PublicUser, context: C) => Promise<Response>) {
  return publicRoute(async (request: Request, context: C) => {
    const user = await currentUser();
    if (!user) return jsonError(401, "unauthorized", "Sign in first");
    return handler(request, user, context);
  });
}
