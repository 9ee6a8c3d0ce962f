import { describe, expect, it } from "vitest";
import { logAuthError } from "./auth-log";

const refusal = (type: string) => Object.assign(new Error("Read more at https://errors.authjs.dev"), { type });

describe("logAuthError", () => {
  it("writes one line for a flood of bad cookies, then one line with the count a window later", () => {
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    for (let i = 0; i < 500; i++) logAuthError(refusal("JWTSessionError"), 1_000 + i, write);
    expect(lines).toEqual(["[auth] refused: JWTSessionError"]);
    logAuthError(refusal("JWTSessionError"), 1_000 + 61_000, write);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("[auth] refused: JWTSessionError (499 more since the last line)");
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
  });
});
