// Files in conversations, on the real server (SQLite, and PostgreSQL in the second run): uploaded
// by members only, streamed under the size limit, typed from their bytes, cleaned of metadata,
// attached once, delivered live and by catch-up, served to members only with safe headers, and
// removed with their message.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { ChatMessage, MessagePage, SyncPage } from "@/lib/chat/types";
import { api, newClientId, nextEvent, openConversation, send, signUp, type TestSocket, type TestUser } from "./harness";
import { serverForThisFile } from "./server-for-file";

// 1 MB per file, 3 MB a day: small enough to cross quickly.
const app = serverForThisFile({ MAX_UPLOAD_MB: "1", UPLOAD_MB_PER_DAY: "3" });
const MB = 1024 * 1024;

interface UploadAnswer {
  upload?: { id: number; name: string; type: string; size: number; width?: number; height?: number };
  error?: string;
  code?: string;
}

async function upload(user: TestUser | null, conversationId: number, bytes: Uint8Array, name: string, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${app.url}/api/conversations/${conversationId}/uploads`, {
    method: "POST",
    headers: user ? { cookie: user.cookie } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

async function fetchAs(user: TestUser | null, url: string) {
  const response = await fetch(`${app.url}${url}`, { headers: user ? { cookie: user.cookie } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A 40×20 photo, stored turned on its side (EXIF orientation 6), with a description and a GPS position. */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: "#c33" } })
    .jpeg()
    .withExif({ IFD0: { ImageDescription: "secret place" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1" } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

async function sendWithFiles(socket: TestSocket, conversationId: number, attachmentIds: number[], body = "", clientId = newClientId()) {
  return socket.emitWithAck("message:send", { conversationId, body, clientId, attachmentIds });
}

/** Every stored file under the server's uploads folder (not the temporary ones). */
function storedFiles(): string[] {
  const root = path.join(app.server.dataDir, "uploads");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  try {
    walk(root);
  } catch {
    return [];
  }
  return out;
}

describe("files in a conversation", () => {
  it("a photo is stored upright without its metadata, sent with a caption, received live, by catch-up and in history", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const [as, bs] = await Promise.all([app.online(ann), app.online(ben)]);
    const sync = await api<SyncPage>(app.url, "/api/sync?after=0", { cookie: ben.cookie });

    const photo = await photoWithGps();
    const sent = await upload(ann, chat, photo, "../../holiday\u202Egpj.jpg", "text/html");
    expect(sent.status).toBe(201);
    // Typed from the bytes, named safely, measured after turning upright.
    expect(sent.body.upload).toMatchObject({ name: "holidaygpj.jpg", type: "image/jpeg", width: 20, height: 40 });
    const uploadId = sent.body.upload!.id;

    const live = nextEvent(bs, "message:new", (m) => m.conversationId === chat);
    const ack = await sendWithFiles(as, chat, [uploadId], "  the view  ");
    expect(ack.ok).toBe(true);
    const message = (await live) as ChatMessage;
    expect(message.body).toBe("the view");
    expect(message.attachments).toEqual([
      {
        id: uploadId,
        name: "holidaygpj.jpg",
        type: "image/jpeg",
        size: sent.body.upload!.size,
        width: 20,
        height: 40,
        url: `/api/uploads/${uploadId}`,
        thumbnailUrl: `/api/uploads/${uploadId}/thumbnail`,
      },
    ]);

    // Ben gets the bytes: a JPEG without EXIF (no GPS, no description), shown inline, never sniffed.
    const file = await fetchAs(ben, message.attachments[0]!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-security-policy")).toMatch(/(^|, |; )sandbox/);
    expect(file.headers.get("content-disposition")).toMatch(/^inline; filename="holidaygpj.jpg"/);
    const metadata = await sharp(file.bytes).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 20, height: 40 });
    expect(metadata.exif).toBeUndefined();
    expect(file.bytes.includes("secret place")).toBe(false);
    const thumbnail = await fetchAs(ben, message.attachments[0]!.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    expect((await sharp(thumbnail.bytes).metadata()).format).toBe("webp");

    // Catch-up and history carry the attachment as the live push did.
    const caughtUp = await api<SyncPage>(app.url, `/api/sync?after=${encodeURIComponent(sync.body.cursor)}`, { cookie: ben.cookie });
    expect(caughtUp.body.messages.find((m) => m.id === message.id)?.attachments).toEqual(message.attachments);
    const history = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(history.body.messages.at(-1)).toEqual(message);
    // So does the list's last message, for the preview.
    const list = await api<{ conversations: { id: number; lastMessage: ChatMessage | null }[] }>(app.url, "/api/conversations", { cookie: ben.cookie });
    expect(list.body.conversations.find((c) => c.id === chat)?.lastMessage?.attachments).toHaveLength(1);
  });

  it("other files download as attachments with their name; up to ten per message, text optional, in the order given", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    const pdf = await upload(ann, chat, PDF, "Report «Q3».pdf");
    const text = await upload(ann, chat, new TextEncoder().encode("notes\nmore notes\n"), "notes.txt");
    expect(pdf.body.upload).toMatchObject({ type: "application/pdf", size: PDF.length });
    expect(text.body.upload).toMatchObject({ type: "text/plain" });
    const ack = await sendWithFiles(as, chat, [text.body.upload!.id, pdf.body.upload!.id]);
    expect(ack.ok).toBe(true);
    const message = ack.ok ? ack.message : null;
    expect(message?.body).toBe("");
    expect(message?.attachments.map((a) => a.name)).toEqual(["notes.txt", "Report «Q3».pdf"]);
    expect(message?.attachments[1]?.thumbnailUrl).toBeUndefined();

    const file = await fetchAs(ben, message!.attachments[1]!.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="Report _Q3_.pdf"; filename*=UTF-8''Report%20%C2%ABQ3%C2%BB.pdf`);

    expect((await sendWithFiles(as, chat, Array.from({ length: 11 }, (_, i) => i + 1))).ok).toBe(false);
    expect(await as.emitWithAck("message:send", { conversationId: chat, body: " ", clientId: newClientId(), attachmentIds: [] })).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("HTML or SVG named .png is never served as a page or an image; executables are refused", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    for (const [bytes, name] of [
      ["<!doctype html><script>alert(document.cookie)</script>", "cute.png"],
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "icon.png"],
    ] as const) {
      const answer = await upload(ann, chat, new TextEncoder().encode(bytes), name, "image/png");
      // Accepted only as plain text, and then only ever downloaded.
      if (answer.status === 201) {
        expect(answer.body.upload?.type).toBe("text/plain");
        const ack = await sendWithFiles(as, chat, [answer.body.upload!.id]);
        const url = ack.ok ? ack.message.attachments[0]!.url : "";
        const file = await fetchAs(ben, url);
        expect(file.headers.get("content-type")).toBe("text/plain; charset=utf-8");
        expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
      } else {
        expect(answer).toMatchObject({ status: 415, body: { code: "unsupported_media_type" } });
      }
    }
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"), Buffer.alloc(5000, 1)]);
    expect(await upload(ann, chat, exe, "setup.png", "image/png")).toEqual({
      status: 415,
      body: { error: "This type of file is not allowed", code: "unsupported_media_type" },
    });
    // A file that says it is a JPEG but does not decode is refused too.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
    expect((await upload(ann, chat, broken, "broken.jpg")).status).toBe(415);
    // A refusal answers only once its temporary file is gone.
    const incoming = path.join(app.server.dataDir, "uploads", ".incoming");
    expect(readdirSync(incoming).filter((f) => statSync(path.join(incoming, f)).isFile())).toEqual([]);
  });

  it("only members read files: strangers, the signed out and removed members get 404", async () => {
    const [ann, ben, eve] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url)]);
    const created = await api<{ conversation: { id: number } }>(app.url, "/api/groups", { cookie: ann.cookie, body: { title: "files", userIds: [ben.id] } });
    const group = created.body.conversation.id;
    const as = await app.online(ann);
    // Uploading needs membership: a stranger is told nothing exists.
    expect((await upload(eve, group, PDF, "x.pdf")).status).toBe(404);
    expect((await upload(null, group, PDF, "x.pdf")).status).toBe(401);

    const sent = await upload(ann, group, PDF, "plan.pdf");
    const id = sent.body.upload!.id;
    // Before it is sent, only its uploader can read it.
    expect((await fetchAs(ann, `/api/uploads/${id}`)).status).toBe(200);
    expect((await fetchAs(ben, `/api/uploads/${id}`)).status).toBe(404);
    // Someone else's upload cannot be sent, nor one into another conversation.
    const bs = await app.online(ben);
    expect(await sendWithFiles(bs, group, [id])).toMatchObject({ ok: false, code: "invalid" });
    const ack = await sendWithFiles(as, group, [id], "the plan");
    expect(ack.ok).toBe(true);
    const url = ack.ok ? ack.message.attachments[0]!.url : "";
    expect((await fetchAs(ben, url)).status).toBe(200);
    expect((await fetchAs(eve, url)).status).toBe(404);
    expect((await fetchAs(null, url)).status).toBe(404);
    expect((await fetchAs(eve, `${url}/thumbnail`)).status).toBe(404);
    expect((await fetchAs(ben, "/api/uploads/999999999")).status).toBe(404);
    expect((await fetchAs(ben, "/api/uploads/abc")).status).toBe(404);

    const removed = await api(app.url, `/api/conversations/${group}/members/${ben.id}`, { cookie: ann.cookie, method: "DELETE" });
    expect(removed.status).toBeLessThan(300);
    expect((await fetchAs(ben, url)).status).toBe(404);
    // A removed member cannot upload either.
    expect((await upload(ben, group, PDF, "late.pdf")).status).toBe(404);
  });

  it("the same clientId with files stores one message and attaches them once", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    const id = (await upload(ann, chat, PDF, "once.pdf")).body.upload!.id;
    const clientId = newClientId();
    const [first, second] = await Promise.all([sendWithFiles(as, chat, [id], "once", clientId), sendWithFiles(as, chat, [id], "once", clientId)]);
    expect(first.ok && second.ok).toBe(true);
    const again = await sendWithFiles(as, chat, [id], "once", clientId);
    const ids = [first, second, again].map((a) => (a.ok ? a.message.id : 0));
    expect(new Set(ids).size).toBe(1);
    const history = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(history.body.messages.filter((m) => m.attachments.length > 0)).toHaveLength(1);
    // Sent once, it cannot be sent again with another message.
    expect(await sendWithFiles(as, chat, [id], "twice")).toMatchObject({ ok: false, code: "invalid" });
  });

  it("deleting the message deletes its files and thumbnails", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const as = await app.online(ann);
    const before = storedFiles().length;
    const photo = (await upload(ann, chat, await photoWithGps(), "p.jpg")).body.upload!.id;
    const pdf = (await upload(ann, chat, PDF, "d.pdf")).body.upload!.id;
    expect(storedFiles().length).toBe(before + 3);
    const ack = await sendWithFiles(as, chat, [photo, pdf]);
    const message = ack.ok ? ack.message : null;
    const deleted = await api<{ message: ChatMessage }>(app.url, `/api/conversations/${chat}/messages/${message!.id}`, { cookie: ann.cookie, method: "DELETE" });
    expect(deleted.body.message).toMatchObject({ deleted: true, attachments: [] });
    expect(storedFiles().length).toBe(before);
    for (const a of message!.attachments) expect((await fetchAs(ben, a.url)).status).toBe(404);
    const history = await api<MessagePage>(app.url, `/api/conversations/${chat}/messages`, { cookie: ben.cookie });
    expect(history.body.messages.at(-1)).toMatchObject({ id: message!.id, deleted: true, attachments: [] });
  });
});

