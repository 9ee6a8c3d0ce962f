// Display names: set and cleared through PUT /api/me/profile, validated by the one schema, shown to
// everyone through GET /api/users, and told live to every connected tab (the changer's own too).
import sharp from "sharp";
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
    expect(await profileOf(ann)).toEqual({ status: 200, body: { id: ann.id, username: ann.username, displayName: null, avatarUrl: null } });
    expect((await seenBy(ben, ann.id))?.displayName).toBeNull();

    expect(await setName(ann, "  Ann   Lee ")).toEqual({ status: 200, body: { id: ann.id, username: ann.username, displayName: "Ann Lee", avatarUrl: null } });
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
    const expected = { userId: ann.id, username: ann.username, displayName: "Zoë 张伟 🎉", avatarUrl: null };
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

describe("profile photos", () => {
  const putPhoto = async (user: TestUser, bytes: Buffer, name = "me.jpg") => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), name);
    const response = await fetch(`${app.url}/api/me/avatar`, { method: "PUT", headers: { cookie: user.cookie }, body: form });
    return { status: response.status, body: (await response.json()) as Profile & { code?: string } };
  };
  const getPhoto = async (user: TestUser | null, url: string) => {
    const response = await fetch(`${app.url}${url}`, { headers: user ? { cookie: user.cookie } : {} });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get("content-type") };
  };

  it("are cropped square, stripped, shown to everyone signed in, told live, replaced and removed", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const benTab = await app.online(ben);
    // A wide photo with a GPS position.
    const photo = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#a53" } })
      .jpeg()
      .withExif({ IFD0: { ImageDescription: "home" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1" } })
      .toBuffer();
    const told = nextEvent(benTab, "user:updated", (u) => u.userId === ann.id && u.avatarUrl !== null);
    const set = await putPhoto(ann, photo);
    expect(set.status).toBe(200);
    expect(set.body.avatarUrl).toMatch(new RegExp(`^/api/users/${ann.id}/avatar/[A-Za-z0-9_-]{24}$`));
    expect((await told).avatarUrl).toBe(set.body.avatarUrl);
    expect((await seenBy(ben, ann.id))?.avatarUrl).toBe(set.body.avatarUrl);
    expect((await profileOf(ann)).body.avatarUrl).toBe(set.body.avatarUrl);

    const seen = await getPhoto(ben, set.body.avatarUrl!);
    expect(seen.status).toBe(200);
    expect(seen.type).toBe("image/webp");
    const metadata = await sharp(seen.bytes).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect(metadata.exif).toBeUndefined();
    expect((await getPhoto(null, set.body.avatarUrl!)).status).toBe(404);

    // A new photo is a new address; the old one is gone.
    const again = await putPhoto(ann, await sharp({ create: { width: 50, height: 80, channels: 3, background: "#3a5" } }).png().toBuffer(), "new.png");
    expect(again.body.avatarUrl).not.toBe(set.body.avatarUrl);
    expect((await getPhoto(ben, set.body.avatarUrl!)).status).toBe(404);
    expect((await getPhoto(ben, again.body.avatarUrl!)).status).toBe(200);

    const removed = await api<Profile>(app.url, "/api/me/avatar", { cookie: ann.cookie, method: "DELETE" });
    expect(removed.body.avatarUrl).toBeNull();
    expect((await getPhoto(ben, again.body.avatarUrl!)).status).toBe(404);
    expect((await seenBy(ben, ann.id))?.avatarUrl).toBeNull();
  });

  it("refuse what is not a photo, and serve nothing but a person's current photo", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    expect(await putPhoto(ann, Buffer.from("%PDF-1.4\n%%EOF\n"), "me.pdf")).toMatchObject({ status: 415, body: { code: "unsupported_media_type" } });
    expect((await putPhoto(ann, Buffer.from("MZ\x90\x00 not an image at all, for sure", "latin1"), "me.jpg")).status).toBe(415);
    expect((await profileOf(ann)).body.avatarUrl).toBeNull();
    // A made-up key, or someone else's id with a real key, is nothing.
    const set = await putPhoto(ann, await sharp({ create: { width: 20, height: 20, channels: 3, background: "#fff" } }).png().toBuffer());
    const key = set.body.avatarUrl!.split("/").at(-1)!;
    expect((await getPhoto(ben, `/api/users/${ben.id}/avatar/${key}`)).status).toBe(404);
    expect((await getPhoto(ben, `/api/users/${ann.id}/avatar/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await getPhoto(ben, `/api/users/${ann.id}/avatar/..%2F..%2Fchat.db`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/me/avatar`, { method: "PUT", body: new FormData() })).status).toBe(401);
  });
});
