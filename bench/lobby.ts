/**
 * Lobby load generator, run in its own process: `sockets` connections in one room (the app's lobby,
 * signed in as the given users, or the relay's single room), a few of them sending at a fixed total
 * rate. Every message must reach every socket once. Measures the latency of each delivery, how long
 * a message takes to reach the last socket, and the server's CPU time per message while sending.
 */
import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
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

function connect(i: number): Promise<Socket> {
  const cookie = cookies.length ? cookies[i % cookies.length] : undefined;
  const socket = io(args.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie, origin: args.url } : {},
    // The relay puts every socket of one "pair" in one room: here, all of them.
    query: { pair: "lobby" },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

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
  let sent = 0;
  let acked = 0;
  let failed = 0;
  const ackedIds: string[] = [];
  const stopCpu = sample(args.serverPid);
  const started = now();
  const total = Math.round(args.rate * args.seconds);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (sent >= total) {
        clearInterval(timer);
        return resolve();
      }
      const sender = senders[sent % senders.length]!;
      const clientId = `lobby-${runId}-${sent}`;
      sentAt.set(clientId, now());
      sent++;
      sender
        .timeout(10_000)
        .emitWithAck("message:send", { conversationId: args.lobbyId ?? 0, body: `lobby message ${sent}`, clientId })
        .then((r: { ok: boolean }) => {
          if (r.ok) {
            acked++;
            ackedIds.push(clientId);
          } else failed++;
        })
        .catch(() => failed++);
    }, 1000 / args.rate);
  });
  const drainUntil = now() + 20_000;
  while (now() < drainUntil && (acked + failed < sent || ackedIds.some((id) => (deliveries.get(id) ?? 0) < sockets.length))) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const cpu = stopCpu();
  const seconds = (now() - started) / 1000;

  const lost = ackedIds.reduce((sum, id) => sum + sockets.length - (deliveries.get(id) ?? 0), 0);
  const fanOut = ackedIds.map((id) => (lastArrival.get(id) ?? NaN) - (sentAt.get(id) ?? NaN)).sort((x, y) => x - y);
  latencies.sort((x, y) => x - y);
  const pct = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? NaN;
  for (const s of sockets) s.disconnect();
  console.log(
    JSON.stringify({
      target: args.target,
      sockets: sockets.length,
      sent,
      acked,
      failed,
      lost,
      duplicated,
      dropped,
      deliveriesPerSecond: latencies.length / seconds,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      fanOutP50: pct(fanOut, 50),
      fanOutP99: pct(fanOut, 99),
      cpuPercent: cpu.cpuPercent,
      // Server CPU over the sending window divided by the messages sent in it.
      cpuMsPerMessage: ((cpu.cpuPercent / 100) * seconds * 1000) / Math.max(1, acked),
    }),
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
