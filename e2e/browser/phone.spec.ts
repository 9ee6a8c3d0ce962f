import { devices, expect, test } from "@playwright/test";
import sharp from "sharp";
import { chatLink, conversationSettings, findPerson, messages, namedPerson, newPerson, openChatWith } from "./helpers";

test("on a phone the list and the conversation are separate screens, driven by touch", async ({ browser, isMobile }) => {
  expect(isMobile).toBe(true);
  const options = devices["Pixel 7"];
  const alice = await newPerson(browser, "phonea", options);
  const bob = await newPerson(browser, "phoneb", options);

  await (await findPerson(alice.page, bob.name)).tap();
  await expect(alice.page).toHaveURL(/\/c\/\d+$/);
  await expect(alice.page.getByRole("navigation", { name: "People" })).toBeHidden();
  await alice.page.getByRole("textbox", { name: "Message" }).tap();
  await alice.page.getByRole("textbox", { name: "Message" }).fill("from my phone");
  await alice.page.getByRole("button", { name: "Send" }).tap();
  await expect(messages(alice.page).last()).toContainText("from my phone");
  // Send leaves the focus in the box, so the phone's keyboard stays open.
  await expect(alice.page.getByRole("textbox", { name: "Message" })).toBeFocused();

  // Bob sees the new last message in his list, then opens it.
  await expect(chatLink(bob.page, alice.name)).toContainText("from my phone");
  await chatLink(bob.page, alice.name).tap();
  await expect(messages(bob.page).last()).toContainText("from my phone");
  await bob.page.getByRole("textbox", { name: "Message" }).fill("got it");
  await bob.page.getByRole("button", { name: "Send" }).tap();
  await expect(messages(alice.page).last()).toContainText("got it");

  await alice.page.getByRole("link", { name: "Back to chats" }).tap();
  await expect(alice.page).toHaveURL(/\/$/);
  await expect(alice.page.getByRole("navigation", { name: "People" })).toBeVisible();
  await expect(alice.page.getByRole("log", { name: "Messages" })).toHaveCount(0);
});

test("on a 390×844 phone the chat header is one line that keeps the name, and the log takes most of the screen", async ({ browser, isMobile }) => {
  expect(isMobile).toBe(true);
  const options = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } };
  const alice = await newPerson(browser, "phoneheadera", options);
  // Gone offline: "last seen …" is the longest status there is.
  const bob = await newPerson(browser, "phonepeer", options);
  await bob.page.context().close();
  const person = await findPerson(alice.page, bob.name);
  await expect(person).toContainText(/last seen/, { timeout: 30_000 });

  await person.tap();
  await expect(alice.page).toHaveURL(/\/c\/\d+$/);
  const header = alice.page.locator("section > header").first();
  const title = alice.page.getByRole("heading", { level: 1 });
  await expect(title).toHaveText(bob.name);
  await expect(header).toContainText(/last seen/);
  // The name is shown whole, on one line, beside the back button, the avatar and the menu; it has the width
  // the status does not take from it (a name too long for the line would end in "…", not vanish).
  const fits = await title.evaluate((el) => ({ width: el.clientWidth, whole: el.scrollWidth <= el.clientWidth }));
  expect(fits.width).toBeGreaterThan(200);
  expect(fits.whole).toBe(true);
  const headerBox = (await header.boundingBox())!;
  expect(headerBox.height).toBeLessThanOrEqual(64);
  await expect(alice.page.getByRole("link", { name: "Back to chats" })).toBeVisible();
  await expect(conversationSettings(alice.page)).toBeVisible();
  // No app bar on the conversation screen: the log has at least 80% of the height.
  await expect(alice.page.getByRole("button", { name: "Sign out" })).toBeHidden();
  const log = (await alice.page.getByRole("log", { name: "Messages" }).boundingBox())!;
  expect(log.height / 844).toBeGreaterThanOrEqual(0.8);

  // The list screen: a one-line header whose Menu holds the account controls, closed by Escape.
  await alice.page.getByRole("link", { name: "Back to chats" }).tap();
  await expect(alice.page.getByRole("button", { name: "Sign out" })).toBeHidden();
  const menu = alice.page.getByRole("button", { name: "Menu" });
  await menu.tap();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(alice.page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await alice.page.keyboard.press("Escape");
  await expect(alice.page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(menu).toBeFocused();
});

