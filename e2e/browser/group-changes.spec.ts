import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, newPerson } from "./helpers";

const RENAMES = 200;

test("200 renames of a group patch an open tab's list without refetching it 200 times", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  // Bob's tab refreshes its lists once when its socket first connects; let that happen before
  // counting, so only what the renames cause is counted.
  const firstRefresh = bob.page.waitForResponse((response) => new URL(response.url()).pathname === "/api/users");
  await bob.page.reload();
  await firstRefresh;
  const users = (await (await alice.page.request.get("/api/users")).json()) as { users: { id: number; username: string }[] };
  const bobId = users.users.find((u) => u.username === bob.name)?.id;
  const created = await alice.page.request.post("/api/groups", { data: { title: "Renamed 0", userIds: [bobId] } });
  expect(created.status()).toBe(201);
  const { conversation } = (await created.json()) as { conversation: { id: number } };
  const rooms = bob.page.getByRole("navigation", { name: "Chats" });
  await expect(rooms.getByRole("link", { name: /^Renamed 0\b/ })).toBeVisible();

  // From now on, count what bob's tab fetches.
  const fetched: string[] = [];
  bob.page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === "/api/users" || pathname === "/api/conversations") fetched.push(pathname);
  });
  for (let i = 1; i <= RENAMES; i++) {
    const renamed = await alice.page.request.patch(`/api/conversations/${conversation.id}`, { data: { title: `Renamed ${i}` } });
    expect(renamed.status()).toBe(200);
  }
  await expect(rooms.getByRole("link", { name: new RegExp(`^Renamed ${RENAMES}\\b`) })).toBeVisible();
  console.log(`[renames] ${RENAMES} renames: the other member's tab fetched ${fetched.length} lists (${fetched.filter((p) => p === "/api/users").length} of them /api/users)`);
  // Each rename carried the new name: nothing needed fetching. Being added to the group just before
  // may still finish one refresh of the lists (its notice can arrive before the list shows the
  // group); before the fix, each rename cost one of each, 400 in all.
  expect(fetched.filter((p) => p === "/api/users").length).toBeLessThanOrEqual(1);
  expect(fetched.length).toBeLessThanOrEqual(3);
});

test("Settings: who can add me to groups, saved and kept across a reload", async ({ browser }) => {
  const carol = await newPerson(browser, "carol");
  await carol.page.getByRole("link", { name: "Settings" }).click();
  await expect(carol.page).toHaveURL(/\/settings$/);
  const group = carol.page.getByRole("group", { name: "Who can add me to groups" });
  await expect(group.getByRole("radio", { name: "Everyone" })).toBeChecked();
  await expectNoA11yViolations(carol.page);
  await group.getByRole("radio", { name: "Only people I've written to" }).check();
  await expect(carol.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await carol.page.reload();
  await expect(carol.page.getByRole("group", { name: "Who can add me to groups" }).getByRole("radio", { name: "Only people I've written to" })).toBeChecked();
});
