"use client";

import { Component, lazy, Suspense, type ReactNode } from "react";
import { mayHaveFormatting } from "@/lib/client/markdown";
import { splitMentions } from "@/lib/mentions";
import { Mention } from "./mention";

// Formatting loads on the first message that may have some: plain chats never fetch it.
const MarkdownBody = lazy(() => import("./markdown-body"));

interface Props {
  text: string;
  /** Whether a mentioned username is a person (only those are highlighted). */
  isPerson: (username: string) => boolean;
  myUsername: string;
  mine: boolean;
}

/** Text with its mentions, as plain messages show it (and formatted ones while formatting loads). */
function PlainBody({ text, isPerson, myUsername, mine }: Props) {
  return (
    // <bdi>: direction overrides in the text (U+202E turning "gnp.exe" into "exe.png") stay inside it.
    <bdi data-part="body" className="whitespace-pre-wrap">
      {splitMentions(text).map((part, i) =>
        "mention" in part && isPerson(part.mention) ? (
          <Mention key={i} username={part.mention} text={part.text} self={part.mention === myUsername} mine={mine} />
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </bdi>
  );
}

/** Should formatting ever fail on some text (or fail to load), the text still shows, plainly. */
class PlainOnError extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * A message's text. React escapes it either way: plain text is a text child, formatted text goes
 * through react-markdown with raw HTML skipped and an allowlist of elements (markdown-body.tsx).
 */
export function MessageBody(props: Props) {
  if (!mayHaveFormatting(props.text)) return <PlainBody {...props} />;
  const plain = <PlainBody {...props} />;
  return (
    <PlainOnError fallback={plain}>
      <Suspense fallback={plain}>
        {/* dir="auto" isolates it like <bdi>, for block content. */}
        <div data-part="body" data-formatted="" dir="auto" className="[&>p:last-child]:inline">
          <MarkdownBody {...props} />
        </div>
      </Suspense>
    </PlainOnError>
  );
}
