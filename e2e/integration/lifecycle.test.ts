import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { ChatMessage, MessagePage } from "@/lib/chat/types";
import { api, connect, signUp, startServer, type RunningServer } from "./harness";

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe("server lifecycle", () => {
  it("starts with no configuration, shuts down cleanly on SIGTERM, and serves everything after a restart", async () => {
    const first = await startServer({}, { keepData: true });
    const { dataDir } = first;
    // On PostgreSQL (CHAT_TEST_DATABASE=postgres) the secret must be given, so none is generated.
    if (!inject("postgresUrl")) expect(statSync(path.join(dataDir, "auth-secret")).mode & 0o777).toBe(0o600);

    const alice = await signUp(first.url);
    const bob = await signUp(first.url);
    const { body } = await api<{ conversation: { id: number } }>(first.url, "/api/conversations", {
      cookie: alice.cookie,
      body: { userId: bob.id },
    });
    const conversationId = body.conversation.id;
    const sent = await api<{ message: ChatMessage }>(first.url, `/api/conversations/${conversationId}/messages`, {
      cookie: alice.cookie,
      body: { body: "before the restart", clientId: randomUUID().replaceAll("-", "") },
    });
    expect(sent.status).toBe(201);

    const socket = await connect(first.url, bob);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect(await first.stop()).toBe(0);
    expect(await disconnected).toMatch(/disconnect|close/);

    const second = await startServer({}, { dataDir });
    servers.push(second);
    // The same secret was kept, so the old session cookie is still good.
    const history = await api<MessagePage>(second.url, `/api/conversations/${conversationId}/messages`, { cookie: bob.cookie });
    expect(history.status).toBe(200);
    expect(history.body.messages).toEqual([sent.body.message]);
  });

  it("fails fast with a readable message on bad configuration", async () => {
    await expect(startServer({ PORT: "not-a-port" })).rejects.toThrow(/Invalid configuration:\s+PORT/);
  });

  it("refuses to start, saying why, when the data folder cannot be created", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "chat-it-file-"));
    const file = path.join(parent, "a-file");
    writeFileSync(file, "");
    await expect(startServer({}, { dataDir: path.join(file, "data") })).rejects.toThrow(/exited with 1[\s\S]*Cannot create the data folder/);
    rmSync(parent, { force: true, recursive: true });
  });
});
