import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { chatLink, expectNoA11yViolations, findPerson, messages, newPerson, openChatWith } from "./helpers";

async function idOf(page: Page, username: string): Promise<number> {
  const { users } = (await (await page.request.get("/api/users")).json()) as { users: { id: number; username: string }[] };
  return users.find((u) => u.username === username)!.id;
}

test("a display name set in Settings shows wherever the person is named, live, and clearing it brings the username back", async ({ browser }) => {
  const ann = await newPerson(browser, "dna");
  const bob = await newPerson(browser, "dnb");
  const cat = await newPerson(browser, "dnc");
  // A group of the three, where ann has written; bob also talks with ann privately.
  const created = await ann.page.request.post("/api/groups", {
    data: { title: "Book club", userIds: [await idOf(ann.page, bob.name), await idOf(ann.page, cat.name)] },
  });
  expect(created.status()).toBe(201);
  await openChatWith(ann.page, bob.name);
  await ann.page.getByRole("textbox", { name: "Message" }).fill("hello bob");
  await ann.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await chatLink(ann.page, "Book club").click();
  await expect(ann.page.getByRole("heading", { level: 1, name: "Book club" })).toBeVisible();
  await ann.page.getByRole("textbox", { name: "Message" }).fill("hello club");
  await ann.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(messages(ann.page).filter({ hasText: "hello club" })).toHaveCount(1);

  await chatLink(bob.page, ann.name).click();
  await expect(bob.page.getByRole("heading", { level: 1, name: ann.name })).toBeVisible();
  await chatLink(cat.page, "Book club").click();
  const catSender = messages(cat.page).filter({ hasText: "hello club" }).locator('[data-part="sender"]');
  await expect(catSender).toHaveText(ann.name);

  // Ann names herself in Settings: the rules are there before she types.
  await ann.page.getByRole("link", { name: "Settings" }).click();
  const field = ann.page.getByLabel("Display name");
  await expect(field).toHaveAccessibleDescription(`Up to 50 characters. Leave it empty to be shown as ${ann.name}.`);
  // A refused name is said at the field, which keeps the focus.
  await field.fill("\u202Eeil");
  await ann.page.getByRole("button", { name: "Save profile" }).click();
  await expect(field).toHaveAccessibleDescription("Display name cannot contain text direction controls");
  await expect(field).toBeFocused();
  await field.fill("Ann Marie Lee");
  await ann.page.getByRole("button", { name: "Save profile" }).click();
  await expect(ann.page.getByRole("status").filter({ hasText: "Saved: others see you as Ann Marie Lee." })).toBeVisible();
  await expect(ann.page.getByText(/Signed in as/)).toContainText("Ann Marie Lee");
  await expectNoA11yViolations(ann.page);

  // Bob, with their chat open, sees the new name at once: header, chat list, and the People search
  // (which finds her by either name, her username first in the link's name).
  await expect(bob.page.getByRole("heading", { level: 1, name: "Ann Marie Lee" })).toBeVisible();
  await expect(chatLink(bob.page, "Ann Marie Lee")).toBeVisible();
  const search = bob.page.getByRole("searchbox", { name: "Find people" });
  await search.fill("marie");
  const found = bob.page.getByRole("navigation", { name: "People" }).getByRole("link");
  await expect(found).toHaveCount(1);
  await expect(found).toHaveAccessibleName(new RegExp(`^${ann.name} Ann Marie Lee`));
  await expect(await findPerson(bob.page, ann.name)).toHaveCount(1);
  await search.fill("");
  // Cat sees it on her message in the group; screen readers still hear the username.
  await expect(catSender).toHaveText(`Ann Marie Lee (${ann.name})`);
  await expect(chatLink(cat.page, "Book club")).toContainText("Ann Marie Lee: hello club");

  // After a reload too.
  await bob.page.reload();
  await expect(bob.page.getByRole("heading", { level: 1, name: "Ann Marie Lee" })).toBeVisible();
  await expect(bob.page).toHaveTitle(/Ann Marie Lee · Chat/);

  // Cleared: the username again, everywhere.
  await field.fill("");
  await ann.page.getByRole("button", { name: "Save profile" }).click();
  await expect(ann.page.getByRole("status").filter({ hasText: `others see your username, ${ann.name}` })).toBeVisible();
  await expect(bob.page.getByRole("heading", { level: 1, name: ann.name })).toBeVisible();
  await expect(catSender).toHaveText(ann.name);
});

test("a profile photo set in Settings replaces the initials for everyone, live, until it is removed", async ({ browser }) => {
  const ann = await newPerson(browser, "pha");
  const bob = await newPerson(browser, "phb");
  await openChatWith(bob.page, ann.name);
  await bob.page.getByRole("textbox", { name: "Message" }).fill("nice to meet you");
  await bob.page.getByRole("textbox", { name: "Message" }).press("Enter");
  const row = chatLink(bob.page, ann.name);
  await expect(row).toContainText("nice to meet you");
  await expect(row.locator("img")).toHaveCount(0);

  await ann.page.getByRole("link", { name: "Settings" }).click();
  const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#d52" } }).jpeg().toBuffer();
  await ann.page.getByLabel(/profile photo/).setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(ann.page.getByRole("status").filter({ hasText: "Photo saved." })).toBeVisible();
  await expect(ann.page.getByRole("button", { name: "Remove photo" })).toBeVisible();
  await expectNoA11yViolations(ann.page);

  // Bob's chat list row and the chat's header draw the photo now (decorative: the name is beside it).
  await expect(row.locator('img[src*="/avatar/"]')).toHaveCount(1);
  await expect(bob.page.locator('header img[src*="/avatar/"]')).toHaveCount(1);
  const drawn = await row.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
  expect(drawn).toBe(256);

  await ann.page.getByRole("button", { name: "Remove photo" }).click();
  await expect(ann.page.getByRole("status").filter({ hasText: "Photo removed" })).toBeVisible();
  await expect(row.locator("img")).toHaveCount(0);
});
