import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "./lib/config";
import { pageCsp } from "./lib/security/headers.mjs";

const PUBLIC_PAGES = new Set(["/login", "/register"]);

/**
 * Every page: a fresh CSP nonce (Next reads it from the request's CSP header and puts it on its
 * scripts), and signed-out visitors of any page but sign-in and register go to /login, remembering
 * where they were going. Pages still resolve the user themselves.
 */
export async function proxy(request: NextRequest) {
  const config = getConfig();
  const { pathname, search } = request.nextUrl;

  if (!PUBLIC_PAGES.has(pathname)) {
    const token = await getToken({ req: request, secret: config.authSecret, secureCookie: config.secureCookies });
    if (!token?.sub) {
      const login = new URL("/login", request.url);
      if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
      return NextResponse.redirect(login);
    }
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, { dev: config.env === "development", https: config.secureCookies });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: API routes answer 401 themselves with their own headers, assets are public, and
  // Socket.IO (whose upgrades Next also sees) authenticates its own handshake.
  matcher: [
    {
      source: "/((?!api/|_next/|socket\\.io/|favicon.ico|icon\\.svg|icon-unread\\.svg|robots.txt).*)",
      // Link prefetches carry no page of their own to protect.
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
