import { describe, expect, it } from "vitest";
import { avatarColour, initials } from "./avatar";

describe("avatars", () => {
  it("takes up to two initials and a colour that stays the same for a name", () => {
    expect(initials("Ann Lee")).toBe("AL");
    expect(initials("bob")).toBe("B");
    expect(initials("mary_jane_watson")).toBe("MW");
    expect(initials("élodie")).toBe("É");
    expect(avatarColour("bob")).toBe(avatarColour("bob"));
    expect(new Set(["a", "b", "c", "d", "e", "f", "g", "h", "i"].map(avatarColour)).size).toBeGreaterThan(3);
  });
});
