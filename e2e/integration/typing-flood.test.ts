import { fork } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import type { ConversationSummary } from "@/lib/chat/types";
import { api, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

/**
 * The finding this guards against: one person flooding `typing` in a 200-socket lobby turned
 * 3,000 events into 600,000 deliveries and an unrelated API call from 14 ms into 10.8 s.
 * Run against the code before the fix, the same file printed the "before" figures in the report.
 */
// The shipped defaults (the harness lifts them for other tests).
const app = serverForThisFile({ SOCKET_EVENT_BURST: "60", SOCKET_EVENTS_PER_SEC: "30" });

const PEOPLE = 10;
const SOCKETS_PER_PERSON = 20;
const FLOOD = 3000;
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function joinLobby(user: TestUser): Promise<number> {
  const { body } = await api<{ conversations: ConversationSummary[] }>(app.url, "/api/conversations", { cookie: user.cookie });
  const lobbyId = body.conversations.find((c) => c.kind === "lobby")?.id ?? 0;
  // Joining is a POST (reading joins nothing).
  expect((await api(app.url, `/api/conversations/${lobbyId}/join`, { cookie: user.cookie, method: "POST" })).status).toBe(200);
  return lobbyId;
}

it("a typing flood in a 200-socket lobby neither fans out nor slows an honest API call", { timeout: 180_000 }, async () => {
  const people = await Promise.all(Array.from({ length: PEOPLE }, () => signUp(app.url)));
  const [flooder, marker, honest] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
  const lobbyId = await joinLobby(flooder);
  await Promise.all([...people, marker].map(joinLobby));

  const child = fork(path.join(import.meta.dirname, "typing-flood-clients.ts"), [
    JSON.stringify({
      url: app.url,
      lobbyId,
      receivers: people.map((p) => p.cookie),
      socketsPerPerson: SOCKETS_PER_PERSON,
      flooder: { cookie: flooder.cookie, id: flooder.id },
      marker: { cookie: marker.cookie, id: marker.id },
    }),
  ], { execArgv: ["--import", "tsx"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const nextMessage = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once("message", resolve);
      void exited.then((code) => reject(new Error(`flood clients exited with ${code}`)));
    });
  expect(await nextMessage()).toBe("ready");

  const timeCall = async () => {
    const started = performance.now();
    const { status } = await api(app.url, "/api/conversations", { cookie: honest.cookie });
    expect(status).toBe(200);
    return performance.now() - started;
  };
  // Warm up, then the quiet baseline.
  const quiet: number[] = [];
  for (let i = 0; i < 20; i++) quiet.push(await timeCall());

  const result = nextMessage();
  let done = false;
  void result.then(
    () => (done = true),
    () => (done = true),
  );
  const floodStarted = performance.now();
  child.send({ flood: FLOOD });
  const during: number[] = [];
  // Honest calls one after another until every delivery of the flood has arrived, and at least 10.
  while (!done || during.length < 10) during.push(await timeCall());
  const floodMs = performance.now() - floodStarted;
  const outcome = (await result) as { deliveries: number; flooderEnd: string; flooderReason: string | null };
  await exited;

  const q = [...quiet].sort((a, b) => a - b);
  const d = [...during].sort((a, b) => a - b);
  console.log(
    `[typing flood] ${FLOOD} typing events, ${PEOPLE * SOCKETS_PER_PERSON} lobby sockets: ${outcome.deliveries} deliveries in ${floodMs.toFixed(0)} ms; ` +
      `flooder ${outcome.flooderEnd}${outcome.flooderReason ? ` (${outcome.flooderReason})` : ""}; ` +
      `GET /api/conversations quiet p50 ${percentile(q, 50).toFixed(1)} ms p99 ${percentile(q, 99).toFixed(1)} ms; ` +
      `during the flood (${d.length} calls) p50 ${percentile(d, 50).toFixed(1)} ms p99 ${percentile(d, 99).toFixed(1)} ms`,
  );
  // One accepted start per person and conversation per 2.5 s, whoever has the lobby open.
  expect(outcome.deliveries).toBeLessThanOrEqual(2 * PEOPLE * SOCKETS_PER_PERSON);
  // Generous for a shared 2-core machine; before the fix a single call took seconds.
  expect(percentile(d, 99)).toBeLessThan(1500);
});
