// SIGTERM: stop taking work, let the sends already running finish and be acknowledged, then close.
// A send is held in flight for as long as the test likes by a row lock taken from another
// PostgreSQL connection (SQLite's wait for its lock blocks the whole process, so it cannot hold a
// send open while a signal arrives). Runs on its own cluster when the run has none.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage } from "@/lib/chat/types";
import { api, connect, signUp, startServer, type RunningServer } from "./harness";
import { clusterForThisFile } from "./postgres-cluster";
import { createDatabase } from "./postgres-harness";

// Its own cluster: it holds a writing transaction open for seconds (see clusterForThisFile).
const clusterUrl = clusterForThisFile({ own: true });
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe("stopping with work in flight", () => {
  it("on SIGTERM refuses new sends as busy, finishes and acknowledges those running, then exits 0", { timeout: 60_000 }, async () => {
    const env = { DATABASE_URL: await createDatabase(clusterUrl()), AUTH_SECRET: randomBytes(32).toString("base64url") };
    const first = await startServer(env, { keepData: true });
    const [alice, bob] = [await signUp(first.url), await signUp(first.url)];
    const { body } = await api<{ conversation: { id: number } }>(first.url, "/api/conversations", { cookie: alice.cookie, body: { userId: bob.id } });
    const conversationId = body.conversation.id;
    const socket = await connect(first.url, alice);

    // Another connection holds the conversation's row: every send to it waits in the database.
    const holder = new pg.Client({ connectionString: env.DATABASE_URL });
    await holder.connect();
    const observer = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", [conversationId]);
      const clientIds = { socket: `s-${randomUUID()}`, http: `h-${randomUUID()}`, late: `l-${randomUUID()}` };
      const viaSocket = socket
        .timeout(30_000)
        .emitWithAck("message:send", { conversationId, body: "in flight on a socket", clientId: clientIds.socket })
        .catch(() => "no answer" as const);
      const viaHttp = api<{ message: ChatMessage }>(first.url, `/api/conversations/${conversationId}/messages`, {
        cookie: bob.cookie,
        body: { body: "in flight over HTTP", clientId: clientIds.http },
      });
      // Both sends are waiting on the lock (asked on a connection of its own: inside a transaction,
      // pg_stat_activity answers from a snapshot taken once).
      const waiting = async () =>
        (await observer.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"))
          .rows[0]!.n;
      await expect.poll(waiting, { timeout: 10_000 }).toBe(2);

      const exited = first.stop();
      await expect.poll(() => first.output(), { timeout: 10_000 }).toMatch(/finishing in-flight work/);
      // While it drains: a new send is refused, saying to come back, and so is a new request.
      const late = await socket.timeout(10_000).emitWithAck("message:send", { conversationId, body: "too late", clientId: clientIds.late });
      expect(late).toMatchObject({ ok: false, code: "busy", retryAfterMs: expect.any(Number) as number });
      const health = await fetch(`${first.url}/api/health`);
      expect(health.status).toBe(503);
      expect(first.process.exitCode).toBeNull();

      await holder.query("COMMIT");
      const socketAnswer = await viaSocket;
      expect(socketAnswer).toMatchObject({ ok: true, message: { clientId: clientIds.socket } });
      expect((await viaHttp).status).toBe(201);
      expect(await exited).toBe(0);

      // Stored: the two that were running, not the one refused.
      const second = await startServer(env, { dataDir: first.dataDir });
      servers.push(second);
      const history = await api<MessagePage>(second.url, `/api/conversations/${conversationId}/messages`, { cookie: alice.cookie });
      expect(history.body.messages.map((m) => m.clientId).sort()).toEqual([clientIds.socket, clientIds.http].sort());
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
      await observer.end();
      socket.close();
    }
  });
});
