// Files in an S3-compatible bucket (S3_BUCKET and S3_ENDPOINT), against a local S3 server started
// here (s3rver): stored there and not on the instance's disk, served to members, deleted with
// their message.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/chat/types";
import { api, newClientId, openConversation, signUp, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

const BUCKET = "chat-files";
const s3Dir = mkdtempSync(path.join(tmpdir(), "chat-s3-"));
let s3: S3rver;
let client: S3Client;
// Filled before the server starts: hooks run in the order they were registered.
const env: Record<string, string> = {};
beforeAll(async () => {
  s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: s3Dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await s3.run();
  Object.assign(env, {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  });
  client = new S3Client({
    region: "us-east-1",
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
});
const app = serverForThisFile(env);
afterAll(async () => {
  client.destroy();
  await s3.close();
  rmSync(s3Dir, { recursive: true, force: true });
});

async function objects(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
}

async function upload(user: TestUser, conversationId: number, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${app.url}/api/conversations/${conversationId}/uploads`, { method: "POST", headers: { cookie: user.cookie }, body: form });
  return { status: response.status, body: (await response.json()) as { upload: { id: number } } };
}

describe("files in an S3-compatible bucket", () => {
  it("stores them in the bucket, not on the instance's disk, serves them to members and deletes them with the message", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const before = await objects();
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#39c" } }).png().toBuffer();
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    const image = await upload(ann, chat, photo, "photo.png");
    const doc = await upload(ann, chat, pdf, "doc.pdf");
    expect([image.status, doc.status]).toEqual([201, 201]);
    // The photo, its thumbnail and the PDF: three objects, under random keys.
    const stored = (await objects()).filter((k) => !before.includes(k));
    expect(stored).toHaveLength(3);
    for (const key of stored) expect(key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const onDisk = readdirSync(path.join(app.server.dataDir, "uploads"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(onDisk).toEqual([]);

    const as = await app.online(ann);
    const ack = await as.emitWithAck("message:send", { conversationId: chat, body: "", clientId: newClientId(), attachmentIds: [image.body.upload.id, doc.body.upload.id] });
    const message = ack.ok ? ack.message : null;
    expect(message?.attachments).toHaveLength(2);
    const file = await fetch(`${app.url}${message!.attachments[1]!.url}`, { headers: { cookie: ben.cookie } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    const thumbnail = await fetch(`${app.url}${message!.attachments[0]!.thumbnailUrl!}`, { headers: { cookie: ben.cookie } });
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format).toBe("webp");

    const deleted = await api<{ message: ChatMessage }>(app.url, `/api/conversations/${chat}/messages/${message!.id}`, { cookie: ann.cookie, method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await objects()).toEqual(before);
    expect((await fetch(`${app.url}${message!.attachments[1]!.url}`, { headers: { cookie: ben.cookie } })).status).toBe(404);
  });
});
