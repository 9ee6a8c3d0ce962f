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

/**
 * Failed sign-ins per window, per client IP and per username. Beyond either, only a
 * (username, address) pair with no failures may still try, one attempt per SIGN_IN_SLOW_LANE_SECONDS.
 */
export const SIGN_IN_FAILURES_PER_IP = 50;
export const SIGN_IN_FAILURES_PER_USERNAME = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_SLOW_LANE_SECONDS = 10;
/** Failures of one (username, address) pair that cost nothing; each later one doubles the wait. */
export const SIGN_IN_FREE_FAILURES = 3;
export const SIGN_IN_MAX_DELAY_SECONDS = 15 * 60;
const SIGN_IN_PAIR_WINDOW_SECONDS = 60 * 60;

type Limiter = Pick<RateLimiterAbstract, "consume" | "get" | "delete" | "reward" | "block">;

export interface RateLimits {
  /** Message sends per user: a burst, then a steady rate. */
  send: Pick<BurstyRateLimiter, "consume">;
  /** Group changes (create, rename, add, remove or leave) and message deletions per user. */
  groupChange: Pick<BurstyRateLimiter, "consume">;
  /** Failed sign-in attempts per client IP (attempts count until they succeed). */
  signInIp: Limiter;
  /** Failed sign-in attempts per username (the account under attack). */
  signInUser: Limiter;
  /** Failed attempts per (username, address) pair, for the growing delay. */
  signInPair: Limiter;
  /** Held while a pair must wait, and for a moment by each attempt past the free ones. */
  signInPairGate: Limiter;
  /** One attempt at a time for a username or address over its ceiling. */
  signInSlowLane: Limiter;
  /** Accounts created per client IP per hour. */
  registerIp: Limiter;
  /** Accounts created per minute by everyone together (key REGISTER_ALL). */
  registerAll: Limiter;
}

export const REGISTER_ALL = "all";

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
    // Never refuses by itself: it only counts, and the gate below does the refusing.
    signInPair: make({ keyPrefix: "chat:rl:signin-pair", points: 1_000_000, duration: SIGN_IN_PAIR_WINDOW_SECONDS }),
    signInPairGate: make({ keyPrefix: "chat:rl:signin-gate", points: 1, duration: 1 }),
    signInSlowLane: make({ keyPrefix: "chat:rl:signin-slow", points: 1, duration: SIGN_IN_SLOW_LANE_SECONDS }),
    registerIp: make({ keyPrefix: "chat:rl:register-ip", points: config.registerPerAddressPerHour, duration: 60 * 60 }),
    registerAll: make({ keyPrefix: "chat:rl:register-all", points: config.registerPerMinute, duration: 60 }),
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

export interface Count {
  /** Points used in the window, this one included. */
  consumed: number;
  /** Until the window ends. */
  retryAfterMs: number;
}

/** Takes one point whether or not that goes over the limit, and says how many are used: the caller decides. */
export async function count(limiter: Pick<RateLimiterAbstract, "consume">, key: string): Promise<Count> {
  try {
    const res = await limiter.consume(key);
    return { consumed: res.consumedPoints, retryAfterMs: Math.max(1, res.msBeforeNext) };
  } catch (error) {
    if (isLimiterRes(error)) return { consumed: error.consumedPoints, retryAfterMs: Math.max(1, error.msBeforeNext) };
    throw error;
  }
}

/** Gives back a point taken for work that did not happen or succeeded. */
export async function giveBack(limiter: Pick<RateLimiterAbstract, "reward">, key: string): Promise<void> {
  await limiter.reward(key, 1);
}

/** How long `key` must still wait, when it has used up `points`; 0 when it may go on. */
export async function waitLeftMs(limiter: Pick<RateLimiterAbstract, "get">, key: string, points: number): Promise<number> {
  const res = await limiter.get(key);
  return res !== null && res.consumedPoints >= points ? Math.max(1, res.msBeforeNext) : 0;
}
