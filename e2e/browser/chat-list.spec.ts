import { expect, test, type Page } from "@playwright/test";
import { chatLink, expectNoA11yViolations, findPerson, messages, newPerson, openChatWith, PASSWORD } from "./helpers";

const chats = (page: Page) => page.getByRole("navigation", { name: "Chats" });
const search = (page: Page) => page.getByRole("searchbox", { name: "Find people" });

async function newGroup(page: Page, title: string, members: string[]): Promise<void> {
  await chats(page).getByRole("link", { name: "New group" }).click();
  await page.getByLabel("Group name").fill(title);
  for (const name of members) await page.getByRole("checkbox", { name }).check();
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messages(page).last()).toContainText(text);
}

test("one chat list, newest first, whose filter finds a person and a group", async ({ browser }) => {
  const alice = await newPerson(browser, "lista");
  const bob = await newPerson(browser, "listb");
  const carol = await newPerson(browser, "listc");
  const group = `Book club ${Date.now().toString(36)}`;

  await newGroup(alice.page, group, [bob.name]);
  await say(alice.page, "first chapter by Friday");
  await openChatWith(alice.page, carol.name);
  await say(alice.page, "coffee later?");

  // Groups and private chats in one list, the newest activity on top, each with its time.
  const rows = chats(alice.page).getByRole("link", { name: new RegExp(`^(${carol.name}|${group})\\b`) });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAccessibleName(new RegExp(`^${carol.name}\\b.*You: coffee later\\?`));
  await expect(rows.nth(1)).toHaveAccessibleName(new RegExp(`^${group}\\b.*You: first chapter by Friday`));
  await expect(rows.nth(0).locator("time")).toHaveText(/^\d{1,2}:\d\d/);
  await expect(chats(alice.page).getByRole("link", { name: /^Lobby\b/ })).toBeVisible();

  // Bob's side: the group names who wrote.
  await expect(chatLink(bob.page, group)).toContainText(`${alice.name}: first chapter by Friday`);

  // The filter finds a group...
  await alice.page.goto("/");
  await search(alice.page).fill("book CLUB");
  await expect(chats(alice.page).locator("a[data-chat-id]")).toHaveCount(1);
  await expect(chats(alice.page).getByRole("link", { name: new RegExp(`^${group}\\b`) })).toBeVisible();
  await expect(chatLink(alice.page, carol.name)).toHaveCount(0);
  await expect(chatLink(alice.page, "Lobby")).toHaveCount(0);
  await expect(alice.page.getByRole("navigation", { name: "People" })).toContainText("No one by that name");

  // ...and a person, with or without a chat yet; picking one opens the chat and clears the search.
  await expect(await findPerson(alice.page, carol.name)).toHaveAccessibleName(new RegExp(`^${carol.name} (online|offline)`));
  await expect(chatLink(alice.page, carol.name)).toBeVisible();
  const bobEntry = await findPerson(alice.page, bob.name);
  await expect(bobEntry).toBeVisible();
  await expect(chats(alice.page)).toContainText("No chats match");
  await expectNoA11yViolations(alice.page);
  await bobEntry.click();
  await expect(alice.page.getByRole("heading", { level: 1, name: bob.name })).toBeVisible();
  await expect(search(alice.page)).toHaveValue("");
  await expect(chatLink(alice.page, group)).toBeVisible();

  // New chat goes to the search; Escape there clears it.
  await chats(alice.page).getByRole("button", { name: "New chat" }).click();
  await expect(search(alice.page)).toBeFocused();
  await alice.page.keyboard.type("zzz");
  await alice.page.keyboard.press("Escape");
  await expect(search(alice.page)).toHaveValue("");
  await alice.page.emulateMedia({ colorScheme: "dark" });
  await expectNoA11yViolations(alice.page);
});

test("keyboard: the skip link, then typing and Enter send; Ctrl+K finds a chat; Alt+↓ goes to the next one", async ({ browser }) => {
  const alice = await newPerson(browser, "keya");
  const bob = await newPerson(browser, "keyb");
  const group = `Keys ${Date.now().toString(36)}`;
  await newGroup(alice.page, group, [bob.name]);
  await openChatWith(alice.page, bob.name);
  const page = alice.page;

  // Page load: a desktop opening a chat has its box focused already.
  await page.reload();
  const box = page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();

  // A narrow window does not take the focus on load (as on a phone): from the top of the page,
  // Tab reaches the skip link first, Enter lands in the box, Enter sends.
  await page.setViewportSize({ width: 700, height: 800 });
  await page.reload();
  await expect(box).not.toBeFocused();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to message box" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(box).toBeFocused();
  await page.keyboard.type("three keys");
  await page.keyboard.press("Enter");
  await expect(messages(page).last()).toContainText("three keys");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Ctrl+K: the switcher, filtered as one types; Enter opens the chosen chat.
  await page.keyboard.press("Control+k");
  const switcher = page.getByRole("dialog", { name: "Switch to a chat" });
  await expect(switcher).toBeVisible();
  await expect(switcher.getByRole("combobox", { name: "Switch to chat" })).toBeFocused();
  await expectNoA11yViolations(page);
  await page.keyboard.type(group.slice(0, 6));
  await expect(switcher.getByRole("option", { selected: true })).toHaveText(new RegExp(group));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: group })).toBeVisible();
  await expect(switcher).toBeHidden();
  await expect(box).toBeFocused();

  // Escape closes it and gives the focus back.
  await page.keyboard.press("Control+k");
  await expect(switcher).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(switcher).toBeHidden();
  await expect(box).toBeFocused();

  // Alt+↓ and Alt+↑ walk the chat list in its order.
  const order = await chats(page)
    .locator("a[data-chat-id]")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")));
  const here = order.indexOf(new URL(page.url()).pathname);
  expect(here).toBeGreaterThanOrEqual(0);
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page).toHaveURL(new RegExp(`${order[(here + 1) % order.length]}$`));
  await page.keyboard.press("Alt+ArrowUp");
  await expect(page).toHaveURL(new RegExp(`${order[here]}$`));
});

test("the new-group form says its rules first, and each problem once, in words; its people can be filtered", async ({ browser }) => {
  const alice = await newPerson(browser, "formsa");
  // Enough people for the picker to offer its filter.
  const others = Array.from({ length: 9 }, (_, i) => `${alice.name.slice(0, 20)}p${i}`);
  for (const username of others) {
    expect((await alice.page.request.post("/api/register", { data: { username, password: PASSWORD } })).status()).toBe(201);
  }
  await chats(alice.page).getByRole("link", { name: "New group" }).click();
  const name = alice.page.getByLabel("Group name");
  await expect(name).toHaveAccessibleDescription(/^Up to \d+ characters\.$/);
  await alice.page.getByRole("button", { name: "Create group" }).click();
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(alice.page.getByText(/Group name cannot be empty/)).toHaveCount(1);
  await expect(alice.page.getByText(/title:/)).toHaveCount(0);
  await expectNoA11yViolations(alice.page);

  // The filter narrows the checkboxes; a ticked person stays in view.
  await alice.page.reload();
  await alice.page.getByRole("checkbox", { name: others[3]!, exact: true }).check();
  await alice.page.getByRole("searchbox", { name: "Filter people" }).fill(others[7]!);
  await expect(alice.page.getByRole("checkbox", { name: others[7]!, exact: true })).toBeVisible();
  await expect(alice.page.getByRole("checkbox", { name: others[3]!, exact: true })).toBeChecked();
  await expect(alice.page.getByRole("checkbox", { name: others[5]!, exact: true })).toHaveCount(0);
});
