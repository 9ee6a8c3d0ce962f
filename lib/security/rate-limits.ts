import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterRes,
  type IRateLimiterOptions,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { AppConfig } from "../config";
import type { RedisClient } from "../realtime/redis";

/** Failed sign-ins allowed per window, per client IP and per username. */
export const SIGN_IN_FAILURES_PER_IP = 50;
export const SIGN_IN_FAILURES_PER_USERNAME = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

type Limiter = Pick<RateLimiterAbstract, "consume" | "get" | "delete">;

export interface RateLimits {
  /** Message sends per user: a burst, then a steady rate. */
  send: Pick<BurstyRateLimiter, "consume">;
  /** Group changes (create, rename, add, remove or leave) and message deletions per user. */
  groupChange: Pick<BurstyRateLimiter, "consume">;
  /** Failed sign-in attempts per client IP. */
  signInIp: Limiter;
  /** Failed sign-in attempts per username (the account under attack). */
  signInUser: Limiter;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * The limits shared by every route and event. With Redis they hold across instances; an in-memory
 * limiter stands in (per instance) while Redis is unreachable, so an outage does not open the gates.
 */
export function createRateLimits(config: AppConfig, redis: RedisClient | null = null): RateLimits {
  const make = (options: IRateLimiterOptions): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  const steady = make({ keyPrefix: "chat:rl:send", points: config.sendRatePerSecond, duration: 1 });
  const burst = make({
    keyPrefix: "chat:rl:send-burst",
    points: config.sendBurst,
    duration: Math.max(1, Math.ceil(config.sendBurst / config.sendRatePerSecond)),
  });
  // Per minute: a person renames or adds people now and then, never many times a second.
  const groupSteady = make({ keyPrefix: "chat:rl:group", points: config.groupChangesPerMinute, duration: 60 });
  const groupBurst = make({
    keyPrefix: "chat:rl:group-burst",
    points: config.groupChangeBurst,
    duration: Math.max(1, Math.ceil((config.groupChangeBurst / config.groupChangesPerMinute) * 60)),
  });
  return {
    send: new BurstyRateLimiter(steady, burst),
    groupChange: new BurstyRateLimiter(groupSteady, groupBurst),
    signInIp: make({ keyPrefix: "chat:rl:signin-ip", points: SIGN_IN_FAILURES_PER_IP, duration: SIGN_IN_WINDOW_SECONDS }),
    signInUser: make({ keyPrefix: "chat:rl:signin-user", points: SIGN_IN_FAILURES_PER_USERNAME, duration: SIGN_IN_WINDOW_SECONDS }),
  };
}

/** Takes one point; a refusal says how long to wait. Store errors fail open only via the insurance limiter. */
export async function take(limiter: Pick<RateLimiterAbstract, "consume">, key: string): Promise<LimitResult> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (error) {
    // Checked by shape, not instanceof: the limiter may come from server.ts's copy of the library
    // while this code runs in Next's bundle, and the two copies have different classes.
    if (isLimiterRes(error)) return { ok: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
    throw error;
  }
}

function isLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === "object" && value !== null && typeof (value as RateLimiterRes).msBeforeNext === "number";
}

/** True while `key` has used up its points (without using one). */
export async function isExhausted(limiter: Limiter, key: string, points: number): Promise<boolean> {
  const res = await limiter.get(key);
  return res !== null && res.consumedPoints >= points;
}
