import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { expectNoA11yViolations, messages, newPerson, openChatWith, chatLink, twoPeopleInAConversation } from "./helpers";

const DAY_MS = 86_400_000;

/** Sends through the HTTP API (faster than typing); answers the stored message's id. */
async function post(page: Page, conversationId: number, body: string): Promise<number> {
  const response = await page.request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body, clientId: `seed-${body.replace(/\W/g, "")}-${Date.now()}` },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { message: { id: number } }).message.id;
}

/** Moves messages back in time in the server's own database (the e2e server runs on SQLite). */
function backdate(times: Map<number, number>): void {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "chat.db"));
  try {
    const update = db.prepare("UPDATE messages SET created_at = ? WHERE id = ?");
    for (const [id, at] of times) update.run(at, id);
  } finally {
    db.close();
  }
}

function conversationIdOf(page: Page): number {
  return Number(page.url().split("/").pop());
}

const log = (page: Page) => page.getByRole("log", { name: "Messages" });

/** The message whose text is exactly `text`. */
const byBody = (page: Page, text: string) => messages(page).filter({ has: page.locator('[data-part="body"]', { hasText: new RegExp(`^${text}$`) }) });

test("messages from other days sit under date separators, and a private chat shows no names", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "daysa", "daysb");
  const id = conversationIdOf(alice.page);
  const now = Date.now();
  const old = await post(alice.page, id, "ten days ago");
  const recent = await post(alice.page, id, "three days ago");
  const yesterday = await post(alice.page, id, "yesterday");
  await post(alice.page, id, "today");
  backdate(new Map([[old, now - 10 * DAY_MS], [recent, now - 3 * DAY_MS], [yesterday, now - DAY_MS]]));

  await bob.page.reload();
  const days = log(bob.page).getByRole("heading", { level: 2 });
  await expect(days).toHaveCount(4);
  await expect(days.nth(0)).toHaveText(/\b\d{4}\b/);
  await expect(days.nth(1)).toHaveText(/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/);
  await expect(days.nth(2)).toHaveText("Yesterday");
  await expect(days.nth(3)).toHaveText("Today");
  // Each separator comes right before its day's message.
  const order = await log(bob.page).locator("li").evaluateAll((items) =>
    items.map((li) => li.querySelector("h2")?.textContent ?? li.querySelector('[data-part="body"]')?.textContent ?? null).filter(Boolean),
  );
  expect(order.slice(-8).filter((_, i) => i % 2 === 1)).toEqual(["ten days ago", "three days ago", "yesterday", "today"]);

  // Two people: the name is for screen readers only, never drawn.
  const sender = messages(bob.page).last().locator('[data-part="sender"]');
  await expect(sender).toHaveText(alice.name);
  expect((await sender.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
  await expectNoA11yViolations(bob.page);
  await bob.page.emulateMedia({ colorScheme: "dark" });
  await expectNoA11yViolations(bob.page);
});

test("opening a chat with 30 unread lands on the divider; only what was on screen is read; the new-messages button jumps down", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "unrdiva", "unrdivb");
  const id = conversationIdOf(alice.page);
  await bob.page.goto("/");
  for (let i = 1; i <= 30; i++) await post(alice.page, id, `note ${i}`);
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/30 unread/);

  await openChatWith(bob.page, alice.name);
  const divider = log(bob.page).getByText("30 unread messages");
  await expect(divider).toBeInViewport();
  await expect(byBody(bob.page, "note 1")).toBeInViewport();
  await expect(messages(bob.page).last()).not.toBeInViewport();
  const jump = bob.page.getByRole("button", { name: /^\d+ new messages?$/ });
  await expect(jump).toBeVisible();

  // Alice's view: read as far as Bob has seen, not to the end.
  await alice.page.reload();
  const state = (text: string) => byBody(alice.page, text).locator("[data-state]");
  await expect(state("note 1")).toHaveText("Read");
  await expect(state("note 30")).toHaveText("Delivered");

  await jump.click();
  await expect(messages(bob.page).last()).toBeInViewport();
  await expect(jump).toHaveCount(0);
  await expect(state("note 30")).toHaveText("Read");
  await expect(chatLink(bob.page, alice.name)).not.toHaveAccessibleName(/\d+ unread/);

  // Scrolled up, a new message is counted on the button rather than pulling the view down.
  await log(bob.page).evaluate((el) => (el.scrollTop = 0));
  await expect(bob.page.getByRole("button", { name: "Jump to latest" })).toBeVisible();
  await post(alice.page, id, "while scrolled up");
  await expect(bob.page.getByRole("button", { name: "1 new message" })).toBeVisible();
  await expect(messages(bob.page).last()).not.toBeInViewport();
  await bob.page.getByRole("button", { name: "1 new message" }).click();
  await expect(messages(bob.page).last()).toContainText("while scrolled up");
  await expect(messages(bob.page).last()).toBeInViewport();
});

test("a message's menu works from the keyboard, and its confirmation hands the focus back", async ({ browser }) => {
  const { alice } = await twoPeopleInAConversation(browser, "menua", "menub");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("keep me");
  await box.press("Enter");
  await expect(messages(alice.page).last().locator("[data-state]")).toHaveText(/Delivered|Read/);

  const actions = messages(alice.page).last().getByRole("button", { name: `Actions for message from ${alice.name}` });
  await actions.focus();
  await alice.page.keyboard.press("Enter");
  const menu = alice.page.getByRole("menu");
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await alice.page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem").nth(1)).toBeFocused();
  // Delete is last: End goes there.
  await alice.page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "Delete" })).toBeFocused();
  await alice.page.keyboard.press("Enter");
  const dialog = alice.page.getByRole("dialog", { name: "Delete this message?" });
  await expect(dialog).toBeVisible();
  // The safe answer has the focus: Enter alone deletes nothing.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoA11yViolations(alice.page);
  await alice.page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(actions).toBeFocused();
  await expect(messages(alice.page).last()).toContainText("keep me");

  // Escape closes the menu itself too, and a press outside it.
  await alice.page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await alice.page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(actions).toBeFocused();
  await alice.page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await alice.page.getByRole("heading", { level: 1 }).click();
  await expect(menu).toHaveCount(0);
});

test("a 1280×800 screen shows many one-line messages", async ({ browser }) => {
  const alice = await newPerson(browser, "densa", { viewport: { width: 1280, height: 800 } });
  const bob = await newPerson(browser, "densb");
  await openChatWith(alice.page, bob.name);
  const id = conversationIdOf(alice.page);
  await alice.page.goto("/");
  for (let i = 1; i <= 30; i++) await post(i % 3 === 0 ? alice.page : bob.page, id, `line ${i}`);
  await chatLink(alice.page, bob.name).click();
  await expect(messages(alice.page)).toHaveCount(30);
  // Bob's are unread: Alice lands on the divider, then goes to the end.
  await alice.page.getByRole("button", { name: /new messages?$/ }).click();
  await expect(messages(alice.page).last()).toBeInViewport();
  const fit = await log(alice.page).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll("li[data-message-id]")].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });
  console.log(`[density] ${fit} one-line messages fit in the log at 1280×800`);
  // It was 8 before the redesign.
  expect(fit).toBeGreaterThanOrEqual(16);
});
