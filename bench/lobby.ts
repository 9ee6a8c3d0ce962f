/**
 * Lobby load generator, run in its own process: `sockets` connections in one room (the app's lobby,
 * signed in as the given users, or the relay's single room), a few of them sending at a fixed total
 * rate. Every message must reach every socket once. Measures the latency of each delivery, how long
 * a message takes to reach the last socket, and the server's CPU time per message while sending.
 */
import { readFileSync } from "node:fs";
import type { Socket } from "socket.io-client";
import { openSocket, percentile, SendTally } from "./clients";
import { sample } from "./processes";

interface Args {
  target: "app" | "relay";
  url: string;
  serverPid: number;
  sockets: number;
  senders: number;
  rate: number;
  seconds: number;
  lobbyId?: number;
  cookiesFile?: string;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const cookies: string[] = args.cookiesFile ? (JSON.parse(readFileSync(args.cookiesFile, "utf8")) as string[]) : [];
const now = () => performance.timeOrigin + performance.now();
const runId = Math.random().toString(36).slice(2, 10);

// The relay puts every socket of one "pair" in one room: here, all of them.
const connect = (i: number) => openSocket(args.url, { cookie: cookies.length ? cookies[i % cookies.length] : undefined, pair: "lobby" });

async function main(): Promise<void> {
  const sockets: Socket[] = [];
  for (let i = 0; i < args.sockets; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, args.sockets - i) }, (_, k) => connect(i + k)))));
  }

  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const deliveries = new Map<string, number>();
  const lastArrival = new Map<string, number>();
  let duplicated = 0;
  let dropped = 0;
  sockets.forEach((socket) => {
    const seen = new Set<string>();
    socket.on("disconnect", (reason: string) => {
      if (reason !== "io client disconnect") dropped++;
    });
    socket.on("message:new", (m: { clientId: string; kind?: string }) => {
      const t = sentAt.get(m.clientId);
      if (t === undefined || m.kind === "notice") return; // not one of this run's messages
      if (seen.has(m.clientId)) return void duplicated++;
      seen.add(m.clientId);
      const at = now();
      latencies.push(at - t);
      deliveries.set(m.clientId, (deliveries.get(m.clientId) ?? 0) + 1);
      lastArrival.set(m.clientId, at);
    });
  });

  const senders = sockets.slice(0, args.senders);
  const tally = new SendTally();
  const stopCpu = sample(args.serverPid);
  const started = now();
  const total = Math.round(args.rate * args.seconds);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (tally.sent >= total) {
        clearInterval(timer);
        return resolve();
      }
      const sender = senders[tally.sent % senders.length]!;
      const clientId = `lobby-${runId}-${tally.sent}`;
      sentAt.set(clientId, now());
      tally.send(sender, { conversationId: args.lobbyId ?? 0, body: `lobby message ${tally.sent + 1}`, clientId });
    }, 1000 / args.rate);
  });
  const drainUntil = now() + 20_000;
  while (now() < drainUntil && (!tally.settled || tally.ackedIds.some((id) => (deliveries.get(id) ?? 0) < sockets.length))) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const cpu = stopCpu();
  const seconds = (now() - started) / 1000;

  const lost = tally.ackedIds.reduce((sum, id) => sum + sockets.length - (deliveries.get(id) ?? 0), 0);
  const fanOut = tally.ackedIds.map((id) => (lastArrival.get(id) ?? NaN) - (sentAt.get(id) ?? NaN)).sort((x, y) => x - y);
  latencies.sort((x, y) => x - y);
  for (const s of sockets) s.disconnect();
  console.log(
    JSON.stringify({
      target: args.target,
      sockets: sockets.length,
      sent: tally.sent,
      acked: tally.acked,
      failed: tally.failed,
      lost,
      duplicated,
      dropped,
      deliveriesPerSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      fanOutP50: percentile(fanOut, 50),
      fanOutP99: percentile(fanOut, 99),
      cpuPercent: cpu.cpuPercent,
      // Server CPU over the sending window divided by the messages sent in it.
      cpuMsPerMessage: ((cpu.cpuPercent / 100) * seconds * 1000) / Math.max(1, tally.acked),
    }),
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
