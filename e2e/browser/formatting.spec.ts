import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, messages, twoPeopleInAConversation } from "./helpers";

test("formatting: bold, a code block, a quote and a link render for both people; <b>hi</b> stays text; emoji alone show large", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "fmta", "fmtb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  // Shift+Enter breaks lines in the box; the message is sent as typed.
  await box.fill("**bold** and `code`");
  await box.press("Shift+Enter");
  await box.pressSequentially("```");
  await box.press("Shift+Enter");
  await box.pressSequentially("const x = 1;");
  await box.press("Shift+Enter");
  await box.pressSequentially("```");
  await box.press("Enter");
  await box.fill("<b>hi</b> & see https://example.com/page");
  await box.press("Enter");
  await box.fill("🎉🎉");
  await box.press("Enter");

  for (const page of [alice.page, bob.page]) {
    const formatted = messages(page).filter({ hasText: "const x = 1;" });
    await expect(formatted.locator("strong")).toHaveText("bold");
    await expect(formatted.locator(":not(pre) > code")).toHaveText("code");
    await expect(formatted.locator("pre code")).toHaveText("const x = 1;\n");
    const html = messages(page).filter({ hasText: "<b>hi</b>" });
    await expect(html.locator('[data-part="body"]')).toHaveText("<b>hi</b> & see https://example.com/page");
    await expect(html.locator("b")).toHaveCount(0);
    const link = html.getByRole("link", { name: "https://example.com/page" });
    await expect(link).toHaveAttribute("href", "https://example.com/page");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    const big = messages(page).filter({ hasText: "🎉🎉" }).locator('[data-part="body"]');
    expect(Number.parseFloat(await big.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(30);
  }
  await expectNoA11yViolations(bob.page);
});
