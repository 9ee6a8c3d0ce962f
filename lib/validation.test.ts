import { describe, expect, it } from "vitest";
import {
  credentialsSchema,
  emojiSchema,
  displayNameSchema,
  DISPLAY_NAME_MAX,
  groupTitleSchema,
  historyQuerySchema,
  MESSAGE_MAX,
  messageBodySchema,
  sendMessageSchema,
  usernameSchema,
} from "./validation";

describe("usernameSchema", () => {
  it("lower-cases and trims so uniqueness ignores case", () => {
    expect(usernameSchema.parse("  Alice.B-2_ ")).toBe("alice.b-2_");
  });

  it.each(["ab", "a".repeat(33), "has space", "émile", "аlice" /* Cyrillic a */, "semi;colon", ""])("refuses %j", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(false);
  });
});

describe("credentialsSchema", () => {
  it("needs a password of at least 8 characters and no other fields", () => {
    expect(credentialsSchema.safeParse({ username: "alice", password: "1234567" }).success).toBe(false);
    expect(credentialsSchema.safeParse({ username: "alice", password: "12345678" }).success).toBe(true);
    expect(credentialsSchema.safeParse({ username: "alice", password: "12345678", role: "admin" }).success).toBe(false);
  });
});

describe("messageBodySchema", () => {
  it("trims, keeps inner line breaks and normalises CRLF", () => {
    expect(messageBodySchema.parse("  one\r\ntwo\n\nthree  ")).toBe("one\ntwo\n\nthree");
  });

  it("counts the limit after trimming", () => {
    expect(messageBodySchema.safeParse(` ${"x".repeat(MESSAGE_MAX)} `).success).toBe(true);
    expect(messageBodySchema.safeParse("x".repeat(MESSAGE_MAX + 1)).success).toBe(false);
  });

  it.each([["empty", ""], ["blank", " \n\t "], ["NUL", "a\u0000b"], ["escape", "a\u001b[31m"], ["lone surrogate", "\uDC00"], ["number", 5]])(
    "refuses %s",
    (_label, body) => {
      expect(messageBodySchema.safeParse(body).success).toBe(false);
    },
  );

  it("keeps markup and emoji as plain text", () => {
    expect(messageBodySchema.parse("<script>alert(1)</script> 👋")).toBe("<script>alert(1)</script> 👋");
  });
});

describe("sendMessageSchema", () => {
  it("refuses extra fields such as a forged senderId", () => {
    const result = sendMessageSchema.safeParse({ conversationId: 1, body: "hi", clientId: "abcdefgh", senderId: 2 });
    expect(result.success).toBe(false);
  });
});

describe("historyQuerySchema", () => {
  it("parses query-string numbers and bounds the limit", () => {
    expect(historyQuerySchema.parse({ before: "40", limit: "20" })).toEqual({ before: 40, limit: 20 });
    expect(historyQuerySchema.safeParse({ limit: "101" }).success).toBe(false);
    expect(historyQuerySchema.safeParse({ before: "1e3" }).success).toBe(false);
    expect(historyQuerySchema.safeParse({ before: "1", after: "2" }).success).toBe(false);
  });
});

describe("groupTitleSchema", () => {
  it("refuses text direction controls, which would make a name read backwards", () => {
    for (const control of ["\u202E", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C", "\u202A"]) {
      expect(groupTitleSchema.safeParse(`${control}gnp.exe`).success, JSON.stringify(control)).toBe(false);
    }
    expect(groupTitleSchema.parse("שלום friends")).toBe("שלום friends");
  });
});

describe("displayNameSchema", () => {
  it("tidies white space, and blank means none (the username shows)", () => {
    expect(displayNameSchema.parse("  Alice \n  Liddell ")).toBe("Alice Liddell");
    expect(displayNameSchema.parse("   ")).toBeNull();
    expect(displayNameSchema.parse("")).toBeNull();
  });

  it("counts characters as people see them, up to the limit", () => {
    expect(displayNameSchema.parse("🎉".repeat(DISPLAY_NAME_MAX))).toBe("🎉".repeat(DISPLAY_NAME_MAX));
    expect(displayNameSchema.safeParse("a".repeat(DISPLAY_NAME_MAX + 1)).error?.issues[0]?.message).toBe(
      `Display name must be at most ${DISPLAY_NAME_MAX} characters`,
    );
  });

  it("refuses controls, direction overrides and names of nothing visible", () => {
    expect(displayNameSchema.safeParse("\u202Eecila").success).toBe(false);
    expect(displayNameSchema.safeParse("a\u0000b").success).toBe(false);
    expect(displayNameSchema.safeParse("\u200B\u200B").error?.issues[0]?.message).toBe("Display name must contain a visible character");
    expect(displayNameSchema.safeParse("\uD800").success).toBe(false);
    expect(displayNameSchema.parse("Zoë 张伟")).toBe("Zoë 张伟");
  });
});

describe("emojiSchema", () => {
  it("spells each emoji one way: VS16 dropped where the emoji shows as emoji anyway, kept where it matters", () => {
    expect(emojiSchema.parse("👍\uFE0F")).toBe("👍");
    expect(emojiSchema.parse("👍")).toBe("👍");
    expect(emojiSchema.parse("❤️")).toBe("❤️");
    expect(emojiSchema.parse("🇫🇷")).toBe("🇫🇷");
    expect(emojiSchema.safeParse("👍👍").success).toBe(false);
  });
});
