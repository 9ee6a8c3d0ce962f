/**
 * The sockets of the typing-flood measurement (typing-flood.test.ts), run in a process of their
 * own so that receiving hundreds of thousands of events does not slow the test process, which
 * times an honest HTTP call meanwhile. Talks to its parent over IPC:
 * parent → {flood:n}; child → "ready", then {deliveries, flooderDisconnect}.
 */
import { io, type Socket } from "socket.io-client";

interface Args {
  url: string;
  lobbyId: number;
  /** Receivers' cookies, one per person; each opens `socketsPerPerson` sockets. */
  receivers: string[];
  socketsPerPerson: number;
  flooder: { cookie: string; id: number };
  marker: { cookie: string; id: number };
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
type Update = { conversationId: number; userId: number; typing: boolean };

function open(cookie: string): Promise<Socket> {
  const socket = io(args.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie, origin: args.url } });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** Says "I have the lobby open" where the server understands it; an older server ignores it (no ack). */
async function viewLobby(socket: Socket): Promise<void> {
  await socket.timeout(2000).emitWithAck("conversation:open", { conversationId: args.lobbyId }).catch(() => undefined);
}

async function main(): Promise<void> {
  const receivers: Socket[] = [];
  for (const cookie of args.receivers) {
    receivers.push(...(await Promise.all(Array.from({ length: args.socketsPerPerson }, () => open(cookie)))));
  }
  await Promise.all(receivers.map(viewLobby));
  let deliveries = 0;
  for (const socket of receivers) {
    socket.on("typing", (u: Update) => {
      if (u.userId === args.flooder.id && u.typing) deliveries++;
    });
  }
  const flooder = await open(args.flooder.cookie);
  const marker = await open(args.marker.cookie);
  await viewLobby(flooder);
  process.send?.("ready");

  const { flood } = await new Promise<{ flood: number }>((resolve) => process.once("message", (m) => resolve(m as { flood: number })));
  const disconnected = new Promise<string>((resolve) => flooder.once("disconnect", resolve));
  for (let i = 1; i < flood; i++) flooder.emit("typing", { conversationId: args.lobbyId, typing: true });
  // The last one with an ack: once it answers, the server has handled all of them (one socket's
  // events are handled in order). A server that cuts the flooder off answers with a disconnect.
  const last = flooder.timeout(120_000).emitWithAck("typing", { conversationId: args.lobbyId, typing: true }).then(() => "acked");
  const flooderEnd = await Promise.race([last, disconnected]);
  // Everything sent to a socket before the marker reaches it before the marker.
  const markerSeen = receivers.map(
    (socket) =>
      new Promise<void>((resolve) => {
        const listener = (u: Update) => {
          if (u.userId !== args.marker.id) return;
          socket.off("typing", listener);
          resolve();
        };
        socket.on("typing", listener);
      }),
  );
  marker.emit("typing", { conversationId: args.lobbyId, typing: true });
  await Promise.all(markerSeen);
  process.send?.({ deliveries, flooderEnd, flooderReason: flooder.connected ? null : await disconnected });
  for (const s of [...receivers, flooder, marker]) s.disconnect();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
