import { describe, expect, it } from "vitest";
import { loadEmojiData, replaceShortcodeBeforeCaret, searchEmoji } from "./emoji";

describe("emoji data", () => {
  it("knows GitHub's shortcodes and leaves out skin-tone components", async () => {
    const data = await loadEmojiData();
    expect(data.byShortcode.get("tada")?.emoji).toBe("🎉");
    expect(data.byShortcode.get("+1")?.emoji).toBe("👍");
    expect(data.byShortcode.get("joy")?.emoji).toBe("😂");
    expect(data.list.length).toBeGreaterThan(1800);
    expect(data.list.some((e) => e.name.startsWith("light skin tone"))).toBe(false);
    expect(data.groups[data.byShortcode.get("tada")!.group]).toBe("activities");
  });

  it("searches shortcodes first, then names and tags", async () => {
    const data = await loadEmojiData();
    expect(searchEmoji(data, "tada")[0]?.emoji).toBe("🎉");
    expect(searchEmoji(data, ":thu")[0]?.emoji).toBe("👍");
    expect(searchEmoji(data, "party").map((e) => e.emoji)).toContain("🎉");
    expect(searchEmoji(data, "celebrat").map((e) => e.emoji)).toContain("🎉");
    expect(searchEmoji(data, "HEART").length).toBeGreaterThan(10);
    expect(searchEmoji(data, "qqqqzz")).toEqual([]);
    expect(searchEmoji(data, "a", 5)).toHaveLength(5);
  });

  it("replaces a shortcode as its closing colon is typed, and nothing else", async () => {
    const data = await loadEmojiData();
    expect(replaceShortcodeBeforeCaret(data, "we won :tada:", 13)).toEqual({ text: "we won 🎉", caret: 9 });
    expect(replaceShortcodeBeforeCaret(data, ":tada: and more", 6)).toEqual({ text: "🎉 and more", caret: 2 });
    expect(replaceShortcodeBeforeCaret(data, "(:+1:)", 5)).toEqual({ text: "(👍)", caret: 3 });
    expect(replaceShortcodeBeforeCaret(data, "at 10:30:", 9)).toBeNull();
    expect(replaceShortcodeBeforeCaret(data, "x:tada:", 7)).toBeNull();
    expect(replaceShortcodeBeforeCaret(data, ":nosuchcode:", 12)).toBeNull();
    expect(replaceShortcodeBeforeCaret(data, ":tada", 5)).toBeNull();
  });
});
