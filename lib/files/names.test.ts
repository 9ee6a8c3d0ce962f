import { describe, expect, it } from "vitest";
import { cleanFileName, contentDisposition } from "./names";
import { looksLikeText } from "./types";

describe("cleanFileName", () => {
  it("keeps only the last part of a path, from either kind of slash", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\Users\\ann\\photo.jpg")).toBe("photo.jpg");
  });

  it("drops control and direction characters, and leading dots", () => {
    expect(cleanFileName("evil\u202Egnp.exe")).toBe("evilgnp.exe");
    expect(cleanFileName("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(cleanFileName("...hidden")).toBe("hidden");
    expect(cleanFileName("  ")).toBe("file");
    expect(cleanFileName("..")).toBe("file");
  });

  it("cuts long names to 200 characters, keeping the extension", () => {
    const cut = cleanFileName(`${"é".repeat(300)}.pdf`);
    expect([...cut]).toHaveLength(200);
    expect(cut.endsWith(".pdf")).toBe(true);
    expect(cleanFileName("Über café 📷.jpg")).toBe("Über café 📷.jpg");
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact name encoded", () => {
    expect(contentDisposition("attachment", 'Ré"sumé.pdf')).toBe(`attachment; filename="R__sum_.pdf"; filename*=UTF-8''R%C3%A9%22sum%C3%A9.pdf`);
    expect(contentDisposition("inline", "a b.png")).toBe(`inline; filename="a b.png"; filename*=UTF-8''a%20b.png`);
  });
});

describe("looksLikeText", () => {
  it("takes UTF-8 without control bytes, even cut mid-character, and nothing else", () => {
    expect(looksLikeText(new TextEncoder().encode("hello\tworld\r\n"))).toBe(true);
    expect(looksLikeText(new TextEncoder().encode("naïve").slice(0, 3))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x68, 0x00, 0x69]))).toBe(false);
    expect(looksLikeText(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(false);
    expect(looksLikeText(new Uint8Array([]))).toBe(false);
  });
});
