import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "./lib/config";

/**
 * Sends signed-out visitors of any page to /login, remembering where they were going. Pages still
 * resolve the user themselves; this is the one place that knows the requested path.
 */
export async function proxy(request: NextRequest) {
  const config = getConfig();
  const token = await getToken({ req: request, secret: config.authSecret, secureCookie: config.secureCookies });
  if (token?.sub) return NextResponse.next();
  const login = new URL("/login", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 themselves, auth pages and assets are public, and Socket.IO
  // (whose upgrades Next also sees) authenticates its own handshake.
  matcher: ["/((?!api/|_next/|socket\\.io/|login|register|favicon.ico|robots.txt).*)"],
};
