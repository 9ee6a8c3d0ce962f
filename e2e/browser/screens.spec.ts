import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { expect, test, type Page } from "@playwright/test";
import { chatLink, expectNoA11yViolations, messages, namedPerson, openChatWith } from "./helpers";

// The README's desktop screenshot: a realistic afternoon, with a group and private chats, a day
// separator and receipts. (The phone ones are taken in phone.spec.ts.)

let said = 0;
async function say(page: Page, text: string, attachmentIds: number[] = []): Promise<number> {
  said += 1;
  const id = Number(page.url().split("/").pop());
  const response = await page.request.post(`/api/conversations/${id}/messages`, {
    data: { body: text, clientId: `shot-${Date.now()}-${said}`, ...(attachmentIds.length ? { attachmentIds } : {}) },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { message: { id: number } }).message.id;
}

test("the desktop screens of the README: the chat list beside a conversation", async ({ browser }) => {
  const viewport = { width: 1280, height: 800 };
  const maya = await namedPerson(browser, "maya", { viewport });
  const sam = await namedPerson(browser, "sam");
  const lee = await namedPerson(browser, "lee");

  // A group, with an older conversation from yesterday.
  await maya.page.getByRole("navigation", { name: "Chats" }).getByRole("link", { name: "New group" }).click();
  await maya.page.getByLabel("Group name").fill("Weekend trip");
  for (const name of [sam.name, lee.name]) await maya.page.getByRole("checkbox", { name, exact: true }).check();
  await maya.page.getByRole("button", { name: "Create group" }).click();
  await expect(maya.page.getByRole("heading", { level: 1, name: "Weekend trip" })).toBeVisible();
  for (const person of [sam, lee]) {
    await chatLink(person.page, "Weekend trip").click();
    await expect(person.page.getByRole("heading", { level: 1, name: "Weekend trip" })).toBeVisible();
  }
  const yesterday = [await say(maya.page, "Who's in for the lake on Saturday?"), await say(sam.page, "Me! I can drive")];
  // The group was made yesterday, and its first messages are from then.
  const groupId = Number(maya.page.url().split("/").pop());
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "chat.db"));
  try {
    const earlier = db.prepare("SELECT id FROM messages WHERE conversation_id = ? AND id <= ? ORDER BY id").all(groupId, yesterday.at(-1)) as { id: number }[];
    for (const [i, { id }] of earlier.entries()) db.prepare("UPDATE messages SET created_at = ? WHERE id = ?").run(Date.now() - 86_400_000 + i * 120_000, id);
  } finally {
    db.close();
  }
  // People choose how they are shown.
  for (const [person, displayName] of [
    [maya, "Maya Lopez"],
    [sam, "Sam Okafor"],
    [lee, "Lee Chen"],
  ] as const) {
    expect((await person.page.request.put("/api/me/profile", { data: { displayName } })).status()).toBe(200);
  }
  await say(lee.page, "Count me in!");
  // A photo from last year, as a phone would send it.
  const lake = await sharp({
    create: { width: 1200, height: 800, channels: 3, background: "#4a90c2" },
  })
    .composite([{ input: Buffer.from('<svg width="1200" height="800"><rect y="430" width="1200" height="370" fill="#2f6b3a"/><circle cx="900" cy="200" r="90" fill="#ffd75e"/><path d="M0 430 L300 250 L560 430 Z" fill="#5b6770"/><path d="M380 430 L700 200 L1000 430 Z" fill="#717d86"/></svg>'), top: 0, left: 0 }])
    .jpeg()
    .toBuffer();
  const groupUrl = `/api/conversations/${groupId}/uploads`;
  const uploaded = await lee.page.request.post(groupUrl, { multipart: { file: { name: "lake.jpg", mimeType: "image/jpeg", buffer: lake } } });
  expect(uploaded.status()).toBe(201);
  await say(lee.page, "The lake last summer", [((await uploaded.json()) as { upload: { id: number } }).upload.id]);
  await say(lee.page, "I'll bring snacks and the map, since last time we got a little lost on the way back");
  await say(maya.page, "Perfect. Meet at the station at 9?");
  await say(sam.page, "9 works");

  // A private chat on the side, unread.
  await openChatWith(lee.page, maya.name);
  await say(lee.page, "Did you get the tickets?");

  await maya.page.reload();
  await expect(messages(maya.page).last()).toContainText("9 works");
  await expect(maya.page.getByRole("log", { name: "Messages" }).getByRole("heading", { name: "Yesterday" })).toBeVisible();
  await expect(chatLink(maya.page, "Lee Chen")).toContainText("1 unread");
  await expect(messages(maya.page).getByRole("img", { name: "lake.jpg" })).toBeVisible();
  await maya.page.getByRole("textbox", { name: "Message" }).fill("See you there!");
  await expectNoA11yViolations(maya.page);
  await maya.page.screenshot({ path: "docs/screenshot.png" });
  if (process.env.SCREENSHOT_DIR) {
    await maya.page.emulateMedia({ colorScheme: "dark" });
    await expectNoA11yViolations(maya.page);
    await maya.page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, "desktop-dark.png") });
  }
});
