import { expect, test, type Page } from "@playwright/test";
import {
  confirmIn,
  conversationSettings,
  deleteMessageVia,
  expectNoA11yViolations,
  newPerson,
  openMessageMenu,
  chatLink,
  twoPeopleInAConversation,
} from "./helpers";

const rooms = (page: Page) => page.getByRole("navigation", { name: "Chats" });
const log = (page: Page) => page.getByRole("log", { name: "Messages" });
const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await expect(log(page).getByText(text, { exact: true })).toBeVisible();
}

async function openRoom(page: Page, title: string): Promise<void> {
  await rooms(page).getByRole("link", { name: new RegExp(`^${title}\\b`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("three people: a group with receipts, typing, deletion and removal, then the lobby", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  const carol = await newPerson(browser, "carol");

  // Alice starts a group with both.
  await rooms(alice.page).getByRole("link", { name: "New group" }).click();
  await alice.page.getByLabel("Group name").fill("Weekend trip");
  await alice.page.getByRole("checkbox", { name: bob.name }).check();
  await alice.page.getByRole("checkbox", { name: carol.name }).check();
  await expectNoA11yViolations(alice.page);
  await alice.page.getByRole("button", { name: "Create group" }).click();
  await expect(alice.page).toHaveURL(/\/c\/\d+$/);
  await expect(alice.page.getByRole("heading", { level: 1, name: "Weekend trip" })).toBeVisible();
  await expect(log(alice.page)).toContainText(`${alice.name} created the group “Weekend trip” with`);

  // It appears live for the others.
  await openRoom(bob.page, "Weekend trip");
  await openRoom(carol.page, "Weekend trip");

  // All three chat; everyone sees everything once, with the sender's name.
  await say(alice.page, "Saturday at nine?");
  await say(bob.page, "Works for me");
  await say(carol.page, "I will bring snacks");
  for (const person of [alice, bob, carol]) {
    for (const text of ["Saturday at nine?", "Works for me", "I will bring snacks"]) {
      await expect(log(person.page).getByText(text, { exact: true })).toHaveCount(1);
    }
  }
  await expect(log(alice.page).getByRole("listitem").filter({ hasText: "Works for me" })).toContainText(bob.name);

  // "A and B are typing...".
  await composer(bob.page).pressSequentially("hm");
  await composer(carol.page).pressSequentially("ok");
  await expect(alice.page.getByRole("main").getByText(new RegExp(`^(${bob.name} and ${carol.name}|${carol.name} and ${bob.name}) are typing`))).toBeVisible();
  await composer(bob.page).fill("");
  await composer(carol.page).fill("");

  // Read by N, with the names on keyboard focus.
  const readBy = log(alice.page).getByRole("listitem").filter({ hasText: "Saturday at nine?" }).locator("[data-read-by]");
  await expect(readBy).toHaveText(/Read by 2/);
  await readBy.focus();
  const tooltip = alice.page.getByRole("tooltip").filter({ hasText: bob.name });
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(carol.name);

  // The admin deletes Carol's message: gone for everyone, live and after a reload.
  // Asked first: Cancel (or Escape) keeps it.
  await (await openMessageMenu(alice.page, "I will bring snacks")).getByRole("menuitem", { name: "Delete" }).click();
  await alice.page.keyboard.press("Escape");
  await expect(alice.page.getByRole("dialog")).toHaveCount(0);
  await expect(log(alice.page).getByText("I will bring snacks")).toHaveCount(1);
  await deleteMessageVia(alice.page, "I will bring snacks");
  for (const person of [alice, bob, carol]) {
    await expect(log(person.page).getByText("I will bring snacks")).toHaveCount(0);
    await expect(log(person.page).getByText("message deleted")).toHaveCount(1);
  }
  await bob.page.reload();
  await expect(log(bob.page).getByText("message deleted")).toHaveCount(1);
  await expect(log(bob.page).getByText("I will bring snacks")).toHaveCount(0);
  // Bob is not an admin: he may delete his own message but no one else's.
  await expect((await openMessageMenu(bob.page, "Saturday at nine?")).getByRole("menuitem", { name: "Delete" })).toHaveCount(0);
  await bob.page.keyboard.press("Escape");
  await expect((await openMessageMenu(bob.page, "Works for me")).getByRole("menuitem", { name: "Delete" })).toHaveCount(1);
  await bob.page.keyboard.press("Escape");
  await expect(bob.page.getByRole("menu")).toHaveCount(0);

  // Alice removes Carol, who is told and sees nothing new.
  await conversationSettings(alice.page).click();
  await expectNoA11yViolations(alice.page);
  await alice.page.getByRole("button", { name: `Remove ${carol.name}` }).click();
  await confirmIn(alice.page, "Remove");
  await expect(carol.page.getByText("You are no longer a member of this group.")).toBeVisible();
  await expect(composer(carol.page)).toHaveCount(0);
  await expect(log(alice.page)).toContainText(`${alice.name} removed ${carol.name}`);
  await say(alice.page, "Just the two of us now");
  await expect(log(bob.page).getByText("Just the two of us now")).toBeVisible();
  await expect(log(carol.page).getByText("Just the two of us now")).toHaveCount(0);
  await expect(rooms(carol.page).getByRole("link", { name: /^Weekend trip/ })).toHaveCount(0);
  // And cannot read it any more.
  await carol.page.reload();
  await expect(carol.page.getByRole("log", { name: "Messages" })).toHaveCount(0);

  // The lobby: in everyone's chat list, joined by opening it.
  for (const person of [alice, bob, carol]) {
    await person.page.goto("/");
    await expect(rooms(person.page).getByRole("link", { name: /^Lobby\b/ })).toBeVisible();
    await openRoom(person.page, "Lobby");
  }
  await say(alice.page, "Hello everyone");
  await say(carol.page, "Hi from Carol");
  for (const person of [alice, bob, carol]) {
    await expect(log(person.page).getByText("Hello everyone", { exact: true })).toHaveCount(1);
    await expect(log(person.page).getByText("Hi from Carol", { exact: true })).toHaveCount(1);
    await expect(log(person.page)).toContainText(`${carol.name} joined the lobby`);
  }
  await expectNoA11yViolations(bob.page);
});

test("a muted conversation does not count in the tab title", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await rooms(alice.page).getByRole("link", { name: "New group" }).click();
  await alice.page.getByLabel("Group name").fill("Noisy");
  await alice.page.getByRole("checkbox", { name: bob.name }).check();
  await alice.page.getByRole("button", { name: "Create group" }).click();
  await expect(alice.page.getByRole("heading", { level: 1, name: "Noisy" })).toBeVisible();

  await openRoom(bob.page, "Noisy");
  await conversationSettings(bob.page).click();
  await bob.page.getByRole("button", { name: "Mute conversation" }).click();
  await expect(bob.page.getByRole("button", { name: "Unmute conversation" })).toHaveAttribute("aria-pressed", "true");
  await bob.page.goto("/");

  await say(alice.page, "one");
  await say(alice.page, "two");
  const entry = rooms(bob.page).getByRole("link", { name: /^Noisy/ });
  await expect(entry).toContainText("2 unread");
  await expect(entry).toContainText("muted");
  expect(await bob.page.title()).not.toMatch(/^\(\d+\)/);
});

test("blocking someone ends the private conversation both ways and hides presence", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "alice", "bob");
  await say(alice.page, "Hello there");
  await expect(log(bob.page).getByText("Hello there")).toBeVisible();
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/online/);

  await conversationSettings(alice.page).click();
  await alice.page.getByRole("button", { name: `Block ${bob.name}` }).click();
  await confirmIn(alice.page, "Block");
  await expect(alice.page.getByRole("status").filter({ hasText: `You blocked ${bob.name}` })).toBeVisible();
  await expect(composer(alice.page)).toHaveCount(0);
  await expect(chatLink(alice.page, bob.name)).toHaveAccessibleName(/blocked/);

  // Bob no longer sees Alice online, and what he writes is refused in words.
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(new RegExp(`^${alice.name}\\s+offline`));
  await composer(bob.page).fill("Are you there?");
  await composer(bob.page).press("Enter");
  // Told only that it did not arrive, as WhatsApp does: not that he was blocked.
  await expect(log(bob.page).getByText("Message not delivered")).toBeVisible();
  await expect(bob.page.getByText(/blocked/i)).toHaveCount(0);
  await expect(log(alice.page).getByText("Are you there?")).toHaveCount(0);

  // Unblocking restores both.
  await alice.page.getByRole("button", { name: `Unblock ${bob.name}` }).click();
  await expect(chatLink(bob.page, alice.name)).toHaveAccessibleName(/online/);
  await say(alice.page, "Sorry, misclick");
  await expect(log(bob.page).getByText("Sorry, misclick")).toBeVisible();
});

test("a muted private conversation says so in the chat list", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "mutea", "muteb");
  await conversationSettings(bob.page).click();
  await bob.page.getByRole("button", { name: "Mute conversation" }).click();
  await expect(bob.page.getByRole("button", { name: "Unmute conversation" })).toHaveAttribute("aria-pressed", "true");
  await bob.page.goto("/");
  await say(alice.page, "psst");
  const entry = chatLink(bob.page, alice.name);
  await expect(entry).toContainText("1 unread");
  await expect(entry).toContainText("muted");
  expect(await bob.page.title()).not.toMatch(/^\(\d+\)/);
});
