/**
 * Opens and holds N sockets against the app (signed in, spread over the given users) or the relay,
 * prints "ready <n>" once all are connected, and holds them until SIGTERM.
 */
import { readFileSync } from "node:fs";
import type { Socket } from "socket.io-client";
import { openSocket } from "./clients";

const args = JSON.parse(process.argv[2] ?? "{}") as { url: string; sockets: number; cookiesFile?: string };
const cookies: string[] = args.cookiesFile ? (JSON.parse(readFileSync(args.cookiesFile, "utf8")) as string[]) : [];
const open: Socket[] = [];

async function connect(i: number): Promise<void> {
  open.push(await openSocket(args.url, { cookie: cookies.length ? cookies[i % cookies.length] : undefined, pair: String(i) }));
}

for (let i = 0; i < args.sockets; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, args.sockets - i) }, (_, k) => connect(i + k)));
}
console.log(`ready ${open.length}`);
process.on("SIGTERM", () => {
  for (const s of open) s.disconnect();
  process.exit(0);
});
