"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useDraft } from "@/lib/client/drafts";
import { MESSAGE_MAX } from "@/lib/limits";
import { loadValidation } from "@/lib/client/validation-loader";
import { MESSAGE_BOX_ID } from "./element-ids";

/** The message box: Enter sends, Shift+Enter breaks the line; checked with the server's own schema. */
interface Props {
  userId: number;
  conversationId: number;
  onSend: (body: string) => void;
  onDraftChange?: (draft: string) => void;
}

export function MessageComposer({ userId, conversationId, onSend, onDraftChange }: Props) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useDraft(userId, conversationId);
  const [error, setError] = useState<string | null>(null);

  // Opening a chat on a desktop puts the focus in its box, ready to type; on a phone that would pop
  // the keyboard over the messages one came to read.
  useEffect(() => {
    if (window.matchMedia("(min-width: 768px) and (pointer: fine)").matches) box.current?.focus({ preventScroll: true });
  }, [conversationId]);

  async function submit() {
    const { messageBodySchema } = await loadValidation();
    const parsed = messageBodySchema.safeParse(draft);
    if (!parsed.success) {
      // An empty box is not an error worth announcing; anything else is.
      setError(draft.trim() === "" ? null : (parsed.error.issues[0]?.message ?? "Invalid message"));
      return;
    }
    setError(null);
    onSend(parsed.data);
    setDraft("");
    // Writing goes on in the box (on a phone, its keyboard stays open).
    box.current?.focus();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form onSubmit={onSubmit} className="border-t border-slate-200 p-3 dark:border-slate-700">
      <div className="flex items-end gap-2">
        <label htmlFor={MESSAGE_BOX_ID} className="sr-only">
          Message
        </label>
        <textarea
          ref={box}
          id={MESSAGE_BOX_ID}
          rows={1}
          value={draft}
          maxLength={MESSAGE_MAX}
          onChange={(e) => {
            setDraft(e.target.value);
            onDraftChange?.(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => void loadValidation()}
          placeholder="Write a message"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="max-h-40 min-h-11 flex-1 resize-none rounded-xl border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 [field-sizing:content] dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
        />
        <button
          type="submit"
          // A press on Send does not take the focus from the box: on a phone that would close the keyboard.
          onMouseDown={(event) => event.preventDefault()}
          className="min-h-11 rounded-xl bg-blue-700 px-4 font-medium text-white hover:bg-blue-800"
        >
          Send
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
