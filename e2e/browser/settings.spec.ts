import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, newPerson, PASSWORD } from "./helpers";

const NEW_PASSWORD = "another horse battery";

test("changing the password keeps this device signed in and signs out every other one", async ({ browser }) => {
  const alice = await newPerson(browser, "pwa");
  // Alice on a second device.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const phone = await other.newPage();
  await phone.goto("/login");
  await phone.getByLabel("Username").fill(alice.name);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.getByRole("navigation", { name: "Chats" })).toBeVisible();

  const page = alice.page;
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expectNoA11yViolations(page);
  const current = page.getByLabel("Current password");
  const next = page.getByLabel("New password");
  await expect(next).toHaveAccessibleDescription("At least 8 characters.");

  // A wrong current password is said once, at its field.
  await current.fill("not it at all");
  await next.fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(current).toHaveAccessibleDescription("That is not your current password");
  await expect(current).toBeFocused();
  await expect(page.getByText("That is not your current password")).toHaveCount(1);

  await current.fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  // The other device is out at once: its connection is closed, and it goes to sign in.
  await expect(phone).toHaveURL(/\/login/);
  // This one is still in, and still connected.
  await expect(page.getByRole("status").filter({ hasText: /connection lost/i })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  // Only the new password signs in.
  await phone.getByLabel("Username").fill(alice.name);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.getByText("Invalid username or password")).toBeVisible();
  await phone.getByLabel("Password").fill(NEW_PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.getByRole("navigation", { name: "Chats" })).toBeVisible();
  await other.close();
});
