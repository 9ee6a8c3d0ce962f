import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { getToken } from "next-auth/jwt";
import { resolveSessionUser } from "../auth/session-user";
import type { ChatServer, Services } from "../services";
import { lobbyConversation } from "../chat/lobby";
import { conversationRoom, userRoom } from "./events";
import { EventBudget } from "./event-budget";
import { announceTyping, registerChatHandlers } from "./handlers";
import { PresenceBroadcaster } from "./presence-broadcast";
import { isAllowedOrigin } from "./origin";
import type { RedisConnection } from "./redis";
import type { SharedPresence } from "./shared-presence";
import { TypingTracker } from "./typing";

// Large enough for a 4,000-character message (up to 16 KB of UTF-8) with its envelope; far below 1 MB.
const MAX_PAYLOAD_BYTES = 32 * 1024;

/** A Socket.IO server, not yet attached to anything: composeApp builds the notifier on it first. */
export function createSocketServer(redis: RedisConnection | null): ChatServer {
  const io: ChatServer = new Server({
    serveClient: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    // Leave other upgrade requests (Next's dev HMR socket) alone instead of destroying them.
    destroyUpgrade: false,
  });
  // With Redis, events fan out to every instance.
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub, { key: "chat:io" }));
  return io;
}

/**
 * Attaches Socket.IO to the HTTP server and wires it to the composed services: who may connect,
 * presence, typing expiry, and every chat event. `shared` is the Redis-shared presence, when there
 * is one, whose reaping of a dead instance sends everyone to catch up.
 */
export function attachRealtime(
  io: ChatServer,
  httpServer: HttpServer,
  services: Services,
  { redis, shared }: { redis: RedisConnection | null; shared: SharedPresence | null },
): void {
  const { config, store } = services;
  io.attach(httpServer);
  // A dead instance may have acked messages whose pushes never left it: everyone catches up.
  shared?.onInstanceDead(() => io.emit("sync:required"));
  // Pushes published while Redis was away never arrived anywhere: clients fetch them now.
  redis?.onRecovered(() => io.local.emit("sync:required"));
  const presence = services.presence;

  io.use((socket, next) => {
    if (isAllowedOrigin(socket.handshake.headers, config.publicOrigin, config.env !== "production")) return next();
    next(new Error("Origin not allowed"));
  });

  io.use((socket, next) => void authenticate(socket, next));
  async function authenticate(socket: Parameters<Parameters<ChatServer["use"]>[0]>[0], next: (error?: Error) => void): Promise<void> {
    try {
      const token = await getToken({
        req: { headers: { cookie: socket.handshake.headers.cookie ?? "" } },
        secret: config.authSecret,
        secureCookie: config.secureCookies,
      });
      const user = await resolveSessionUser(services, token);
      if (!user) return next(new Error("Unauthorized: sign in first"));
      // A cap per person (on this instance) keeps one account from exhausting the server.
      if ((io.sockets.adapter.rooms.get(userRoom(user.id))?.size ?? 0) >= config.maxSocketsPerUser) {
        return next(new Error("Too many connections: close some tabs"));
      }
      socket.data.user = user;
      // Read before the connection is made, so the lobby's room is joined in the same turn as the
      // socket connects: no lobby message can fall between the client's catch-up and the join.
      const lobby = await lobbyConversation(services);
      socket.data.lobbyId = (await store.findMembership(lobby.id, user.id)) ? lobby.id : null;
      next();
    } catch (error) {
      console.error("[realtime] handshake failed", error);
      next(new Error("Unauthorized: sign in first"));
    }
  }

  // Those a person blocked do not see their presence.
  const broadcaster = new PresenceBroadcaster(io, (userId) => store.listBlockedIds(userId));
  presence.onChange((user, online) => {
    const now = Date.now();
    if (!online) void store.setLastSeen(user.id, now).catch((error: unknown) => console.error("[presence] saving last seen failed", error));
    broadcaster.push({ userId: user.id, username: user.username, online, lastSeenAt: online ? null : new Date(now).toISOString() });
  });

  // A typer who went quiet: everyone who saw them typing is told it stopped.
  const typing = new TypingTracker((conversationId, userId) => {
    void store
      .findUserById(userId)
      .then((user) => (user ? announceTyping(services, conversationId, user, false) : undefined))
      .catch((error: unknown) => console.error("[realtime] typing expiry failed", error));
  });

  async function joinLobbyRoomIfMember(socket: Parameters<Parameters<ChatServer["use"]>[0]>[0], userId: number): Promise<void> {
    try {
      const lobby = await lobbyConversation(services);
      if (await store.findMembership(lobby.id, userId)) await socket.join(conversationRoom(lobby.id));
    } catch (error) {
      console.error("[realtime] joining the lobby room failed", error);
    }
  }

  io.on("connection", (socket) => {
    const user = socket.data.user;
    const { lobbyId } = socket.data;
    void socket.join(lobbyId === null ? userRoom(user.id) : [userRoom(user.id), conversationRoom(lobbyId)]);
    // Joined the lobby since the handshake read? That join's socketsJoin (on the user's room) may
    // have passed this socket by, so look again now that it is in its room: neither order loses it.
    if (lobbyId === null) void joinLobbyRoomIfMember(socket, user.id);
    presence.add(user);
    // Every event spends from one budget per socket. An honest tab stays far below it; a socket
    // that goes over is told why and cut off, before its events cost anyone else anything.
    const budget = new EventBudget(config.socketEventBurst, config.socketEventsPerSecond);
    socket.use((_packet, next) => {
      if (budget.take()) return next();
      if (!socket.connected) return;
      socket.emit("connection:closing", { reason: "Too many events: slow down", code: "rate_limited", retryAfterMs: budget.refillMs });
      socket.disconnect(true);
    });
    registerChatHandlers(socket, services, typing);
    socket.on("disconnect", () => presence.remove(user));
  });

  io.engine.on("close", () => {
    typing.clear();
    broadcaster.close();
  });
}
