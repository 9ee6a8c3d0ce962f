// Display names: set and cleared through PUT /api/me/profile, validated by the one schema, shown to
// everyone through GET /api/users, and told live to every connected tab (the changer's own too).
import { describe, expect, it } from "vitest";
import type { Profile, UserWithPresence } from "@/lib/chat/types";
import { api, nextEvent, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();

const profileOf = (user: TestUser) => api<Profile>(app.url, "/api/me/profile", { cookie: user.cookie });
const setName = (user: TestUser, displayName: unknown) =>
  api<Profile & { error?: string; code?: string; fields?: Record<string, string> }>(app.url, "/api/me/profile", {
    cookie: user.cookie,
    method: "PUT",
    body: { displayName },
  });
const seenBy = async (viewer: TestUser, userId: number) =>
  (await api<{ users: UserWithPresence[] }>(app.url, "/api/users", { cookie: viewer.cookie })).body.users.find((u) => u.id === userId);

describe("display names", () => {
  it("start unset, are set and cleared by their owner, and show in everyone's people list", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    expect(await profileOf(ann)).toEqual({ status: 200, body: { id: ann.id, username: ann.username, displayName: null } });
    expect((await seenBy(ben, ann.id))?.displayName).toBeNull();

    expect(await setName(ann, "  Ann   Lee ")).toEqual({ status: 200, body: { id: ann.id, username: ann.username, displayName: "Ann Lee" } });
    expect((await profileOf(ann)).body.displayName).toBe("Ann Lee");
    expect(await seenBy(ben, ann.id)).toMatchObject({ username: ann.username, displayName: "Ann Lee" });

    expect((await setName(ann, "")).body.displayName).toBeNull();
    expect((await seenBy(ben, ann.id))?.displayName).toBeNull();
  });

  it("reach every connected tab live: others', and the changer's own", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const [annTab, benTab] = await Promise.all([app.online(ann), app.online(ben)]);
    const toBen = nextEvent(benTab, "user:updated", (u) => u.userId === ann.id);
    const toAnn = nextEvent(annTab, "user:updated", (u) => u.userId === ann.id);
    await setName(ann, "Zoë 张伟 🎉");
    const expected = { userId: ann.id, username: ann.username, displayName: "Zoë 张伟 🎉" };
    expect(await toBen).toEqual(expected);
    expect(await toAnn).toEqual(expected);
  });

  it("refuses what could pass for someone else or show nothing, with the field's message and a code", async () => {
    const ann = await signUp(app.url);
    await setName(ann, "Ann");
    const refusals: [unknown, string][] = [
      ["\u202Eeil", "Display name cannot contain text direction controls"],
      ["a\u0007b", "Display name contains control characters"],
      ["\u200B", "Display name must contain a visible character"],
      ["x".repeat(51), "Display name must be at most 50 characters"],
      [42, "Display name must be text"],
    ];
    for (const [displayName, message] of refusals) {
      const answer = await setName(ann, displayName);
      expect(answer.status, JSON.stringify(displayName)).toBe(400);
      expect(answer.body).toMatchObject({ code: "invalid", fields: { displayName: message } });
    }
    // Nothing refused was stored.
    expect((await profileOf(ann)).body.displayName).toBe("Ann");
    // Unknown fields are refused rather than ignored (the schema is strict): a typo is not a silent success.
    expect((await api(app.url, "/api/me/profile", { cookie: ann.cookie, method: "PUT", body: { displayName: "A", username: "root" } })).status).toBe(400);
  });

  it("needs a session, and comes from it: nobody sets another person's name", async () => {
    expect((await api(app.url, "/api/me/profile")).status).toBe(401);
    expect((await api(app.url, "/api/me/profile", { method: "PUT", body: { displayName: "x" } })).status).toBe(401);
  });
});
