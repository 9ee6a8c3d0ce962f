import { expect, test } from "@playwright/test";
import { chatLink, expectNoA11yViolations, messages, twoPeopleInAConversation } from "./helpers";

test("formatting: bold, a code block, a quote and a link render for both people; <b>hi</b> stays text; emoji alone show large", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "fmta", "fmtb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  // Shift+Enter breaks lines in the box; the message is sent as typed.
  await box.fill("**bold** and `code`");
  await box.press("Shift+Enter");
  await box.pressSequentially("```");
  await box.press("Shift+Enter");
  await box.pressSequentially("const x = 1;");
  await box.press("Shift+Enter");
  await box.pressSequentially("```");
  await box.press("Enter");
  await box.fill("<b>hi</b> & see https://example.com/page");
  await box.press("Enter");
  await box.fill("🎉🎉");
  await box.press("Enter");

  for (const page of [alice.page, bob.page]) {
    const formatted = messages(page).filter({ hasText: "const x = 1;" });
    await expect(formatted.locator("strong")).toHaveText("bold");
    await expect(formatted.locator(":not(pre) > code")).toHaveText("code");
    await expect(formatted.locator("pre code")).toHaveText("const x = 1;\n");
    const html = messages(page).filter({ hasText: "<b>hi</b>" });
    await expect(html.locator('[data-part="body"]')).toHaveText("<b>hi</b> & see https://example.com/page");
    await expect(html.locator("b")).toHaveCount(0);
    const link = html.getByRole("link", { name: "https://example.com/page" });
    await expect(link).toHaveAttribute("href", "https://example.com/page");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    const big = messages(page).filter({ hasText: "🎉🎉" }).locator('[data-part="body"]');
    expect(Number.parseFloat(await big.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(30);
  }
  await expectNoA11yViolations(bob.page);
});

test("emoji: :tada: turns into 🎉 as it is typed, :ta offers a list, the Emoji panel works by keyboard, and React searches every emoji", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "emja", "emjb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.pressSequentially("we won :tada:");
  await expect(box).toHaveValue("we won 🎉");
  // The list after a colon and two letters: ↓ and Enter take one.
  await box.pressSequentially(" :thumbs");
  const list = alice.page.getByRole("listbox", { name: "Emoji" });
  await expect(list.getByRole("option").first()).toContainText("👍");
  await expect(box).toHaveAttribute("aria-activedescendant", /.+/);
  await expectNoA11yViolations(alice.page);
  await box.press("Enter");
  await expect(box).toHaveValue("we won 🎉 👍 ");
  await expect(list).toHaveCount(0);

  // The Emoji panel: search, ↓ into the results, Enter picks; the box gets it at the caret.
  await alice.page.getByRole("button", { name: "Emoji", exact: true }).click();
  const panel = alice.page.getByRole("dialog", { name: "Emoji" });
  const search = panel.getByRole("searchbox", { name: "Search emoji" });
  await expect(search).toBeFocused();
  await expect(panel.getByRole("button", { name: "grinning face", exact: true })).toBeVisible();
  await expectNoA11yViolations(alice.page);
  await search.fill("rocket");
  await search.press("ArrowDown");
  await expect(panel.getByRole("button", { name: "rocket" })).toBeFocused();
  await alice.page.keyboard.press("Enter");
  await expect(panel).toHaveCount(0);
  await expect(box).toHaveValue("we won 🎉 👍 🚀");
  await expect(box).toBeFocused();
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "we won 🎉 👍 🚀" })).toHaveCount(1);

  // React with any emoji: More reactions opens the same search.
  const item = messages(bob.page).filter({ hasText: "we won" });
  await item.hover();
  await item.getByRole("button", { name: /^Actions for message from / }).click();
  await bob.page.getByRole("menu").getByRole("menuitem", { name: "React" }).click();
  await bob.page.getByRole("toolbar", { name: "React with" }).getByRole("button", { name: "More reactions" }).click();
  const reactions = bob.page.getByRole("dialog", { name: "Add reaction" });
  await reactions.getByRole("searchbox", { name: "Search emoji" }).fill("avocado");
  await reactions.getByRole("button", { name: "avocado" }).click();
  for (const page of [alice.page, bob.page]) {
    await expect(messages(page).filter({ hasText: "we won" }).getByRole("button", { name: "🥑 1" })).toBeVisible();
  }
});

test("mentions: @ offers the members, the mention is highlighted, and it notifies a person who muted the chat", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "menta", "mentb");
  const conversationId = Number(alice.page.url().split("/").pop());
  expect((await bob.page.request.put(`/api/conversations/${conversationId}/mute`, { data: { muted: true } })).status()).toBeLessThan(300);
  // Bob's tab is in the background, where notifications show; the browser's notification API
  // records what it is asked to show.
  await bob.page.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { shown: typeof shown }).shown = shown;
    class RecordedNotification {
      static permission = "granted";
      static requestPermission = () => Promise.resolve("granted");
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", { value: RecordedNotification, configurable: true });
    Object.defineProperty(Document.prototype, "visibilityState", { get: () => "hidden", configurable: true });
  });
  await bob.page.goto("/");
  const shown = () => bob.page.evaluate(() => (window as unknown as { shown: { title: string; body?: string }[] }).shown);

  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("nobody is called here");
  await box.press("Enter");
  await expect(chatLink(bob.page, alice.name)).toContainText("nobody is called here");

  await box.fill("look, ");
  await box.pressSequentially(`@${bob.name.slice(0, 4)}`);
  const people = alice.page.getByRole("listbox", { name: "People to mention" });
  await expect(people.getByRole("option")).toHaveText([new RegExp(bob.name)]);
  await box.press("Enter");
  await expect(box).toHaveValue(`look, @${bob.name} `);
  await box.pressSequentially("this one is for you");
  await box.press("Enter");

  // Highlighted for both, more strongly for the one it calls.
  const sent = messages(alice.page).filter({ hasText: "this one is for you" });
  await expect(sent.locator(`[data-mention="${bob.name}"]`)).toHaveText(`@${bob.name}`);
  // Muted, yet called by name: notified, and the chat is marked "@".
  await expect.poll(shown).toEqual([{ title: alice.name, body: `look, @${bob.name} this one is for you` }]);
  await expect(chatLink(bob.page, alice.name).locator("[data-mentioned]")).toBeVisible();
  await chatLink(bob.page, alice.name).click();
  await expect(messages(bob.page).filter({ hasText: "this one is for you" }).locator('[data-mention][data-self="true"]')).toBeVisible();
  await expectNoA11yViolations(bob.page);
});