describe("limits while streaming", () => {
  it("cuts a too-large file off at the limit with 413, reading no further and keeping nothing", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const before = storedFiles().length;
    // 64 MB offered lazily; the server must answer long before it is all sent.
    let offered = 0;
    const total = 64 * MB;
    const boundary = "----limit-test";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (offered >= total) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        offered += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${app.url}/api/conversations/${chat}/uploads`, {
      method: "POST",
      headers: { cookie: ann.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "Too large: 1 MB at most", code: "payload_too_large" });
    expect(offered).toBeLessThan(16 * MB);
    expect(storedFiles().length).toBe(before);
    const incoming = path.join(app.server.dataDir, "uploads", ".incoming");
    expect(readdirSync(incoming).filter((f) => statSync(path.join(incoming, f)).isFile())).toEqual([]);
  });

  it("counts a day's uploads per person: past the allowance, 413 with the reason", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(MB - 100, 0x41)]);
    for (let i = 0; i < 3; i++) expect((await upload(ann, chat, big, `part${i}.pdf`)).status).toBe(201);
    const refused = await upload(ann, chat, big, "part3.pdf");
    expect(refused).toMatchObject({ status: 413, body: { code: "payload_too_large" } });
    expect(refused.body.error).toMatch(/today/);
    // Someone else's allowance is their own.
    expect((await upload(ben, chat, big, "mine.pdf")).status).toBe(201);
  });
});

describe("bad multipart is a 400, never a crash", () => {
  async function raw(user: TestUser, conversationId: number, contentType: string | null, body: string | Buffer) {
    const headers: Record<string, string> = { cookie: user.cookie };
    if (contentType) headers["content-type"] = contentType;
    const response = await fetch(`${app.url}/api/conversations/${conversationId}/uploads`, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as UploadAnswer };
  }
  const part = (boundary: string, name: string, filename: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`;

  it("refuses no boundary, no file, two files, a field, a huge header and a truncated body", async () => {
    const [ann, ben] = await Promise.all([signUp(app.url), signUp(app.url)]);
    const chat = await openConversation(app.url, ann, ben);
    const b = "xyz";
    const pdf = PDF.toString("latin1");
    const cases: [string | null, string | Buffer][] = [
      ["multipart/form-data", part(b, "file", "a.pdf", pdf) + `--${b}--\r\n`],
      [null, "just text"],
      ["application/json", JSON.stringify({ file: "x" })],
      [`multipart/form-data; boundary=${b}`, `--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, part(b, "file", "a.pdf", pdf) + part(b, "file", "b.pdf", pdf) + `--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, part(b, "other", "a.pdf", pdf) + `--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nX-Huge: ${"h".repeat(100_000)}\r\n\r\n${pdf}\r\n--${b}--\r\n`],
      [`multipart/form-data; boundary=${b}`, part(b, "file", "a.pdf", pdf).slice(0, 60)],
    ];
    for (const [type, body] of cases) {
      const answer = await raw(ann, chat, type, body);
      expect(answer.status, `${type} ${String(body).slice(0, 40)}`).toBe(400);
      expect(answer.body.code).toBe("invalid");
    }
    // And the server is still well.
    expect((await upload(ann, chat, PDF, "fine.pdf")).status).toBe(201);
    await send(await app.online(ann), chat, "still here");
  });
});
