import { expect, test } from "@playwright/test";
import { chatLink, findPerson, messages, newPerson, openChatWith, twoPeopleInAConversation } from "./helpers";

test("Bob sees that Alice is typing until she sends", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "typa", "typb");
  await bob.page.goto("/");

  const box = alice.page.getByRole("textbox", { name: "Message" });
  // Typed at a person's pace (refreshes go out every 2.5 s), so Bob's freshly loaded page, whose
  // socket may connect after the first keystroke, still hears about it.
  await box.pressSequentially("hello th", { delay: 400 });
  // In his People list while he is elsewhere, and in the conversation once he opens it.
  await expect(chatLink(bob.page, alice.name)).toContainText(`${alice.name} is typing...`);
  await chatLink(bob.page, alice.name).click();
  const indicator = bob.page.getByRole("main").getByText(`${alice.name} is typing...`);
  await expect(indicator).toBeVisible();
  await box.pressSequentially("ere");
  await box.press("Enter");
  await expect(messages(bob.page).last()).toContainText("hello there");
  await expect(bob.page.getByText(`${alice.name} is typing...`)).toHaveCount(0);

  // Emptying the box also clears it.
  await box.pressSequentially("oops");
  await expect(indicator).toBeVisible();
  await box.fill("");
  await box.press("Backspace");
  await expect(bob.page.getByText(`${alice.name} is typing...`)).toHaveCount(0);
});

test("Alice's message goes from sent to delivered to read when Bob opens the conversation", async ({ browser }) => {
  const alice = await newPerson(browser, "rcpa");
  const bob = await newPerson(browser, "rcpb");
  await openChatWith(alice.page, bob.name);
  await alice.page.getByRole("textbox", { name: "Message" }).fill("did you read this?");
  await alice.page.getByRole("button", { name: "Send" }).click();
  const mine = messages(alice.page).last();
  // Bob is online on the People page: his device received it, but he has not opened it.
  await expect(mine.locator("[data-state]")).toHaveText("Delivered");

  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/1 unread/);
  await expect(bob.page).toHaveTitle(/^\(1\) /);
  await chatLink(bob.page, alice.name).click();
  await expect(messages(bob.page).last()).toContainText("did you read this?");
  await expect(mine.locator("[data-state]")).toHaveText("Read");
  await expect(bob.page).not.toHaveTitle(/^\(\d+\) /);

  // Still read after a reload.
  await alice.page.reload();
  await expect(messages(alice.page).last().locator("[data-state]")).toHaveText("Read");
});

test("unread badges count while Bob is elsewhere and clear in every tab when he reads", async ({ browser }) => {
  const alice = await newPerson(browser, "unra");
  const bob = await newPerson(browser, "unrb");
  const bobSecondTab = await bob.page.context().newPage();
  await bobSecondTab.goto("/");

  await openChatWith(alice.page, bob.name);
  for (const text of ["first", "second", "third"]) {
    await alice.page.getByRole("textbox", { name: "Message" }).fill(text);
    await alice.page.getByRole("button", { name: "Send" }).click();
  }
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/3 unread/);
  await expect(chatLink(bobSecondTab, alice.name)).toHaveAccessibleName(/3 unread/);
  await expect(bob.page).toHaveTitle(/^\(3\) /);

  // After a reload the count comes from the stored read position.
  await bob.page.reload();
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/3 unread/);

  await bob.page.bringToFront();
  await chatLink(bob.page, alice.name).click();
  await expect(messages(bob.page)).toHaveCount(3);
  await expect(chatLink(bobSecondTab, alice.name)).not.toHaveAccessibleName(/unread/);
  await expect(bobSecondTab).not.toHaveTitle(/^\(\d+\) /);
});

test("presence shows online, then offline with a last-seen time after the other person leaves", async ({ browser }) => {
  const alice = await newPerson(browser, "pres");
  const bob = await newPerson(browser, "presb");
  const link = await findPerson(alice.page, bob.name);
  await expect(link).toHaveAccessibleName(/online/);
  // A reload is not "leaving": nobody sees Bob go offline.
  await bob.page.reload();
  await expect(bob.page.getByRole("navigation", { name: "People" })).toBeVisible();
  await expect(link).toHaveAccessibleName(new RegExp(`^${bob.name} online`));

  await bob.page.context().close();
  await expect(link).toHaveAccessibleName(/offline, last seen just now/, { timeout: 10_000 });
  await expect(link).toContainText("last seen just now");
});

test("notifications are asked for only from a click", async ({ browser }) => {
  const alice = await newPerson(browser, "notif");
  expect(await alice.page.evaluate(() => Notification.permission)).toBe("default");
  await expect(alice.page.getByRole("button", { name: "Enable notifications" })).toBeVisible();
});

test("the tab title and the favicon show unread messages from the first paint", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "titlea", "titleb");
  await bob.page.goto("/");
  for (const text of ["one", "two", "three"]) {
    await alice.page.getByRole("textbox", { name: "Message" }).fill(text);
    await alice.page.getByRole("button", { name: "Send" }).click();
    await expect(messages(alice.page).last()).toContainText(text);
  }
  await expect(chatLink(bob.page, alice.name)).toContainText("3 unread");
  // In the HTML the server sends, before any script runs.
  const html = await (await bob.page.request.get("/")).text();
  expect(html).toContain("<title>(3) Chat</title>");
  await bob.page.reload();
  await expect(bob.page).toHaveTitle("(3) Chat");
  const iconHrefs = () =>
    bob.page.evaluate(() => [...document.querySelectorAll('link[rel="icon"]')].map((l) => l.getAttribute("href")));
  await expect.poll(iconHrefs).toEqual(expect.arrayContaining(["/icon-unread.svg"]));
  expect(await iconHrefs()).not.toContainEqual(expect.stringMatching(/^\/icon\.svg/));
  expect((await bob.page.request.get("/icon-unread.svg")).headers()["content-type"]).toContain("image/svg+xml");

  // Opening the conversation reads it: the count and the dot go, and stay gone after the page's own title lands.
  await chatLink(bob.page, alice.name).click();
  await expect(messages(bob.page).last()).toContainText("three");
  await expect(bob.page).toHaveTitle(`${alice.name} · Chat`);
  await expect.poll(iconHrefs).not.toContain("/icon-unread.svg");
  expect(await iconHrefs()).toContainEqual(expect.stringMatching(/^\/icon\.svg/));
});
