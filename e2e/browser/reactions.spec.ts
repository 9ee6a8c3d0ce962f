import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, messages, openMessageMenu, twoPeopleInAConversation } from "./helpers";

test("reacting: from the message menu, then the reaction buttons; counts change live on both screens", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "reacta", "reactb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("we got the tickets");
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "we got the tickets" })).toHaveCount(1);

  // Alice reacts through ⋮ → React; the picker works by keyboard.
  const menu = await openMessageMenu(alice.page, "we got the tickets");
  await menu.getByRole("menuitem", { name: "React" }).click();
  const picker = alice.page.getByRole("toolbar", { name: "React with" });
  await expect(picker.getByRole("button").first()).toBeFocused();
  await alice.page.keyboard.press("ArrowRight");
  await alice.page.keyboard.press("ArrowLeft");
  await alice.page.keyboard.press("Enter");
  await expect(picker).toHaveCount(0);

  const onAlice = messages(alice.page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 1" });
  const onBob = messages(bob.page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 1" });
  await expect(onAlice).toHaveAttribute("aria-pressed", "true");
  await expect(onBob).toHaveAttribute("aria-pressed", "false");

  // Bob adds his by pressing it: 2 on both screens, and who reacted shows on focus.
  await onBob.click();
  for (const page of [alice.page, bob.page]) {
    await expect(messages(page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 2" })).toBeVisible();
  }
  const both = messages(alice.page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 2" });
  await both.focus();
  await expect(alice.page.getByRole("tooltip").filter({ hasText: alice.name })).toBeVisible();
  await expect(alice.page.getByRole("tooltip").filter({ hasText: bob.name })).toBeVisible();
  await expectNoA11yViolations(alice.page);

  // Pressed again, his goes: back to 1 everywhere.
  await messages(bob.page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 2" }).click();
  for (const page of [alice.page, bob.page]) {
    await expect(messages(page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 1" })).toBeVisible();
  }
  // After a reload too.
  await bob.page.reload();
  await expect(messages(bob.page).filter({ hasText: "we got the tickets" }).getByRole("button", { name: "👍 1" })).toHaveAttribute("aria-pressed", "false");
});
