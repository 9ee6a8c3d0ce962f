import { createClient } from "redis";

function newClient(url: string) {
  return createClient({
    url,
    // Keep retrying for ever, never more than 2 s apart, so an instance outlives a Redis restart.
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 5000 },
  });
}

export type RedisClient = ReturnType<typeof newClient>;

export interface RedisConnection {
  /** Commands and publishing. */
  pub: RedisClient;
  /** Subscriptions only (a subscribed connection cannot run other commands). */
  sub: RedisClient;
  /** Called each time both connections are back after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

function client(url: string, name: string, onReady: () => void, onDown: () => void): RedisClient {
  const c = newClient(url);
  let down = false;
  c.on("error", (error: Error) => {
    if (!down) console.error(`[redis:${name}] connection lost: ${error.message}`);
    down = true;
    onDown();
  });
  c.on("reconnecting", () => {
    down = true;
  });
  c.on("ready", () => {
    if (down) console.log(`[redis:${name}] reconnected`);
    down = false;
    onReady();
  });
  return c;
}

/** Opens the two connections the Socket.IO adapter needs; resolves once both are ready. */
export async function connectRedis(url: string): Promise<RedisConnection> {
  const listeners = new Set<() => void>();
  const up = { pub: false, sub: false };
  let outage = false;
  const watch = (name: keyof typeof up) => ({
    onReady: () => {
      up[name] = true;
      if (outage && up.pub && up.sub) {
        outage = false;
        for (const l of listeners) l();
      }
    },
    onDown: () => {
      up[name] = false;
      outage = true;
    },
  });
  const p = watch("pub");
  const s = watch("sub");
  const pub = client(url, "pub", p.onReady, p.onDown);
  const sub = client(url, "sub", s.onReady, s.onDown);
  console.log(`> connecting to Redis at ${new URL(url).host}`);
  await Promise.all([pub.connect(), sub.connect()]);
  outage = false;
  return {
    pub,
    sub,
    onRecovered: (listener) => void listeners.add(listener),
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
