import { expect, test } from "@playwright/test";
import { PASSWORD, expectNoA11yViolations, messages, newPerson, chatLink, findPerson, openChatWith, twoPeopleInAConversation } from "./helpers";

test("two people chat both ways in real time, and the history survives a reload", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");

  await expect(await findPerson(alice.page, bob.name)).toHaveAccessibleName(new RegExp(`^${bob.name}.*online`));
  await openChatWith(alice.page, bob.name);
  await openChatWith(bob.page, alice.name);

  const aliceBox = alice.page.getByRole("textbox", { name: "Message" });
  await aliceBox.fill("Hello Bob");
  await aliceBox.press("Enter");
  await expect(aliceBox).toHaveValue("");
  await expect(messages(bob.page).last()).toContainText("Hello Bob");
  await expect(messages(bob.page).last()).toContainText(alice.name);

  const bobBox = bob.page.getByRole("textbox", { name: "Message" });
  await bobBox.fill("Hi Alice");
  await bobBox.press("Shift+Enter");
  await bobBox.pressSequentially("second line");
  await bob.page.getByRole("button", { name: "Send" }).click();
  const reply = messages(alice.page).last();
  await expect(reply).toContainText(bob.name);
  await expect(reply.locator('[data-part="body"]')).toHaveText("Hi Alice\nsecond line");

  // Exactly two messages on each side: the sender's pending copy was replaced, not duplicated.
  await expect(messages(alice.page)).toHaveCount(2);
  await expect(messages(bob.page)).toHaveCount(2);
  await expect(messages(alice.page).first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  const url = alice.page.url();
  await alice.page.reload();
  expect(alice.page.url()).toBe(url);
  await expect(messages(alice.page)).toHaveCount(2);
  await expect(messages(alice.page).nth(0)).toContainText("Hello Bob");
  await expect(messages(alice.page).nth(1)).toContainText("Hi Alice");

  // The chat list shows the last message of the conversation.
  await expect(chatLink(bob.page, alice.name)).toContainText("Hi Alice");

  await expectNoA11yViolations(alice.page);
});

test("markup in a message is shown as text and never runs", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "mallory", "victim");
  const payload = `<img src=x onerror="window.__pwned=1"><b id="injected">bold</b><script>window.__pwned=2</script>`;
  await alice.page.getByRole("textbox", { name: "Message" }).fill(payload);
  await alice.page.getByRole("button", { name: "Send" }).click();

  const log = bob.page.getByRole("log", { name: "Messages" });
  await expect(log).toContainText(payload);
  await expect(log.locator("img, b#injected, script")).toHaveCount(0);
  expect(await bob.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("a person whose last tab closes shows as offline to others", async ({ browser }) => {
  const alice = await newPerson(browser, "watch");
  const bob = await newPerson(browser, "leaver");
  const link = await findPerson(alice.page, bob.name);
  await expect(link).toHaveAccessibleName(/online/);
  await bob.page.context().close();
  await expect(link).toHaveAccessibleName(/offline/, { timeout: 10_000 });
});

test("signing out ends the session; signed-out visits go to sign-in and back afterwards", async ({ browser }) => {
  const alice = await newPerson(browser, "leaving");
  const bob = await newPerson(browser, "staying");
  await openChatWith(alice.page, bob.name);
  const conversationPath = new URL(alice.page.url()).pathname;

  await alice.page.getByRole("button", { name: "Sign out" }).click();
  await expect(alice.page).toHaveURL(/\/login/);
  expect((await alice.page.request.get("/api/users")).status()).toBe(401);

  await alice.page.goto(conversationPath);
  await expect(alice.page).toHaveURL((u) => u.pathname === "/login" && u.searchParams.get("callbackUrl") === conversationPath);
  await alice.page.getByLabel("Username").fill(alice.name);
  await alice.page.getByLabel("Password").fill("not the password");
  await alice.page.getByRole("button", { name: "Sign in" }).click();
  await expect(alice.page.getByRole("main").getByRole("alert")).toHaveText("Invalid username or password");

  await alice.page.getByLabel("Password").fill(PASSWORD);
  await alice.page.getByRole("button", { name: "Sign in" }).click();
  await expect(alice.page).toHaveURL(new RegExp(`${conversationPath}$`));
  await expect(alice.page.getByRole("log", { name: "Messages" })).toBeVisible();
});

test("the sign-in and register pages explain mistakes in words and pass axe", async ({ page }) => {
  await page.goto("/register");
  await expectNoA11yViolations(page);
  // The rules are there before the first try, tied to their fields.
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription("At least 8 characters.");
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription(/letters a–z, digits/);
  await page.getByLabel("Username").fill("x");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // One message per problem, by its field, in words (no field names, no summary repeating them).
  await expect(page.getByText("Username must be at least 3 characters")).toHaveCount(1);
  await expect(page.getByText("Password must be at least 8 characters")).toHaveCount(1);
  await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Username")).toBeFocused();
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription("Username must be at least 3 characters");
  await expect(page.locator("form").getByRole("alert")).toHaveText("");

  // Show password: the same field, readable while pressed.
  await page.getByRole("button", { name: "Show password" }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Hide password" }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("type", "password");
  await expectNoA11yViolations(page);

  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expectNoA11yViolations(page);
  await expect(page.getByRole("link", { name: /create an account/i })).toBeVisible();
});

test("a taken username is refused on the register page", async ({ browser }) => {
  const first = await newPerson(browser, "taken");
  const page = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await page.goto("/register");
  await page.getByLabel("Username").fill(first.name.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("That username is taken")).toHaveCount(1);
  await expect(page.getByLabel("Username")).toHaveAccessibleDescription("That username is taken");
  await expect(page).toHaveURL(/\/register$/);
});

test("the chat is usable with the keyboard alone", async ({ browser }) => {
  const alice = await newPerson(browser, "keys");
  const bob = await newPerson(browser, "keypal");
  const page = alice.page;
  await (await findPerson(page, bob.name)).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Messages" })).toBeVisible();
  const box = page.getByRole("textbox", { name: "Message" });
  await box.focus();
  await page.keyboard.type("typed only");
  await page.keyboard.press("Enter");
  await expect(messages(page).last()).toContainText("typed only");
  // Focus is visible: the focused control draws an outline.
  const outline = await box.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await expectNoA11yViolations(page);
});
