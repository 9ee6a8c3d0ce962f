import type { Services } from "./services";

/** Long enough for a busy database, short enough for a load balancer's probe. */
const CHECK_TIMEOUT_MS = 2000;

export type Check = "ok" | "down" | "off";

export interface Readiness {
  ready: boolean;
  database: Check;
  redis: Check;
}

async function answers(probe: () => Promise<unknown>): Promise<Check> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve("down"), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe().then((): Check => "ok"), timeout]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/** Whether this instance can serve: its database answers, and Redis too when it is configured. */
export async function checkReadiness(services: Pick<Services, "store" | "redisPing">): Promise<Readiness> {
  const { redisPing } = services;
  const [database, redis] = await Promise.all([answers(() => services.store.ping()), redisPing ? answers(redisPing) : Promise.resolve<Check>("off")]);
  return { ready: database === "ok" && redis !== "down", database, redis };
}
