"use client";

import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { ALLOWED_ELEMENTS, LINK_REL, safeHref } from "@/lib/client/markdown";
import { splitMentions } from "@/lib/mentions";
import { Mention } from "./mention";

interface Props {
  text: string;
  /** Usernames that are mentioned with @ here and are people (they are highlighted). */
  isPerson: (username: string) => boolean;
  myUsername: string;
  mine: boolean;
}

// The hast nodes the mention step walks: only what it needs of the shape.
interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

// The mdast nodes the HTML step walks: only what it needs of the shape.
interface MdastNode {
  type: string;
  value?: string;
  children?: MdastNode[];
}

const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem"]);

/**
 * A remark step: HTML people type ("<b>hi</b>") is shown as the text it is, never rendered and
 * never silently dropped. Block HTML becomes a paragraph of text, inline HTML a run of text.
 */
function remarkHtmlAsText() {
  const walk = (node: MdastNode) => {
    if (!node.children) return;
    const block = BLOCK_PARENTS.has(node.type);
    node.children = node.children.map((child) => {
      if (child.type !== "html") {
        walk(child);
        return child;
      }
      const text = { type: "text", value: child.value ?? "" };
      return block ? { type: "paragraph", children: [text] } : text;
    });
  };
  return (tree: MdastNode) => walk(tree);
}

/**
 * A rehype step: each `@username` in text (outside code and links) becomes a span the Mention
 * component draws. Written as a walk over the tree react-markdown hands over, not over the text.
 */
function rehypeMentions() {
  const walk = (node: HastNode) => {
    if (!node.children || node.tagName === "code" || node.tagName === "pre" || node.tagName === "a") return;
    node.children = node.children.flatMap((child): HastNode[] => {
      if (child.type !== "text" || !child.value?.includes("@")) {
        walk(child);
        return [child];
      }
      return splitMentions(child.value).map((part) =>
        "mention" in part
          ? { type: "element", tagName: "span", properties: { dataMention: part.mention }, children: [{ type: "text", value: part.text }] }
          : { type: "text", value: part.text },
      );
    });
  };
  return (tree: HastNode) => walk(tree);
}

/**
 * A message's text with its formatting (lib/client/markdown.ts): loaded only for messages that
 * may have some. Paragraphs keep the line breaks people typed, as plain messages do.
 */
export default function MarkdownBody({ text, isPerson, myUsername, mine }: Props) {
  const components: Components = {
    a: ({ href, children }) => {
      const safe = href ? safeHref(href) : null;
      if (!safe) return <>{children}</>;
      return (
        <a href={safe} target="_blank" rel={LINK_REL} className="underline decoration-1 underline-offset-2 [overflow-wrap:anywhere]">
          {children}
        </a>
      );
    },
    p: ({ children }) => <p className="whitespace-pre-wrap [&:not(:last-child)]:mb-1">{children}</p>,
    li: ({ children }) => <li className="whitespace-pre-wrap">{children}</li>,
    ul: ({ children }) => <ul className="my-1 list-disc ps-5">{children}</ul>,
    ol: ({ children }) => <ol className="my-1 list-decimal ps-5">{children}</ol>,
    blockquote: ({ children }) => (
      <blockquote className={`my-1 border-s-4 ps-2 ${mine ? "border-blue-300" : "border-slate-400 dark:border-slate-500"}`}>{children}</blockquote>
    ),
    pre: ({ children }) => (
      // Scrolls sideways rather than wrapping code, and is reachable by keyboard to do so.
      <pre tabIndex={0} className={`my-1 overflow-x-auto rounded-md p-2 font-mono text-sm ${mine ? "bg-blue-900/60" : "bg-slate-200 dark:bg-slate-900"}`}>
        {children}
      </pre>
    ),
    code: ({ children, className }) => (
      // Inside pre (a fenced block) it takes the block's look; inline it gets its own.
      <code className={`${className ?? ""} font-mono text-[0.9em] [:not(pre)>&]:rounded [:not(pre)>&]:px-1 ${mine ? "[:not(pre)>&]:bg-blue-900/60" : "[:not(pre)>&]:bg-slate-200 dark:[:not(pre)>&]:bg-slate-900"}`}>
        {children}
      </code>
    ),
    span: ({ children, ...rest }) => {
      const username = (rest as { "data-mention"?: string })["data-mention"];
      if (!username || !isPerson(username)) return <>{children}</>;
      return <Mention username={username} text={`@${username}`} self={username === myUsername} mine={mine} />;
    },
  };
  return (
    <Markdown
      remarkPlugins={[remarkGfm, remarkHtmlAsText]}
      rehypePlugins={[rehypeMentions]}
      skipHtml
      allowedElements={ALLOWED_ELEMENTS}
      unwrapDisallowed
      urlTransform={(url) => safeHref(url) ?? ""}
      components={components}
    >
      {text}
    </Markdown>
  );
}

