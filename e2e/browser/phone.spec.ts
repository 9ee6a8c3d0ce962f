import { devices, expect, test } from "@playwright/test";
import { messages, newPerson, personLink } from "./helpers";

test("on a phone the list and the conversation are separate screens, driven by touch", async ({ browser, isMobile }) => {
  expect(isMobile).toBe(true);
  const options = devices["Pixel 7"];
  const alice = await newPerson(browser, "phonea", options);
  const bob = await newPerson(browser, "phoneb", options);

  await personLink(alice.page, bob.name).tap();
  await expect(alice.page).toHaveURL(/\/c\/\d+$/);
  await expect(alice.page.getByRole("navigation", { name: "People" })).toBeHidden();
  await alice.page.getByRole("textbox", { name: "Message" }).tap();
  await alice.page.getByRole("textbox", { name: "Message" }).fill("from my phone");
  await alice.page.getByRole("button", { name: "Send" }).tap();
  await expect(messages(alice.page).last()).toContainText("from my phone");

  // Bob sees the new last message in his list, then opens it.
  await expect(personLink(bob.page, alice.name)).toContainText("from my phone");
  await personLink(bob.page, alice.name).tap();
  await expect(messages(bob.page).last()).toContainText("from my phone");
  await bob.page.getByRole("textbox", { name: "Message" }).fill("got it");
  await bob.page.getByRole("button", { name: "Send" }).tap();
  await expect(messages(alice.page).last()).toContainText("got it");

  await alice.page.getByRole("link", { name: "Back to People" }).tap();
  await expect(alice.page).toHaveURL(/\/$/);
  await expect(alice.page.getByRole("navigation", { name: "People" })).toBeVisible();
  await expect(alice.page.getByRole("log", { name: "Messages" })).toHaveCount(0);
});
