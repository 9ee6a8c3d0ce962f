import { expect, test, type BrowserContext } from "@playwright/test";
import { messages, twoPeopleInAConversation } from "./helpers";

/** Cuts only the socket (WebSocket and polling), so pages still load: "the server is unreachable". */
async function cutSocket(context: BrowserContext): Promise<() => void> {
  let cut = true;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) return ws.close();
    ws.connectToServer();
  });
  await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
  return () => {
    cut = false;
  };
}

test("messages written offline are sent once and in order when the connection returns", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "offa", "offb");

  await alice.page.context().setOffline(true);
  await expect(alice.page.getByRole("status")).toHaveText(/connection lost/i, { timeout: 30_000 });
  const box = alice.page.getByRole("textbox", { name: "Message" });
  for (const text of ["first while offline", "second while offline"]) {
    await box.fill(text);
    await box.press("Enter");
  }
  await expect(messages(alice.page)).toHaveCount(2);
  await expect(messages(alice.page).filter({ hasText: "Sending" })).toHaveCount(2);

  await alice.page.context().setOffline(false);
  await expect(messages(bob.page)).toHaveCount(2, { timeout: 30_000 });
  await expect(messages(bob.page).nth(0)).toContainText("first while offline");
  await expect(messages(bob.page).nth(1)).toContainText("second while offline");
  await expect(messages(alice.page).filter({ hasText: "Sending" })).toHaveCount(0);
  await expect(messages(alice.page)).toHaveCount(2);

  // Exactly once in storage too: a reload shows the same two.
  await bob.page.reload();
  await expect(messages(bob.page)).toHaveCount(2);
});

test("pending messages and the draft survive a reload while the server is unreachable", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "rela", "relb");

  const restore = await cutSocket(alice.page.context());
  // Drop the live connection too, so the cut takes effect now.
  await alice.page.reload();

  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("kept across a reload");
  await box.press("Enter");
  await box.fill("a draft I have not sent");
  await expect(messages(alice.page).last()).toContainText("Sending");

  await alice.page.reload();
  await expect(messages(alice.page).last()).toContainText("kept across a reload");
  await expect(messages(alice.page).last()).toContainText("Sending");
  await expect(alice.page.getByRole("textbox", { name: "Message" })).toHaveValue("a draft I have not sent");
  await expect(messages(bob.page)).toHaveCount(0);

  restore();
  await expect(messages(bob.page).last()).toContainText("kept across a reload", { timeout: 30_000 });
  await expect(messages(alice.page).filter({ hasText: "Sending" })).toHaveCount(0);
  await expect(messages(bob.page)).toHaveCount(1);
});
