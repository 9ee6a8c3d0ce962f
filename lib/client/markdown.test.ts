import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import MarkdownBody from "@/components/markdown-body";
import { MESSAGE_MAX } from "../limits";
import { ALLOWED_ELEMENTS, mayHaveFormatting, safeHref } from "./markdown";
import { mentionedUsernames, splitMentions } from "../mentions";

const PEOPLE = new Set(["alice", "bob.smith"]);
const render = (text: string, me = "alice") =>
  renderToStaticMarkup(createElement(MarkdownBody, { text, isPerson: (u: string) => PEOPLE.has(u), myUsername: me, mine: false }));

/**
 * Every element in the output is on the allowlist, with no handler, style, source or non-http(s)
 * link. (Text is escaped by React: a "<" in it is "&lt;", so every "<" here opens a real element.)
 */
function expectSafe(html: string): void {
  for (const [tag, name] of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g)) {
    expect(ALLOWED_ELEMENTS as readonly string[]).toContain(name!.toLowerCase());
    expect(tag).not.toMatch(/\s(on[a-z]+|style|src|srcset|formaction|xlink:href)=/i);
    for (const [, href] of tag.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
  }
}

describe("the markdown renderer", () => {
  it("renders the subset: bold, italic, strike, code, fenced code, quotes, lists and links", () => {
    const html = render("**bold** _it_ ~~gone~~ `x<y`\n\n```\nconst a = 1;\n```\n\n> quoted\n\n- one\n- two\n\n1. first\n\n[site](https://example.com/a?b=1)");
    expectSafe(html);
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>it</em>");
    expect(html).toContain("<del>gone</del>");
    expect(html).toMatch(/<code[^>]*>x&lt;y<\/code>/);
    expect(html).toMatch(/<pre[^>]*><code[^>]*>const a = 1;\n<\/code><\/pre>/);
    expect(html).toMatch(/<blockquote[^>]*>\s*<p[^>]*>quoted<\/p>/);
    expect(html).toMatch(/<ul[^>]*>\s*<li[^>]*>one<\/li>/);
    expect(html).toMatch(/<ol[^>]*>\s*<li[^>]*>first<\/li>/);
    expect(html).toContain('<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow"');
  });

  it("links bare http(s) URLs, and nothing with another scheme", () => {
    const html = render("see https://example.org/x and http://a.test, not javascript:alert(1) or ftp://f.test or mailto:a@b.test");
    expectSafe(html);
    expect(html).toContain('href="https://example.org/x"');
    expect(html).toContain('href="http://a.test/"');
    expect([...html.matchAll(/<a /g)]).toHaveLength(2);
  });

  it.each([
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["an encoded javascript: link", "[click](jav&#x09;ascript:alert(1))"],
    ["a data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["a vbscript: autolink", "<vbscript:msgbox(1)>"],
    ["a reference link to javascript:", "[x][r]\n\n[r]: javascript:alert(1)"],
    ["an image", "![cat](https://example.com/cat.png)"],
    ["an image by reference", "![cat][c]\n\n[c]: https://example.com/cat.png"],
    ["raw HTML", '<b>hi</b><img src=x onerror="alert(1)"><script>alert(1)</script>'],
    ["HTML in a code block", '```html\n<img src=x onerror=alert(1)>\n```'],
    ["HTML in inline code", "`<script>alert(1)</script>`"],
    ["an iframe", '<iframe src="https://evil.test"></iframe>'],
    ["a style attribute", '<p style="position:fixed">x</p>'],
    ["a table", "| a | b |\n|---|---|\n| 1 | 2 |"],
    ["a heading", "# big"],
    ["a footnote", "text[^1]\n\n[^1]: https://example.com"],
    ["a task list", "- [x] done"],
    ["an svg", '<svg onload="alert(1)"><circle/></svg>'],
  ])("%s never yields an element outside the allowlist", (_name, text) => {
    expectSafe(render(text));
  });

  it("keeps HTML as text: <b>hi</b> shows its tags, a code block its markup", () => {
    expect(render("<b>hi</b>")).toBe('<p class="whitespace-pre-wrap [&amp;:not(:last-child)]:mb-1">&lt;b&gt;hi&lt;/b&gt;</p>');
    expect(render("say **<i>this</i>**")).toContain("<strong>&lt;i&gt;this&lt;/i&gt;</strong>");
    expect(render("<div>\nblock\n</div>")).toContain("&lt;div&gt;\nblock\n&lt;/div&gt;");
    expect(render("`<b>hi</b>`")).toContain("&lt;b&gt;hi&lt;/b&gt;");
    expect(render("```\n<img src=x onerror=alert(1)>\n```")).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("survives nesting and emphasis bombs as long as a message can be, quickly and still safe", () => {
    const bombs = [
      "*".repeat(MESSAGE_MAX),
      "_a".repeat(MESSAGE_MAX / 2),
      "**_~~`".repeat(MESSAGE_MAX / 6),
      `${"[".repeat(1_900)}x${"](https://e.test)".repeat(120)}`,
      `${"[a](".repeat(MESSAGE_MAX / 4)}`,
      "*a **b _c ~~d `e".repeat(MESSAGE_MAX / 17),
      "<".repeat(MESSAGE_MAX),
    ];
    for (const bomb of bombs) {
      expect(bomb.length).toBeLessThanOrEqual(MESSAGE_MAX);
      const started = performance.now();
      expectSafe(render(bomb));
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("leaves deep nesting (which would overflow the parser's stack) to the plain renderer", () => {
    for (const deep of [`${">".repeat(2_000)} deep`, `${"- ".repeat(1_000)}x`, `${"1. ".repeat(500)}x`, `${" ".repeat(2_000)}- x`, `> - > - > - > - > x`]) {
      expect(mayHaveFormatting(deep)).toBe(false);
    }
    // Everyday nesting still formats.
    expect(mayHaveFormatting("> quoted\n> - with a list\n>   - and a sublist")).toBe(true);
    expectSafe(render("> quoted\n> - with a list\n>   - and a sublist"));
  });

  it("highlights @mentions of people, more strongly mine, and not inside code or links", () => {
    const html = render("hi @bob.smith and @alice, not @nobody, `@bob.smith` or [@alice](https://e.test) *@alice*");
    expectSafe(html);
    expect([...html.matchAll(/data-mention="bob.smith"/g)]).toHaveLength(1);
    expect([...html.matchAll(/data-mention="alice" data-self="true"/g)]).toHaveLength(2);
    expect(html).not.toContain('data-mention="nobody"');
  });
});

describe("the rules around it", () => {
  it("safeHref keeps http(s) only", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "data:text/html,x", "/relative", "mailto:a@b.c", "file:///etc/passwd", ""]) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it("mayHaveFormatting lets plain chat skip the renderer", () => {
    for (const plain of ["hello there", "see you at 9!", "what? no.", "3 + 4 = 7", "@alice hi"]) expect(mayHaveFormatting(plain)).toBe(false);
    for (const marked of ["**b**", "_i_", "a `c`", "https://x.test", "> q", "- item", "1. first", "~~s~~"]) expect(mayHaveFormatting(marked)).toBe(true);
  });

  it("splitMentions finds usernames, not e-mail addresses, keeping the text as written", () => {
    expect(splitMentions("Hi @Bob.Smith. Mail a@b.test or @al")).toEqual([
      { text: "Hi " },
      { mention: "bob.smith", text: "@Bob.Smith" },
      { text: ". Mail a@b.test or @al" },
    ]);
  });

  it("mentionedUsernames lists each username once, lower case, at most 50", () => {
    expect(mentionedUsernames("@Bob hi @bob and @ann_lee, not a@b.test")).toEqual(["bob", "ann_lee"]);
    expect(mentionedUsernames(Array.from({ length: 80 }, (_, i) => `@user${i}`).join(" "))).toHaveLength(50);
  });
});
