import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-redirect";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/c/12")).toBe("/c/12");
    expect(safeCallbackPath("/c/12?x=1#m5")).toBe("/c/12?x=1#m5");
    expect(safeCallbackPath("/groups/new")).toBe("/groups/new");
  });

  it("refuses every way of leaving the site", () => {
    for (const attack of [
      "//evil.example/phish",
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r/evil.example",
      "/ /evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "http:evil.example",
      "javascript:alert(1)",
      " /c/1",
      "/\u0000/evil.example",
      "/\u00a0/evil.example",
      "/\u2028/evil.example",
      "evil.example",
      "",
    ]) {
      expect(safeCallbackPath(attack), JSON.stringify(attack)).toBe("/");
    }
  });

  it("refuses what is not a string or is absurdly long", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/c/1", "//evil.example"])).toBe("/");
    expect(safeCallbackPath(`/${"a".repeat(5000)}`)).toBe("/");
  });
});
