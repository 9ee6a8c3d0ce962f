import { expect, test, type BrowserContext } from "@playwright/test";
import { messages, newPerson, openChatWith, PASSWORD, chatLink } from "./helpers";

// Each way a callbackUrl has been seen to leave the site: browsers strip tabs and newlines, and
// read "\" as "/", so these all become "//evil.example/..." once the browser has them.
const ESCAPES = ["/%09/evil.example/phish", "/%0A/evil.example/phish", "/%5C/evil.example/phish", "//evil.example/phish", "https://evil.example/phish"];

/** Any other host answers with a page of its own, so a redirect that escapes would visibly land there. */
async function catchEscapes(context: BrowserContext, origin: string): Promise<string[]> {
  const escaped: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      escaped.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>phished</h1>" });
    },
  );
  return escaped;
}

test("signing in never sends a person to another site, whatever callbackUrl says", async ({ browser, baseURL }) => {
  const origin = new URL(baseURL ?? "").origin;
  const { page: ownerPage, name } = await newPerson(browser, "redir");

  for (const target of ESCAPES) {
    // Signed out: the form signs in, then goes to the callback.
    const context = await browser.newContext({ baseURL });
    const escaped = await catchEscapes(context, origin);
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${target}`);
    await page.getByLabel("Username").fill(name);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("navigation", { name: "People" })).toBeVisible();
    expect(new URL(page.url()).origin, target).toBe(origin);
    expect(escaped, target).toEqual([]);

    // Signed in already: the login page redirects straight away.
    await page.goto(`/login?callbackUrl=${target}`);
    await expect(page.getByRole("navigation", { name: "People" })).toBeVisible();
    expect(new URL(page.url()).origin, target).toBe(origin);
    expect(escaped, target).toEqual([]);
    await context.close();
  }

  // A real path on the site is still where sign-in goes.
  await ownerPage.goto("/login?callbackUrl=/groups/new");
  await expect(ownerPage).toHaveURL(`${origin}/groups/new`);
});

test("text direction overrides stay inside the message and cannot name a group", async ({ browser }) => {
  const alice = await newPerson(browser, "bidia");
  const bob = await newPerson(browser, "bidib");
  await openChatWith(alice.page, bob.name);
  await openChatWith(bob.page, alice.name);

  // U+202E makes "gnp.exe" display as "exe.png"; isolated, it cannot reorder what follows it.
  const trick = "\u202Egnp.exe";
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill(trick);
  await box.press("Enter");
  await expect(messages(bob.page)).toHaveCount(1);
  const body = messages(bob.page).first().locator('[data-part="body"]');
  await expect(body).toHaveText(trick);
  expect(await body.evaluate((element) => element.tagName)).toBe("BDI");
  // The sender's name and the list preview are isolated too.
  await expect(messages(bob.page).first().locator('[data-part="sender"] bdi')).toHaveText(alice.name);
  await expect(chatLink(bob.page, alice.name).locator("bdi", { hasText: "gnp.exe" })).toHaveCount(1);

  await alice.page.goto("/groups/new");
  await alice.page.getByLabel("Group name").fill(`${trick} club`);
  await alice.page.getByRole("checkbox", { name: new RegExp(bob.name) }).check();
  await alice.page.getByRole("button", { name: "Create group" }).click();
  await expect(alice.page.getByText(/Group name cannot contain text direction controls/)).toBeVisible();
  await expect(alice.page).toHaveURL(/\/groups\/new$/);
});
