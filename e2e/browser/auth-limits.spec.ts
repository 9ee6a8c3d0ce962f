import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../integration/harness";
import { PASSWORD, uniqueName } from "./helpers";

// Its own server with a tight sign-up limit: the shared webServer has the limits lifted.
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ REGISTER_PER_ADDRESS_PER_HOUR: "2" });
});
test.afterAll(async () => {
  await server.stop();
});

test("past half the sign-up limit the register form solves the challenge by itself, and wrong passwords meet a stated wait", async ({
  browser,
}) => {
  let posts = 0;
  // A context per person: the chat page of the one before would react to its cookie going away.
  const register = async (name: string) => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/register")) posts += 1;
    });
    await page.goto("/register");
    await page.getByLabel("Username").fill(name);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("navigation", { name: "People" })).toBeVisible();
    await context.close();
  };
  const first = uniqueName("pow");
  await register(first);
  expect(posts).toBe(1);
  // The second sign-up from this address is answered with a challenge, which the form solves and sends again.
  await register(uniqueName("pow"));
  expect(posts).toBe(3);

  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill(first);
  await page.getByLabel("Password").fill("not the password");
  const alert = page.getByRole("main").getByRole("alert");
  // The same words three times: each answer is awaited, not the text, which would not change.
  const attempt = async () => {
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
  };
  for (let i = 0; i < 3; i++) {
    await attempt();
    await expect(alert).toHaveText("Invalid username or password");
  }
  await attempt();
  await expect(alert).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
  await context.close();
});
