import { describe, expect, it } from "vitest";
import { refusalText } from "./refusals";

describe("refusalText", () => {
  it("words a refusal by its code, whatever the server said, and falls back to the server's words", () => {
    expect(refusalText({ error: "whatever", code: "edit_window_over" })).toMatch(/^Too late to edit/);
    expect(refusalText({ error: "body: Too big", code: "too_long" })).toBe("Too long: a message can have at most 4,000 characters");
    expect(refusalText({ error: "Only its sender can edit a message", code: "forbidden" })).toBe("Only its sender can edit a message");
    expect(refusalText({ error: "Something" })).toBe("Something");
  });
});
