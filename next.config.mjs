import { API_CSP, BASE_SECURITY_HEADERS } from "./lib/security/headers.mjs";

const base = Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node at run time, never bundled: better-sqlite3 is a native addon, and the rest are
  // libraries server.ts loads too, so route handlers share its one copy of each rather than a
  // bundled second one (lib/compose.ts builds everything they reach).
  serverExternalPackages: ["better-sqlite3", "pg", "drizzle-orm", "rate-limiter-flexible", "redis", "socket.io", "@socket.io/redis-adapter", "sharp", "busboy", "file-type"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: "/:path*", headers: base },
      // Pages get a per-response CSP with a nonce from proxy.ts; JSON answers get this one.
      // Stored files and photos set their own (sandboxed) policy: lib/http/file-response.ts.
      { source: "/api/:path((?!uploads/|users/\\d+/avatar/).*)", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
