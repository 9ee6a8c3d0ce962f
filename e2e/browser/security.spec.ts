import { expect, test } from "@playwright/test";
import { messages, newPerson, openChatWith, chatLink } from "./helpers";

/** Classic stored-XSS payloads: each must arrive as the exact text typed, creating nothing. */
const PAYLOADS = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned = 'img'">`,
  `<svg onload="window.__pwned = 'svg'"><circle r=1 /></svg>`,
  `<a href="javascript:window.__pwned='link'">click me</a>`,
  `<iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
  `"><body onload="window.__pwned='attr'">`,
  `<div style="background:url(javascript:alert(1))">css</div>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">`,
  `<<b>broken <i>markup</b`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
];

test("stored script injection: every classic payload shows as text and nothing runs or appears", async ({ browser }) => {
  const alice = await newPerson(browser, "xssa");
  const bob = await newPerson(browser, "xssb");
  const dialogs: string[] = [];
  bob.page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openChatWith(alice.page, bob.name);
  await openChatWith(bob.page, alice.name);

  const box = alice.page.getByRole("textbox", { name: "Message" });
  for (const payload of PAYLOADS) {
    await box.fill(payload);
    await box.press("Enter");
  }
  await expect(messages(bob.page)).toHaveCount(PAYLOADS.length);

  const check = async () => {
    const shown = await messages(bob.page).evaluateAll((items) => items.map((li) => li.querySelector('[data-part="body"]')?.textContent));
    expect(shown).toEqual(PAYLOADS);
    const log = bob.page.getByRole("log", { name: "Messages" });
    await expect(log.locator("script, img, svg, iframe, math, style, b, i, a[href^='javascript']")).toHaveCount(0);
    expect(await bob.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  };
  await check();

  // The People list preview and a reload (server-rendered history) are text too.
  await expect(chatLink(bob.page, alice.name)).toContainText("{{constructor");
  await bob.page.reload();
  await expect(messages(bob.page)).toHaveCount(PAYLOADS.length);
  await check();
});

test("a username cannot carry markup", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Username").fill("<img src=x onerror=alert(1)>");
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Username may only use letters a-z, digits and _ . -")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});
