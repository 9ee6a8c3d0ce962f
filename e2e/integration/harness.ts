import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { inject } from "vitest";
import type { ChatMessage, ConversationSummary, UserWithPresence } from "@/lib/chat/types";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { createDatabase } from "./postgres-harness";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM, wait for the exit, and (unless keepData) remove the data folder. Resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the instance dies mid-flight, as in a crash. */
  kill(): Promise<void>;
  /** Everything the server printed so far. */
  output(): string;
  /** The secret sessions are signed with: AUTH_SECRET when the server was given one, else the one it generated. */
  authSecret(): string;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

// With CHAT_TEST_DATABASE=postgres, a data folder stands for one PostgreSQL database: servers given
// the same folder (several instances, or a restart) share its database and its AUTH_SECRET, as they
// share the SQLite file and the generated secret otherwise.
const postgresByDataDir = new Map<string, Promise<Record<string, string>>>();

function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  // Browser tests import this harness too, outside Vitest, where inject() cannot be called; they
  // stay on SQLite.
  if (process.env.CHAT_TEST_DATABASE !== "postgres") return Promise.resolve({});
  const clusterUrl = inject("postgresUrl");
  if (!clusterUrl) return Promise.resolve({});
  let env = postgresByDataDir.get(dataDir);
  if (!env) {
    env = createDatabase(clusterUrl).then((url) => ({ DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString("base64url") }));
    postgresByDataDir.set(dataDir, env);
  }
  return env;
}

/**
 * Boots the real server.ts (production build, so `next build` must have run) on a random port
 * with a fresh data folder, and resolves once it is listening. `DATABASE_URL: ""` keeps it on
 * SQLite even in a PostgreSQL run.
 */
export async function startServer(
  givenEnv: Record<string, string> = {},
  { dataDir = mkdtempSync(path.join(tmpdir(), "chat-it-")), keepData = false } = {},
): Promise<RunningServer> {
  const sqliteOnly = givenEnv.DATABASE_URL === "";
  const env = Object.fromEntries(Object.entries(givenEnv).filter(([key]) => !(sqliteOnly && key === "DATABASE_URL")));
  const database = sqliteOnly ? {} : await databaseEnv(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      // Many tests send faster than a person (fuzzing, in-flight races, seeding groups); the
      // per-socket event budget and the group-change limit have their own tests, which set them.
      SOCKET_EVENT_BURST: "100000",
      SOCKET_EVENTS_PER_SEC: "100000",
      GROUP_CHANGE_BURST: "100000",
      GROUP_CHANGES_PER_MIN: "100000",
      // Tests sign up many people from 127.0.0.1; the registration limits have their own tests.
      REGISTER_PER_ADDRESS_PER_HOUR: "1000000",
      REGISTER_PER_MINUTE: "1000000",
      // Tests sign many people up and in at once; the hash queue's limit has its own tests.
      HASH_QUEUE_LIMIT: "1000000",
      ...database,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
      return child.exitCode;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    output: () => output,
    authSecret: () => env.AUTH_SECRET ?? database.AUTH_SECRET ?? readFileSync(path.join(dataDir, "auth-secret"), "utf8").trim(),
  };
}

let counter = 0;
/** A username unique within the run. */
export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}_${process.pid}`.slice(0, 32);
}

export const PASSWORD = "correct horse battery";

function sessionCookie(response: Response): string | null {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0];
    if (pair?.startsWith("authjs.session-token=") || pair?.startsWith("__Secure-authjs.session-token=")) return pair;
  }
  return null;
}

/** POSTs a form to an Auth.js endpoint with a fresh CSRF token, exactly as a browser form does. */
export async function authPost(
  url: string,
  path: string,
  fields: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const csrfResponse = await fetch(`${url}/api/auth/csrf`, { headers: cookie ? { ...headers, cookie } : headers });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = csrfResponse.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return fetch(`${url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookie ? `${cookie}; ${csrfCookie}` : csrfCookie },
    body: new URLSearchParams({ csrfToken, ...fields }),
  });
}

/** Signs in through the standard Auth.js endpoints; the session cookie, or null when refused. */
export async function signIn(url: string, username: string, password = PASSWORD): Promise<string | null> {
  return sessionCookie(await authPost(url, "/api/auth/callback/credentials", { username, password }));
}

export type SignInOutcome = "signed-in" | "wrong" | "rate_limited" | "busy";

/**
 * One sign-in attempt through Auth.js, classified: "wrong" means the password was checked and
 * refused; "rate_limited" and "busy" mean it was refused before any check. `from` sets
 * X-Forwarded-For, the client address of a server started with TRUST_PROXY=1.
 */
export async function signInOutcome(url: string, username: string, password: string, from?: string): Promise<SignInOutcome> {
  const response = await authPost(url, "/api/auth/callback/credentials", { username, password }, undefined, from ? { "x-forwarded-for": from } : {});
  if (sessionCookie(response)) return "signed-in";
  const code = new URL(response.headers.get("location") ?? "/", url).searchParams.get("code");
  if (code === "rate_limited" || code === "busy") return code;
  if (code === "credentials") return "wrong";
  throw new Error(`unexpected sign-in answer ${response.status} ${response.headers.get("location")}`);
}

