/**
 * The ceiling of our own stack: a bare Socket.IO relay on Node's HTTP server, with no sign-in and
 * no storage. Each socket joins its pair's room; every send is acked and emitted to that room.
 * Same Socket.IO version and options as the app, so the difference is what the app adds.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 32 * 1024 });

io.on("connection", (socket) => {
  const pair = String(socket.handshake.query.pair ?? "");
  void socket.join(`pair:${pair}`);
  let seq = 0;
  socket.on("message:send", (payload: { body: string; clientId: string }, ack: (r: unknown) => void) => {
    const message = { id: ++seq, pair, senderId: socket.id, body: payload.body, clientId: payload.clientId, createdAt: new Date().toISOString() };
    ack({ ok: true, message });
    io.to(`pair:${pair}`).emit("message:new", message);
  });
});

httpServer.listen(port, "127.0.0.1", () => {
  const address = httpServer.address();
  console.log(`> relay listening on http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`);
});
process.on("SIGTERM", () => void io.close(() => process.exit(0)));
