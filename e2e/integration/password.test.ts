import { describe, expect, it } from "vitest";
import { api, connect, PASSWORD, signIn, signUp, type TestSocket } from "./harness";
import { serverForThisFile } from "./server-for-file";

const app = serverForThisFile();
const NEW_PASSWORD = "a brand new passphrase";

const change = (cookie: string, body: unknown) =>
  api<{ error?: string; code?: string; fields?: Record<string, string> }>(app.url, "/api/me/password", { cookie, body });

function disconnected(socket: TestSocket): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", resolve));
}

describe("changing the password", () => {
  it("needs the current password and a valid new one, and says which field is wrong", async () => {
    const ann = await signUp(app.url);
    const wrong = await change(ann.cookie, { currentPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: "invalid", error: "That is not your current password" });
    const short = await change(ann.cookie, { currentPassword: PASSWORD, newPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe("invalid");
    const same = await change(ann.cookie, { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.body).toMatchObject({ code: "invalid", error: "The new password must differ from the current one" });
    expect((await change(ann.cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, userId: 1 })).status).toBe(400);
    expect((await change("", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(401);
    // Nothing changed: the old password still signs in.
    expect(await signIn(app.url, ann.username, PASSWORD)).not.toBeNull();
  });

  it("ends every session and closes every socket; only the new password signs in after", async () => {
    const ann = await signUp(app.url);
    const otherDevice = await signIn(app.url, ann.username, PASSWORD);
    expect(otherDevice).not.toBeNull();
    const socket = await connect(app.url, { ...ann, cookie: otherDevice! });
    const closed = disconnected(socket);

    expect((await change(ann.cookie, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect(await closed).toBeTruthy();
    for (const cookie of [ann.cookie, otherDevice!]) {
      expect((await api(app.url, "/api/me/settings", { cookie })).status).toBe(401);
    }
    expect(await signIn(app.url, ann.username, PASSWORD)).toBeNull();
    const fresh = await signIn(app.url, ann.username, NEW_PASSWORD);
    expect(fresh).not.toBeNull();
    expect((await api(app.url, "/api/me/settings", { cookie: fresh! })).status).toBe(200);
  });
});
