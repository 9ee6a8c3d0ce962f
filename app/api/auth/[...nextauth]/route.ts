import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { jsonError } from "@/lib/http/route";

// Control characters and whitespace in a callback URL are never legitimate; Auth.js would answer
// them with a 500 in plain text.
const UNSAFE = /[\s\u0000-\u001F\u007F-\u009F]/;

async function callbackUrls(request: Request): Promise<string[]> {
  const found = new URL(request.url).searchParams.getAll("callbackUrl");
  if (request.method === "POST" && /^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
    const form = await request.clone().formData().catch(() => null);
    for (const value of form?.getAll("callbackUrl") ?? []) if (typeof value === "string") found.push(value);
  }
  return found;
}

function guarded(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest): Promise<Response> => {
    if ((await callbackUrls(request)).some((url) => UNSAFE.test(url))) {
      return jsonError(400, "invalid", "callbackUrl holds control characters or whitespace");
    }
    return handler(request);
  };
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
