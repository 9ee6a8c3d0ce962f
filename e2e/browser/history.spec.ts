import { expect, test } from "@playwright/test";
import { deleteMessageVia, messages, newPerson, openChatWith, twoPeopleInAConversation } from "./helpers";

test("scrolling to the top loads older pages without moving what is on screen", async ({ browser }) => {
  const alice = await newPerson(browser, "histA");
  const bob = await newPerson(browser, "histB");
  await openChatWith(alice.page, bob.name);
  const conversationId = Number(alice.page.url().split("/").pop());

  // 120 messages through the HTTP API, as Alice: more than two pages of 50.
  for (let i = 0; i < 120; i++) {
    const response = await alice.page.request.post(`/api/conversations/${conversationId}/messages`, {
      data: { body: `history ${i}`, clientId: `seed${i}x${Date.now()}` },
    });
    expect(response.status()).toBe(201);
  }

  // Alice reads her own history (Bob would land on the unread divider instead of the end).
  await alice.page.reload();
  const log = alice.page.getByRole("log", { name: "Messages" });
  await expect(messages(alice.page)).toHaveCount(50);
  await expect(messages(alice.page).last()).toContainText("history 119");
  // The newest message is in view on arrival.
  await expect(messages(alice.page).last()).toBeInViewport();

  const anchor = messages(alice.page).first();
  await expect(anchor).toContainText("history 70");
  const offsetOf70 = () =>
    log.evaluate((el) => {
      const item = [...el.querySelectorAll('[data-part="body"]')].find((b) => b.textContent === "history 70");
      return item ? item.getBoundingClientRect().top - el.getBoundingClientRect().top : null;
    });
  const before = await log.evaluate((el) => {
    el.scrollTop = 0;
    const item = [...el.querySelectorAll('[data-part="body"]')].find((b) => b.textContent === "history 70");
    return item ? item.getBoundingClientRect().top - el.getBoundingClientRect().top : null;
  });
  await expect(messages(alice.page)).toHaveCount(100);
  // Fifty messages arrived above it, yet the message that was on top has not moved on screen.
  const after = await offsetOf70();
  expect(before).not.toBeNull();
  expect(Math.abs((after ?? 1e9) - (before ?? 0))).toBeLessThan(4);

  await log.evaluate((el) => (el.scrollTop = 0));
  await expect(messages(alice.page)).toHaveCount(120);
  await expect(messages(alice.page).first()).toContainText("history 0");
  await expect(alice.page.getByText(`Start of your conversation with ${bob.name}`)).toBeVisible();

  // Order in the document is id order.
  const all = await messages(alice.page).evaluateAll((items) => items.map((li) => li.querySelector('[data-part="body"]')?.textContent));
  expect(all).toEqual(Array.from({ length: 120 }, (_, i) => `history ${i}`));

  // A new message while at the bottom keeps the newest in view.
  await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await openChatWith(bob.page, alice.name);
  await bob.page.getByRole("textbox", { name: "Message" }).fill("the newest");
  await bob.page.getByRole("button", { name: "Send" }).click();
  await expect(messages(alice.page).last()).toContainText("the newest");
  await expect(messages(alice.page).last()).toBeInViewport();
});

test("a dropped connection shows a banner, and what arrived or was deleted meanwhile shows once it is back", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "netA", "netB");
  await alice.page.getByRole("textbox", { name: "Message" }).fill("soon deleted");
  await alice.page.getByRole("button", { name: "Send" }).click();
  await expect(messages(bob.page).filter({ hasText: "soon deleted" })).toHaveCount(1);

  await bob.page.context().setOffline(true);
  await expect(bob.page.getByRole("status")).toHaveText(/connection lost/i, { timeout: 30_000 });

  await alice.page.getByRole("textbox", { name: "Message" }).fill("while you were away");
  await alice.page.getByRole("button", { name: "Send" }).click();
  await expect(messages(alice.page).last()).not.toContainText("Sending");
  // A message Bob already has is deleted while he is away: catch-up brings the deletion.
  await deleteMessageVia(alice.page, "soon deleted");
  await expect(messages(alice.page).filter({ hasText: "soon deleted" })).toHaveCount(0);

  // Bob writes while offline: shown at once as pending.
  await bob.page.getByRole("textbox", { name: "Message" }).fill("written offline");
  await bob.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messages(bob.page).last()).toContainText("Sending");

  await bob.page.context().setOffline(false);
  await expect(bob.page.getByRole("status")).toHaveText(/restored/i, { timeout: 30_000 });
  await expect(messages(bob.page).filter({ hasText: "while you were away" })).toHaveCount(1);
  await expect(messages(bob.page).filter({ hasText: "soon deleted" })).toHaveCount(0);
  await expect(bob.page.getByRole("log", { name: "Messages" }).getByText("message deleted")).toHaveCount(1);
  // His pending message went out once the socket was back, and was replaced by the stored copy.
  await expect(messages(alice.page).last()).toContainText("written offline");
  await expect(messages(bob.page).last()).not.toContainText("Sending");
  await expect(messages(bob.page)).toHaveCount(3);
  await expect(messages(alice.page)).toHaveCount(3);
});