test("on a phone a long press on a message opens its menu (React, Reply, Delete), and ⋮ is always shown", async ({ browser }) => {
  const options = devices["Pixel 7"];
  const alice = await newPerson(browser, "phonelpa", options);
  const bob = await newPerson(browser, "phonelpb", options);
  await (await findPerson(alice.page, bob.name)).tap();
  await alice.page.getByRole("textbox", { name: "Message" }).fill("hold me");
  await alice.page.getByRole("button", { name: "Send" }).tap();
  const item = messages(alice.page).last();
  await expect(item.locator("[data-state]")).toHaveText(/Sent|Delivered/);

  // No hover on a touch screen: the ⋮ button is drawn, and big enough to tap.
  const actions = item.getByRole("button", { name: `Actions for message from ${alice.name}` });
  expect(await actions.evaluate((b) => getComputedStyle(b).opacity)).toBe("1");

  // A finger held on the bubble: the menu opens while it is still down.
  const bubble = (await item.locator("article").boundingBox())!;
  const cdp = await alice.page.context().newCDPSession(alice.page);
  const point = { x: bubble.x + bubble.width / 2, y: bubble.y + bubble.height / 2 };
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  const menu = alice.page.getByRole("menu");
  await expect(menu).toBeVisible();
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  // React from it: the quick picker, a tap, the count under the bubble.
  await menu.getByRole("menuitem", { name: "React" }).tap();
  await alice.page.getByRole("toolbar", { name: "React with" }).getByRole("button", { name: "❤️" }).tap();
  await expect(item.getByRole("button", { name: "❤️ 1" })).toHaveAttribute("aria-pressed", "true");
  // Reply from it: the bar above the box, a tap on Send, the quote in the new bubble.
  await actions.tap();
  await menu.getByRole("menuitem", { name: "Reply" }).tap();
  await expect(alice.page.getByText("Replying to yourself")).toBeVisible();
  await alice.page.getByRole("textbox", { name: "Message" }).fill("and again");
  await alice.page.getByRole("button", { name: "Send" }).tap();
  await expect(messages(alice.page).last().getByRole("button", { name: "In reply to You: hold me" })).toBeVisible();
  await actions.tap();
  await expect(menu.getByRole("menuitem", { name: "Delete" })).toBeVisible();
  await menu.getByRole("menuitem", { name: "Delete" }).tap();
  await alice.page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).tap();
  await expect(item).toContainText("message deleted");
});

test("on a phone a photo is attached from the picker, shown as a chip, sent, and seen by the other person", async ({ browser }) => {
  const options = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } };
  const alice = await newPerson(browser, "phonefilea", options);
  const bob = await newPerson(browser, "phonefileb", options);
  await (await findPerson(alice.page, bob.name)).tap();
  await expect(alice.page).toHaveURL(/\/c\/\d+$/);
  const photo = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#3a7" } }).jpeg().toBuffer();
  await alice.page.getByLabel("Attach file").setInputFiles({ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: photo });
  const chips = alice.page.getByRole("list", { name: "Files to send" });
  await expect(chips).toContainText("IMG_0042.jpg");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  // Nothing sticks out of the screen, chips included.
  expect(await alice.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await alice.page.getByRole("button", { name: "Send" }).tap();
  await expect(chips).toHaveCount(0);
  await expect(messages(alice.page).last().getByRole("img", { name: "IMG_0042.jpg" })).toBeVisible();
  await expect(chatLink(bob.page, alice.name)).toContainText("📷 Photo");
  await chatLink(bob.page, alice.name).tap();
  const image = messages(bob.page).last().getByRole("img", { name: "IMG_0042.jpg" });
  await expect(image).toBeVisible();
  await image.tap();
  await expect(bob.page.getByRole("dialog", { name: "IMG_0042.jpg" })).toBeVisible();
  await bob.page.getByRole("button", { name: "Close" }).tap();
  await expect(bob.page.getByRole("dialog")).toHaveCount(0);
});

test("the phone screens of the README: the chat list, then a conversation, nothing wider than the screen", async ({ browser }) => {
  const options = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } };
  const nia = await namedPerson(browser, "nia", options);
  const omar = await namedPerson(browser, "omar", options);
  await openChatWith(omar.page, nia.name);
  for (const text of ["Are you at the café yet?", "Two minutes away", "Grabbing a table by the window"]) {
    await omar.page.getByRole("textbox", { name: "Message" }).fill(text);
    await omar.page.getByRole("button", { name: "Send" }).tap();
    await expect(messages(omar.page).last()).toContainText(text);
  }
  await expect(chatLink(nia.page, omar.name)).toContainText("3 unread");
  const overflow = () => nia.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await nia.page.screenshot({ path: "docs/screenshot-phone-list.png" });

  await chatLink(nia.page, omar.name).tap();
  await expect(messages(nia.page).last()).toContainText("Grabbing a table");
  await nia.page.getByRole("textbox", { name: "Message" }).fill("On my way!");
  expect(await overflow()).toBeLessThanOrEqual(0);
  await nia.page.screenshot({ path: "docs/screenshot-phone-chat.png" });
});
