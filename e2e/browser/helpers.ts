import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.toLowerCase().slice(0, 32);
}

// Contexts made by hand outlive their test unless closed: dozens of idle tabs, each still
// connected and re-rendering on every presence change, would slow every later test.
const openedContexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(openedContexts.splice(0).map((context) => context.close()));
});

/** A new person in their own browser context (own cookies), signed up through the register page. */
export async function newPerson(browser: Browser, prefix: string, options: BrowserContextOptions = {}): Promise<{ page: Page; name: string }> {
  // Contexts made by hand do not inherit the config's `use`, so the base URL is passed on.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...options });
  openedContexts.push(context);
  const page = await context.newPage();
  const name = uniqueName(prefix);
  await page.goto("/register");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "People" })).toBeVisible();
  return { page, name };
}

/**
 * Someone with a readable name, for the README's screenshots: registered, or signed in when this
 * server has met them already (a reused local server).
 */
export async function namedPerson(browser: Browser, name: string, options: BrowserContextOptions = {}): Promise<{ page: Page; name: string }> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...options });
  openedContexts.push(context);
  const page = await context.newPage();
  const registered = await page.request.post("/api/register", { data: { username: name, password: PASSWORD } });
  expect([201, 409]).toContain(registered.status());
  await page.goto("/login");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "People" })).toBeVisible();
  return { page, name };
}

/** A row of the chat list (a private chat is titled with the other person's name). */
export function chatLink(page: Page, title: string) {
  return page.getByRole("navigation", { name: "Chats" }).getByRole("link", { name: new RegExp(`^${title}\\b`) });
}

/** Searches People for someone and answers their entry: a link whose name starts with the username. */
export async function findPerson(page: Page, name: string) {
  await page.getByRole("navigation", { name: "People" }).getByRole("searchbox", { name: "Find people" }).fill(name);
  return page.getByRole("navigation", { name: "People" }).getByRole("link", { name: new RegExp(`^${name}\\b`) });
}

export async function openChatWith(page: Page, name: string): Promise<void> {
  await (await findPerson(page, name)).click();
  await expect(page).toHaveURL(/\/c\/\d+$/);
  // The URL alone could still be the chat open before.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("log", { name: "Messages" })).toBeVisible();
}

/** The conversation's ⋮ button (named "Conversation settings" for screen readers). */
export function conversationSettings(page: Page) {
  return page.getByRole("button", { name: "Conversation settings" });
}

/** Answers the confirmation dialog a destructive action opens. */
export async function confirmIn(page: Page, label: string): Promise<void> {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: label, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** The ⋮ menu of the first message matching `text`: hover shows it, as a mouse user finds it. */
export async function openMessageMenu(page: Page, text: string) {
  const item = messages(page).filter({ hasText: text }).first();
  await item.hover();
  await item.getByRole("button", { name: /^Actions for message from / }).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  return menu;
}

/** Deletes a message through its menu and the confirmation. */
export async function deleteMessageVia(page: Page, text: string): Promise<void> {
  const menu = await openMessageMenu(page, text);
  await menu.getByRole("menuitem", { name: "Delete" }).click();
  await confirmIn(page, "Delete");
}

/** Two new people, each with their private conversation open. */
export async function twoPeopleInAConversation(browser: Browser, first: string, second: string) {
  const alice = await newPerson(browser, first);
  const bob = await newPerson(browser, second);
  await openChatWith(alice.page, bob.name);
  await openChatWith(bob.page, alice.name);
  return { alice, bob };
}

export function messages(page: Page) {
  return page.getByRole("log", { name: "Messages" }).getByRole("listitem").filter({ has: page.locator("time") });
}

/** WCAG 2.x A and AA rules only. */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
