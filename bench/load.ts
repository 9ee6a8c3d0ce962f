/**
 * Load generator, run in its own process. Every user sends to their partner with acks, each
 * message carrying its send time; the partner records when it arrives. Open loop: at a fixed rate,
 * whatever the answers. Closed loop (`closed`): each user sends its next message as soon as the
 * previous one is acknowledged, so the rate is what the server sustains. Prints one JSON line of
 * results. Target "app" uses signed-in users (cookies from the orchestrator); "relay" the bare
 * Socket.IO relay.
 */
import { readFileSync } from "node:fs";
import type { Socket } from "socket.io-client";
import { openSocket, percentile, SendTally } from "./clients";

interface BenchUser {
  id: number;
  cookie: string;
}
interface Args {
  target: "app" | "relay";
  url: string;
  pairs: number;
  rate: number;
  seconds: number;
  closed?: boolean;
  usersFile?: string;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const now = () => performance.timeOrigin + performance.now();
// clientIds must be new in every run: the app stores each (sender, clientId) once, so a repeat from
// an earlier run would be acknowledged with the old message and, rightly, not delivered again.
const runId = Math.random().toString(36).slice(2, 10);

interface Client {
  socket: Socket;
  selfId: string;
  conversationId: number;
  pair: number;
}

async function main(): Promise<void> {
  const pairs: { a: BenchUser; b: BenchUser; conversationId: number }[] =
    args.target === "app" ? (JSON.parse(readFileSync(args.usersFile!, "utf8")) as typeof pairs).slice(0, args.pairs) : [];
  const clients: Client[] = [];
  for (let p = 0; p < args.pairs; p++) {
    const pair = pairs[p];
    for (const side of ["a", "b"] as const) {
      const user = pair?.[side];
      const socket = await openSocket(args.url, { cookie: user?.cookie, pair: String(p) });
      clients.push({ socket, selfId: user ? String(user.id) : socket.id!, conversationId: pair?.conversationId ?? 0, pair: p });
    }
  }

  const latencies: number[] = [];
  const seen = new Map<string, number>();
  const tally = new SendTally();
  let deliveredInWindow = 0;
  let sending = true;
  // A socket dropped mid-run (say, its pings went unanswered while this process was overloaded)
  // receives nothing more: counted so that "lost" can be read correctly.
  const drops = new Map<string, number>();
  for (const c of clients) {
    c.socket.on("disconnect", (reason: string) => {
      if (sending || reason !== "io client disconnect") drops.set(reason, (drops.get(reason) ?? 0) + 1);
    });
  }

  for (const c of clients) {
    c.socket.on("message:new", (m: { senderId: number | string; body: string; clientId: string }) => {
      if (String(m.senderId) === c.selfId) return; // my own echo (the app sends it to all my tabs)
      const count = (seen.get(m.clientId) ?? 0) + 1;
      seen.set(m.clientId, count);
      if (count > 1) return;
      const { t } = JSON.parse(m.body) as { t: number };
      latencies.push(now() - t);
      if (sending) deliveredInWindow++;
    });
  }

  const interval = 1000 / args.rate;
  const started = now();
  let n = 0;
  const closedLoops = args.closed
    ? clients.map(async (c, i) => {
        while (sending) {
          const clientId = `bench-${runId}-${c.pair}-${i}-${++n}`;
          await tally.sendAndWait(c.socket, { conversationId: c.conversationId, body: JSON.stringify({ t: now(), n }), clientId });
        }
      })
    : [];
  const timers = (args.closed ? [] : clients).map((c, i) => {
    // Spread the senders over the interval so they do not all fire in the same tick.
    const offset = (interval * i) / clients.length;
    let timer: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      timer = setInterval(() => {
        if (!sending) return;
        const clientId = `bench-${runId}-${c.pair}-${i}-${++n}`;
        tally.send(c.socket, { conversationId: c.conversationId, body: JSON.stringify({ t: now(), n }), clientId });
      }, interval);
    }, offset);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  });

  await new Promise((resolve) => setTimeout(resolve, args.seconds * 1000));
  sending = false;
  const windowSeconds = (now() - started) / 1000;
  for (const stop of timers) stop();
  await Promise.all(closedLoops);

  // Drain: wait for outstanding acks and deliveries (at most 30 s); what is still missing then is lost.
  const drainUntil = now() + 30_000;
  while (now() < drainUntil && (!tally.settled || tally.ackedIds.some((id) => !seen.has(id)))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const lost = tally.ackedIds.filter((id) => !seen.has(id)).length;
  const duplicated = [...seen.values()].reduce((sum, count) => sum + (count - 1), 0);
  latencies.sort((x, y) => x - y);
  const dropped = Object.fromEntries(drops);
  for (const c of clients) c.socket.disconnect();
  console.log(
    JSON.stringify({
      target: args.target,
      sent: tally.sent,
      acked: tally.acked,
      failed: tally.failed,
      lost,
      duplicated,
      dropped,
      deliveredPerSecond: deliveredInWindow / windowSeconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    }),
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
