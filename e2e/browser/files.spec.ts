import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { chatLink, expectNoA11yViolations, messages, twoPeopleInAConversation } from "./helpers";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

function picture(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

/** Drops files on the conversation as a drag from the desktop would. */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]) {
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return data;
  }, files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })));
  const target = page.getByRole("log", { name: "Messages" });
  await target.dispatchEvent("dragenter", { dataTransfer: transfer });
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}

test("a picture from the picker, a PDF dropped on the chat and a pasted image reach the other person; the lightbox works by keyboard", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "filea", "fileb");
  const box = alice.page.getByRole("textbox", { name: "Message" });

  // The picker: a chip with name, size and thumbnail, then sent with a caption.
  await alice.page.getByLabel("Attach file").setInputFiles({ name: "sunset.png", mimeType: "image/png", buffer: await picture(600, 300, "#f80") });
  const chips = alice.page.getByRole("list", { name: "Files to send" });
  await expect(chips.getByRole("listitem")).toHaveCount(1);
  await expect(chips).toContainText("sunset.png");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await box.fill("look at this");
  await box.press("Enter");
  await expect(chips).toHaveCount(0);

  for (const page of [alice.page, bob.page]) {
    const image = messages(page).filter({ hasText: "look at this" }).getByRole("img", { name: "sunset.png" });
    await expect(image).toBeVisible();
    // Its place was kept to its proportions (2:1) before it loaded.
    const size = await image.boundingBox();
    expect(Math.round(size!.width / size!.height)).toBe(2);
  }
  await expect(chatLink(bob.page, alice.name)).toContainText("📷 look at this");

  // Bob opens it from the keyboard, sees it large, and closes it with Escape; the focus returns.
  const thumbnail = messages(bob.page).filter({ hasText: "look at this" }).getByRole("button", { name: "sunset.png" });
  await thumbnail.focus();
  await bob.page.keyboard.press("Enter");
  const lightbox = bob.page.getByRole("dialog", { name: "sunset.png" });
  await expect(lightbox).toBeVisible();
  await expect(lightbox.getByRole("img", { name: "sunset.png" })).toBeVisible();
  await expectNoA11yViolations(bob.page);
  await bob.page.keyboard.press("Escape");
  await expect(lightbox).toHaveCount(0);
  await expect(thumbnail).toBeFocused();

  // A PDF dropped on the conversation, sent alone.
  await dropFiles(alice.page, [{ name: "Plan «v2».pdf", type: "application/pdf", bytes: PDF }]);
  await expect(chips).toContainText("Plan «v2».pdf");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await box.press("Enter");
  const link = messages(bob.page).getByRole("link", { name: /^Plan «v2»\.pdf/ });
  await expect(link).toBeVisible();
  await expect(chatLink(bob.page, alice.name)).toContainText("📎 Plan «v2».pdf");
  const [download] = await Promise.all([bob.page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("Plan «v2».pdf");
  expect(readFileSync((await download.path())!)).toEqual(PDF);

  // A pasted screenshot.
  const pasted = await picture(100, 100, "#08f");
  await box.focus();
  await alice.page.evaluate((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...pasted]);
  await expect(chips).toContainText("image.png");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await box.fill("pasted");
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "pasted" }).getByRole("img", { name: "image.png" })).toBeVisible();
});

test("a large file shows real upload progress on a slow connection, and Remove cancels it", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "slowa", "slowb");
  const cdp = await alice.page.context().newCDPSession(alice.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: 10_000_000, uploadThroughput: 200_000 });
  const big = Buffer.concat([PDF, Buffer.alloc(1_500_000, 0x41)]);
  await alice.page.getByLabel("Attach file").setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: big });
  const progress = alice.page.getByRole("progressbar", { name: "Uploading big.pdf" });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
  // Sending waits for it, and says so; the text is kept.
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("with the big one");
  await box.press("Enter");
  await expect(alice.page.getByRole("alert").filter({ hasText: "Wait a moment: files are still uploading" })).toBeVisible();
  await expect(box).toHaveValue("with the big one");
  await alice.page.getByRole("button", { name: "Remove big.pdf" }).click();
  await expect(alice.page.getByRole("list", { name: "Files to send" })).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await box.press("Enter");
  await expect(messages(bob.page).last()).toContainText("with the big one");
  await expect(messages(bob.page).last().getByRole("link")).toHaveCount(0);
});

test("offline, a file says it needs a connection, keeps the text, and uploads on Retry once back", async ({ browser }) => {
  const { alice, bob } = await twoPeopleInAConversation(browser, "offa", "offb");
  const box = alice.page.getByRole("textbox", { name: "Message" });
  await box.fill("the plan, attached");
  await alice.page.context().setOffline(true);
  await alice.page.getByLabel("Attach file").setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: PDF });
  const chips = alice.page.getByRole("list", { name: "Files to send" });
  await expect(chips.getByRole("alert")).toHaveText("Not uploaded: No connection: files need one to upload");
  await box.press("Enter");
  await expect(alice.page.getByRole("alert").filter({ hasText: "plan.pdf did not upload: remove it or try again" })).toBeVisible();
  await expect(box).toHaveValue("the plan, attached");

  await alice.page.context().setOffline(false);
  await chips.getByRole("button", { name: "Retry" }).click();
  await expect(chips.getByRole("alert")).toHaveCount(0);
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await box.press("Enter");
  await expect(messages(bob.page).filter({ hasText: "the plan, attached" }).getByRole("link", { name: /^plan\.pdf/ })).toBeVisible();
});
