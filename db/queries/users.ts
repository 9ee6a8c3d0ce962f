import { asc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";

export interface UserRecord {
  id: number;
  username: string;
}

export interface UserWithHash extends UserRecord {
  passwordHash: string;
  sessionEpoch: number;
}

export interface SessionUserRecord extends UserRecord {
  sessionEpoch: number;
}

export interface ProfileRecord extends UserRecord {
  /** Null: others see the username. */
  displayName: string | null;
  /** Their photo in the file storage; null: initials. */
  avatarKey: string | null;
}

export interface UserWithLastSeen extends ProfileRecord {
  lastSeenAt: number | null;
}

export function createUserQueries(db: Db) {
  const byName = db
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash, sessionEpoch: users.sessionEpoch })
    .from(users)
    .where(sql`${users.username} = ${sql.placeholder("username")} COLLATE NOCASE`)
    .prepare();
  const byId = db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
  const sessionById = db
    .select({ id: users.id, username: users.username, sessionEpoch: users.sessionEpoch })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
  const replacePassword = db
    .update(users)
    .set({ passwordHash: sql`${sql.placeholder("passwordHash")}`, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, sql.placeholder("id")))
    .returning({ sessionEpoch: users.sessionEpoch })
    .prepare();
  const bumpEpoch = db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
  const allExcept = db
    .select({ id: users.id, username: users.username, displayName: users.displayName, avatarKey: users.avatarKey, lastSeenAt: users.lastSeenAt })
    .from(users)
    .where(ne(users.id, sql.placeholder("id")))
    .orderBy(asc(users.username))
    .prepare();
  const profile = { id: users.id, username: users.username, displayName: users.displayName, avatarKey: users.avatarKey };
  const profileById = db
    .select(profile)
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
  const replaceDisplayName = db
    .update(users)
    .set({ displayName: sql`${sql.placeholder("displayName")}` })
    .where(eq(users.id, sql.placeholder("id")))
    .returning(profile)
    .prepare();
  const replaceAvatar = db
    .update(users)
    .set({ avatarKey: sql`${sql.placeholder("avatarKey")}` })
    .where(eq(users.id, sql.placeholder("id")))
    .returning(profile)
    .prepare();
  const touchLastSeen = db
    .update(users)
    .set({ lastSeenAt: sql`${sql.placeholder("at")}` })
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
  const insert = db
    .insert(users)
    .values({
      username: sql.placeholder("username"),
      passwordHash: sql.placeholder("passwordHash"),
      createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoNothing()
    .returning({ id: users.id, username: users.username })
    .prepare();

  return {
    findUserByUsername: (username: string): UserWithHash | undefined => byName.get({ username }),
    findUserById: (id: number): UserRecord | undefined => byId.get({ id }),
    findSessionUser: (id: number): SessionUserRecord | undefined => sessionById.get({ id }),
    /** Ends every session issued so far for this user. */
    endSessions: (id: number): void => void bumpEpoch.run({ id }),
    /** A new password and, in the same statement, the end of every session issued before it. */
    changePassword: (id: number, passwordHash: string): number | null => replacePassword.get({ id, passwordHash })?.sessionEpoch ?? null,
    listUsersExcept: (id: number): UserWithLastSeen[] => allExcept.all({ id }),
    getProfile: (id: number): ProfileRecord | undefined => profileById.get({ id }),
    /** Undefined for no such user. */
    setDisplayName: (id: number, displayName: string | null): ProfileRecord | undefined => replaceDisplayName.get({ id, displayName }),
    setAvatarKey: (id: number, avatarKey: string | null): ProfileRecord | undefined => replaceAvatar.get({ id, avatarKey }),
    setLastSeen: (id: number, at: number): void => void touchLastSeen.run({ id, at }),
    /** Undefined when the name is taken (in any letter case). */
    insertUser: (username: string, passwordHash: string, createdAt: number): UserRecord | undefined =>
      insert.get({ username, passwordHash, createdAt }),
  };
}