/** Signs out through Auth.js, as the Sign out button does. */
export function signOut(url: string, cookie: string): Promise<Response> {
  return authPost(url, "/api/auth/signout", {}, cookie);
}

export interface TestUser {
  id: number;
  username: string;
  cookie: string;
}

export async function signUp(url: string, username = uniqueName()): Promise<TestUser> {
  const response = await fetch(`${url}/api/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`register ${username}: ${response.status} ${await response.text()}`);
  const { user } = (await response.json()) as { user: { id: number; username: string } };
  const cookie = await signIn(url, username);
  if (!cookie) throw new Error(`sign-in of ${username} gave no session cookie`);
  return { ...user, cookie };
}

/** The private conversation between two people (get-or-create), by `a`. */
export async function openConversation(url: string, a: TestUser, b: TestUser): Promise<number> {
  const { status, body } = await api<{ conversation: { id: number } }>(url, "/api/conversations", { cookie: a.cookie, body: { userId: b.id } });
  if (status !== 200) throw new Error(`open conversation: ${status}`);
  return body.conversation.id;
}

/** JSON call as a signed-in user (or anonymous without a cookie). */
export async function api<T = unknown>(
  url: string,
  pathname: string,
  options: { cookie?: string; method?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined || options.rawBody !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${url}${pathname}`, {
    method: options.method ?? (options.body !== undefined || options.rawBody !== undefined ? "POST" : "GET"),
    headers,
    body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: a test asserting JSON will fail on it.
  }
  return { status: response.status, body: body as T };
}

/** An unconnected socket.io-client socket sending the given cookie and Origin. */
export function socketFor(url: string, cookie: string | null, origin: string | null = url): TestSocket {
  const extraHeaders: Record<string, string> = {};
  if (cookie) extraHeaders.cookie = cookie;
  if (origin) extraHeaders.origin = origin;
  const socket: TestSocket = io(url, { transports: ["websocket"], extraHeaders, autoConnect: false, reconnection: false, forceNew: true });
  // Presence changes that coincide arrive as one batch; tests read them one update at a time.
  socket.on("presence:batch", (updates) => {
    for (const update of updates) for (const listener of socket.listeners("presence:update")) listener(update);
  });
  return socket;
}

/** Connects and resolves once connected; rejects with the server's connect_error. */
export function connect(url: string, user: TestUser): Promise<TestSocket> {
  return connectSocket(socketFor(url, user.cookie));
}

export function connectSocket(socket: TestSocket): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
    socket.connect();
  });
}

/** Resolves with the next event's payload that matches, or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  match: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  ms = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      (socket.off as (e: E, l: typeof listener) => void)(event, listener);
      resolve(args[0]);
    };
    const timer = setTimeout(() => {
      (socket.off as (e: E, l: typeof listener) => void)(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    (socket.on as (e: E, l: typeof listener) => void)(event, listener);
  });
}

/** Every payload of `event` received from now on, for asserting what did (not) arrive. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  (socket.on as (e: E, l: (...args: Parameters<ServerToClientEvents[E]>) => void) => void)(event, (...args) => {
    seen.push(args[0]);
  });
  return seen;
}

/** A fresh clientId, as a browser makes one per message. */
export const newClientId = (): string => randomUUID().replaceAll("-", "");

/** message:send with its ack, as it comes (ok or not). */
export function trySend(socket: TestSocket, conversationId: number, body: string, id = newClientId()): Promise<Ack<{ message: ChatMessage }>> {
  return socket.emitWithAck("message:send", { conversationId, body, clientId: id });
}

/** message:send that must succeed; resolves with the stored message. */
export async function send(socket: TestSocket, conversationId: number, body: string, id = newClientId()): Promise<ChatMessage> {
  const ack = await trySend(socket, conversationId, body, id);
  if (!ack.ok) throw new Error(`send "${body}": ${ack.error}`);
  return ack.message;
}

/** One entry of the user's conversation list. */
export async function conversationSummary(url: string, user: TestUser, conversationId: number): Promise<ConversationSummary | undefined> {
  const { body } = await api<{ conversations: ConversationSummary[] }>(url, "/api/conversations", { cookie: user.cookie });
  return body.conversations.find((c) => c.id === conversationId);
}

/** How a person appears in the viewer's People list. */
export async function presenceOf(url: string, viewer: TestUser, userId: number): Promise<UserWithPresence | undefined> {
  const { body } = await api<{ users: UserWithPresence[] }>(url, "/api/users", { cookie: viewer.cookie });
  return body.users.find((u) => u.id === userId);
}

/** Joins the lobby as its page's Join button does (reading it joins nothing); the summary as listed. */
export async function joinConversation(url: string, user: TestUser, conversationId: number): Promise<ConversationSummary> {
  const { status, body } = await api<{ conversation: ConversationSummary }>(url, `/api/conversations/${conversationId}/join`, {
    cookie: user.cookie,
    method: "POST",
  });
  if (status !== 200) throw new Error(`join ${conversationId} as ${user.username}: ${status} ${JSON.stringify(body)}`);
  return body.conversation;
}
