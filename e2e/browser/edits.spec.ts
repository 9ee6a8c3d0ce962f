import { expect, test } from "@playwright/test";
import { chatLink, expectNoA11yViolations, messages, openMessageMenu, twoPeopleInAConversation } from "./helpers";

test("editing: from the message menu, and with ↑ in an empty box; both people see the new text and 'edited', live", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "edita", "editb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  for (const text of ["see you at 9", "bring the map"]) {
    await box.fill(text);
    await box.press("Enter");
    await expect(messages(bob.page).filter({ hasText: text })).toHaveCount(1);
  }

  // From the menu: the box takes the message's text; Enter saves.
  const menu = await openMessageMenu(alice.page, "see you at 9");
  await menu.getByRole("menuitem", { name: "Edit" }).click();
  await expect(box).toHaveValue("see you at 9");
  await expect(box).toBeFocused();
  await expect(alice.page.getByText("Editing message")).toBeVisible();
  await expectNoA11yViolations(alice.page);
  await box.fill("see you at 10");
  await box.press("Enter");
  await expect(alice.page.getByText("Editing message")).toHaveCount(0);
  await expect(box).toHaveValue("");
  for (const page of [alice.page, bob.page]) {
    const item = messages(page).filter({ hasText: "see you at 10" });
    await expect(item).toContainText("edited");
    await expect(messages(page).filter({ hasText: "see you at 9" })).toHaveCount(0);
  }

  // ↑ in the empty box edits the last one; Escape leaves it as it was, and a draft is not lost.
  await box.press("ArrowUp");
  await expect(box).toHaveValue("bring the map");
  await box.press("Escape");
  await expect(box).toHaveValue("");
  await box.press("ArrowUp");
  await box.fill("bring the map and snacks");
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "bring the map and snacks" })).toContainText("edited");
  // The last message's new text is the chat's preview.
  await expect(chatLink(bob.page, alice.name)).toContainText("bring the map and snacks");
  // Bob's own messages are his to edit, not Alice's: no Edit on hers for him.
  const bobsMenu = await openMessageMenu(bob.page, "see you at 10");
  await expect(bobsMenu.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await bob.page.keyboard.press("Escape");

  // After a reload, still edited.
  await bob.page.reload();
  await expect(messages(bob.page).filter({ hasText: "see you at 10" })).toContainText("edited");
});
