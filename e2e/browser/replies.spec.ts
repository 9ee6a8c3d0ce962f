import { expect, test, type Page } from "@playwright/test";
import { expectNoA11yViolations, messages, openMessageMenu, twoPeopleInAConversation } from "./helpers";

test("replying: Reply in the menu, the quote on both screens, and the quote leads back to the original, loading older history", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "replya", "replyb");
  const conversationId = Number(alice.page.url().split("/").pop());
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("where shall we meet?");
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "where shall we meet?" })).toHaveCount(1);

  // Bob answers it: the composer says what he answers, with a way out.
  const bobBox = bob.page.getByRole("textbox", { name: "Message" });
  let menu = await openMessageMenu(bob.page, "where shall we meet?");
  await menu.getByRole("menuitem", { name: "Reply" }).click();
  await expect(bob.page.getByText(`Replying to ${alice.name}`)).toBeVisible();
  await expect(bobBox).toBeFocused();
  await expectNoA11yViolations(bob.page);
  await bobBox.press("Escape");
  await expect(bob.page.getByText(`Replying to ${alice.name}`)).toHaveCount(0);
  menu = await openMessageMenu(bob.page, "where shall we meet?");
  await menu.getByRole("menuitem", { name: "Reply" }).click();
  await bobBox.fill("at the station");
  await bobBox.press("Enter");
  await expect(bob.page.getByText(`Replying to ${alice.name}`)).toHaveCount(0);

  // Both see the quote: the original's sender and its text.
  for (const [page, name] of [
    [alice.page, "You"],
    [bob.page, alice.name],
  ] as const) {
    const reply = messages(page).filter({ hasText: "at the station" });
    await expect(reply.getByRole("button", { name: `In reply to ${name}: where shall we meet?` })).toBeVisible();
  }

  // Enough newer messages that the original is two pages back (50 a page) after a reload.
  for (let i = 0; i < 110; i++) {
    const response = await alice.page.request.post(`/api/conversations/${conversationId}/messages`, {
      data: { body: `filler ${i}`, clientId: `fill${i}x${Date.now()}` },
    });
    expect(response.status()).toBe(201);
  }
  const last = await alice.page.request.post(`/api/conversations/${conversationId}/messages`, {
    data: { body: "see above", clientId: `last${Date.now()}`, replyToId: await idOf(alice.page, "where shall we meet?") },
  });
  expect(last.status()).toBe(201);
  await alice.page.reload();
  await expect(messages(alice.page).filter({ hasText: "see above" })).toHaveCount(1);
  await expect(byBody(alice.page, "where shall we meet?")).toHaveCount(0);
  const quote = messages(alice.page).filter({ hasText: "see above" }).getByRole("button", { name: /^In reply to You/ });
  await quote.focus();
  await alice.page.keyboard.press("Enter");
  const original = byBody(alice.page, "where shall we meet?");
  // Marked for a moment: checked first, while it lasts.
  await expect(original).toHaveAttribute("data-highlighted", "true");
  await expect(original.locator("article")).toBeFocused();
  await expect(original).toBeInViewport();
  await expect(original).not.toHaveAttribute("data-highlighted", "true");

  // A deleted original: every quote of it says so, live.
  const deleted = await alice.page.request.delete(`/api/conversations/${conversationId}/messages/${await idOf(alice.page, "where shall we meet?")}`);
  expect(deleted.status()).toBe(200);
  await expect(messages(bob.page).filter({ hasText: "at the station" }).locator('[data-part="quote"]')).toHaveText(/message deleted/);
});

/** The message whose own text is this (not a reply quoting it). */
function byBody(page: Page, text: string) {
  return messages(page).filter({ has: page.locator('[data-part="body"]', { hasText: new RegExp(`^${text.replace(/[?.]/g, "\\$&")}$`) }) });
}

/** The id of the (first) message with this text, as the page shows it. */
async function idOf(page: Page, text: string): Promise<number> {
  const conversationId = Number(page.url().split("/").pop());
  const answer = await page.request.get(`/api/conversations/${conversationId}/messages?limit=100`);
  let body = (await answer.json()) as { messages: { id: number; body: string }[]; nextCursor: number | null };
  for (;;) {
    const found = body.messages.find((m) => m.body === text);
    if (found) return found.id;
    if (body.nextCursor === null) throw new Error(`no message "${text}"`);
    body = (await (await page.request.get(`/api/conversations/${conversationId}/messages?limit=100&before=${body.nextCursor}`)).json()) as typeof body;
  }
}
