import type { PublicUser } from "../chat/types";
import { PresenceTracker, type Presence, type PresenceListener } from "./presence";
import type { RedisClient } from "./redis";

const HEARTBEAT_MS = 5000;
/** An instance silent this long is dead; its users are offline unless connected elsewhere. */
export const INSTANCE_DEAD_AFTER_MS = 15_000;

const INSTANCES = "chat:presence:instances";
const usersOf = (instanceId: string) => `chat:presence:users:${instanceId}`;
const reapLock = (instanceId: string) => `chat:presence:reap:${instanceId}`;

/**
 * Presence across instances. Each instance counts its own sockets (with the grace period) and
 * keeps the set of its online users in Redis, rewritten on every heartbeat so it heals after a
 * Redis restart. A person is online while any live instance lists them. When an instance stops
 * heartbeating, a surviving one reaps it and announces its users offline unless they reconnected
 * elsewhere meanwhile.
 */
export class SharedPresence implements Presence {
  private listener: PresenceListener = () => {};
  private instanceDeadListener: () => void = () => {};
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private warned = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly instanceId: string,
    private readonly lookupUser: (id: number) => Promise<PublicUser | undefined>,
    private readonly local = new PresenceTracker(),
  ) {
    local.onChange((user, online) => void this.localChange(user, online));
    void this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(setInterval(() => void this.reap(), HEARTBEAT_MS));
  }

  onChange(listener: PresenceListener): void {
    this.listener = listener;
  }

  /** Called once per dead instance (by the survivor that reaps it). */
  onInstanceDead(listener: () => void): void {
    this.instanceDeadListener = listener;
  }

  add(user: PublicUser): void {
    this.local.add(user);
  }

  remove(user: PublicUser): void {
    this.local.remove(user);
  }

  async onlineUserIds(): Promise<Set<number>> {
    const ids = this.local.localIds();
    try {
      const live = await this.liveInstances();
      if (live.length) for (const id of await this.redis.sUnion(live.map(usersOf))) ids.add(Number(id));
    } catch (error) {
      this.warn(error);
    }
    return ids;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.local.close();
    // The set stays until reaped, so people who do not reconnect elsewhere are announced offline then.
  }

  private async localChange(user: PublicUser, online: boolean): Promise<void> {
    try {
      if (online) {
        const elsewhere = await this.onlineElsewhere(user.id);
        await this.redis.sAdd(usersOf(this.instanceId), String(user.id));
        if (!elsewhere) this.listener(user, true);
      } else {
        await this.redis.sRem(usersOf(this.instanceId), String(user.id));
        if (!(await this.onlineElsewhere(user.id))) this.listener(user, false);
      }
    } catch (error) {
      // Redis is down: announce what this instance knows; the heartbeat repairs Redis later.
      this.warn(error);
      this.listener(user, online);
    }
  }

  private async liveInstances(): Promise<string[]> {
    return this.redis.zRangeByScore(INSTANCES, Date.now() - INSTANCE_DEAD_AFTER_MS, "+inf");
  }

  private async onlineElsewhere(userId: number): Promise<boolean> {
    const others = (await this.liveInstances()).filter((id) => id !== this.instanceId);
    for (const other of others) {
      if (await this.redis.sIsMember(usersOf(other), String(userId))) return true;
    }
    return false;
  }

  private async heartbeat(): Promise<void> {
    try {
      const key = usersOf(this.instanceId);
      const ids = [...this.local.localIds()].map(String);
      const tx = this.redis.multi().zAdd(INSTANCES, { score: Date.now(), value: this.instanceId }).del(key);
      if (ids.length) tx.sAdd(key, ids);
      await tx.pExpire(key, INSTANCE_DEAD_AFTER_MS * 4).exec();
      this.warned = false;
    } catch (error) {
      this.warn(error);
    }
  }

  private async reap(): Promise<void> {
    try {
      const dead = await this.redis.zRangeByScore(INSTANCES, "-inf", Date.now() - INSTANCE_DEAD_AFTER_MS);
      for (const instance of dead) {
        if (instance === this.instanceId) continue;
        // One survivor reaps each dead instance.
        if ((await this.redis.set(reapLock(instance), this.instanceId, { NX: true, PX: 60_000 })) !== "OK") continue;
        const users = await this.redis.sMembers(usersOf(instance));
        await this.redis.multi().zRem(INSTANCES, instance).del(usersOf(instance)).exec();
        console.log(`[presence] instance ${instance} stopped; ${users.length} of its users to check`);
        this.instanceDeadListener();
        for (const id of users.map(Number)) {
          if (this.local.isOnline(id) || (await this.onlineElsewhere(id))) continue;
          const user = await this.lookupUser(id);
          if (user) this.listener(user, false);
        }
      }
    } catch (error) {
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.error("[presence] Redis unavailable, using this instance's view:", (error as Error).message);
  }
}
