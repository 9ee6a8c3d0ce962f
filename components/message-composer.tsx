"use client";

import { lazy, Suspense, useEffect, useId, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from "react";
import type { ReplyQuote } from "@/lib/chat/types";
import { useDraft } from "@/lib/client/drafts";
import type { PendingAttachment } from "@/lib/client/message-list";
import type { Attachments } from "@/lib/client/use-attachments";
import { formatSize } from "@/lib/client/uploads";
import { MESSAGE_MAX } from "@/lib/limits";
import { loadValidation } from "@/lib/client/validation-loader";
import { MESSAGE_BOX_ID } from "./element-ids";
import { PaperclipIcon } from "./paperclip-icon";
import type { MentionCandidate } from "@/lib/client/suggest";
import { useComposerSuggestions } from "./composer-suggestions";

// The emoji panel and its data load when it first opens.
const EmojiPicker = lazy(() => import("./emoji-picker"));

/** The message box: Enter sends, Shift+Enter breaks the line; checked with the server's own schema. */
interface Props {
  userId: number;
  conversationId: number;
  /** The files of this message (picked here, pasted, or dropped on the conversation). */
  attachments: Attachments;
  /** One of my messages being corrected: the box holds its text until saved or cancelled. */
  editing: { messageId: number; body: string } | null;
  /** Saves the edit; resolves with why it was refused, or null. */
  onSaveEdit: (body: string) => Promise<string | null>;
  onCancelEdit: () => void;
  /** ↑ in an empty box edits my last message, as in Slack; false when there is none to edit. */
  onEditLast: () => boolean;
  /** The message being answered, shown above the box until sent or cancelled. */
  replyingTo: { quote: Extract<ReplyQuote, { state: "shown" }>; name: string } | null;
  onCancelReply: () => void;
  onSend: (body: string, attachments: PendingAttachment[]) => void;
  onDraftChange?: (draft: string) => void;
  /** Who `@` offers: the conversation's members (everyone, in the lobby), me left out. */
  people: readonly MentionCandidate[];
}

export function MessageComposer({
  userId,
  conversationId,
  attachments,
  editing,
  onSaveEdit,
  onCancelEdit,
  onEditLast,
  replyingTo,
  onCancelReply,
  onSend,
  onDraftChange,
  people,
}: Props) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useDraft(userId, conversationId);
  const [error, setError] = useState<string | null>(null);
  // While editing, the box shows the message's text; the draft waits untouched for afterwards.
  const [editText, setEditText] = useState("");
  const editingId = editing?.messageId ?? null;
  // A new message to edit resets the box (during render, React's way for state that follows a prop).
  const [editingShown, setEditingShown] = useState<number | null>(null);
  if (editingId !== editingShown) {
    setEditingShown(editingId);
    setEditText(editing?.body ?? "");
    setError(null);
  }
  const setText = (next: string) => {
    if (editing) return setEditText(next);
    setDraft(next);
    onDraftChange?.(next);
  };
  const suggestions = useComposerSuggestions(box, editing ? editText : draft, setText, people);
  const [picking, setPicking] = useState(false);
  const emojiButton = useRef<HTMLButtonElement>(null);

  /** An emoji from the panel goes where the caret is, and the caret after it. */
  function insertEmoji(emoji: string) {
    setPicking(false);
    const element = box.current;
    const text = editing ? editText : draft;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  }

  // Choosing Reply puts the focus in the box, ready to answer.
  const replyingToId = replyingTo?.quote.id ?? null;
  useEffect(() => {
    if (replyingToId !== null) box.current?.focus();
  }, [replyingToId]);
  useEffect(() => {
    if (editingId === null) return;
    const element = box.current;
    element?.focus();
    // The caret at the end, where a correction usually goes.
    requestAnimationFrame(() => element?.setSelectionRange(element.value.length, element.value.length));
  }, [editingId]);

  // Opening a chat on a desktop puts the focus in its box, ready to type; on a phone that would pop
  // the keyboard over the messages one came to read.
  useEffect(() => {
    if (window.matchMedia("(min-width: 768px) and (pointer: fine)").matches) box.current?.focus({ preventScroll: true });
  }, [conversationId]);

  async function saveEdit() {
    const { messageBodySchema } = await loadValidation();
    const parsed = messageBodySchema.safeParse(editText);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid message");
      return;
    }
    const refused = await onSaveEdit(parsed.data);
    setError(refused);
    box.current?.focus();
  }

  function cancelEdit() {
    setError(null);
    onCancelEdit();
    box.current?.focus();
  }

  async function submit() {
    if (editing) return saveEdit();
    const { chips } = attachments;
    if (chips.some((c) => c.status === "uploading")) {
      setError("Wait a moment: files are still uploading");
      return;
    }
    const failed = chips.find((c) => c.status === "failed");
    if (failed) {
      setError(`${failed.name} did not upload: remove it or try again`);
      return;
    }
    const files = chips.flatMap((c) => (c.upload ? [c.upload] : []));
    const { messageBodySchema } = await loadValidation();
    const parsed = files.length > 0 && draft.trim() === "" ? ({ success: true, data: "" } as const) : messageBodySchema.safeParse(draft);
    if (!parsed.success) {
      // An empty box is not an error worth announcing; anything else is.
      setError(draft.trim() === "" ? null : (parsed.error.issues[0]?.message ?? "Invalid message"));
      return;
    }
    setError(null);
    onSend(parsed.data, files);
    setDraft("");
    attachments.clear();
    // Writing goes on in the box (on a phone, its keyboard stays open).
    box.current?.focus();
  }

  function addFiles(files: readonly File[]) {
    if (files.length === 0) return;
    setError(null);
    attachments.add(files);
  }

  // A pasted screenshot or copied file becomes an attachment; pasted text stays text.
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape" && editing) {
      event.preventDefault();
      cancelEdit();
    } else if (event.key === "Escape" && replyingTo) {
      event.preventDefault();
      onCancelReply();
    } else if (event.key === "ArrowUp" && !editing && draft === "" && attachments.chips.length === 0 && !event.altKey && !event.shiftKey) {
      if (onEditLast()) event.preventDefault();
    }
  }

  return (
    <form onSubmit={onSubmit} className="border-t border-slate-200 p-3 dark:border-slate-700">
      {editing && (
        <div className="mb-2 flex items-center justify-between gap-2 rounded-lg border-l-4 border-blue-700 bg-blue-50 px-3 py-1 text-sm dark:border-blue-400 dark:bg-slate-800">
          <p id={`${id}-editing`} className="min-w-0 truncate">
            <span className="font-semibold">Editing message</span>
            <span className="text-slate-600 dark:text-slate-300"> · Enter to save, Escape to cancel</span>
          </p>
          <button type="button" onClick={cancelEdit} className="min-h-9 shrink-0 rounded-md px-2 font-medium text-blue-700 underline dark:text-blue-300">
            Cancel
          </button>
        </div>
      )}
      {!editing && replyingTo && (
        <div className="mb-2 flex items-center justify-between gap-2 rounded-lg border-l-4 border-blue-700 bg-blue-50 px-3 py-1 text-sm dark:border-blue-400 dark:bg-slate-800">
          <p id={`${id}-replying`} className="min-w-0">
            <span className="block truncate font-semibold">
              Replying to <bdi>{replyingTo.name}</bdi>
            </span>
            <bdi className="block truncate text-slate-700 dark:text-slate-300">
              {replyingTo.quote.excerpt || (replyingTo.quote.attachment ? `📎 ${replyingTo.quote.attachment.name}` : "")}
            </bdi>
          </p>
          <button
            type="button"
            aria-label="Cancel reply"
            onClick={() => {
              onCancelReply();
              box.current?.focus();
            }}
            className="flex size-9 shrink-0 items-center justify-center rounded-md text-lg hover:bg-blue-100 dark:hover:bg-slate-700"
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      {!editing && attachments.chips.length > 0 && (
        <ul aria-label="Files to send" className="mb-2 flex flex-wrap gap-2">
          {attachments.chips.map((chip) => (
            <li
              key={chip.key}
              className={`flex max-w-full items-center gap-2 rounded-lg border px-2 py-1 text-sm ${
                chip.status === "failed" ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-600"
              }`}
            >
              {chip.previewUrl ? (
                <img src={chip.previewUrl} alt="" className="size-10 shrink-0 rounded object-cover" />
              ) : (
                <PaperclipIcon className="size-5 shrink-0 text-slate-600 dark:text-slate-300" />
              )}
              <span className="flex min-w-0 flex-col">
                <span className="flex gap-1">
                  <bdi className="max-w-40 truncate font-medium">{chip.name}</bdi>
                  <span className="shrink-0 text-slate-600 dark:text-slate-300">{formatSize(chip.size)}</span>
                </span>
                {chip.status === "uploading" && (
                  <span
                    role="progressbar"
                    aria-label={`Uploading ${chip.name}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={chip.percent}
                    className="mt-1 block h-1.5 w-32 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
                  >
                    <span className="block h-full bg-blue-700 transition-[width] dark:bg-blue-400" style={{ width: `${chip.percent}%` }} />
                  </span>
                )}
                {chip.status === "failed" && (
                  <span role="alert" className="text-red-700 dark:text-red-300">
                    Not uploaded: {chip.error}
                  </span>
                )}
              </span>
              {chip.status === "failed" && chip.error?.startsWith("No connection") && (
                <button type="button" onClick={() => attachments.retry(chip.key)} className="min-h-9 rounded-md px-2 font-medium text-blue-700 underline dark:text-blue-300">
                  Retry
                </button>
              )}
              <button
                type="button"
                aria-label={`Remove ${chip.name}`}
                onClick={() => {
                  attachments.remove(chip.key);
                  box.current?.focus();
                }}
                className="flex size-9 shrink-0 items-center justify-center rounded-md text-lg hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="relative flex items-end gap-2">
        {suggestions.list}
        {picking && (
          <Suspense fallback={null}>
            <EmojiPicker
              label="Emoji"
              className="right-0 bottom-full mb-2"
              onPick={insertEmoji}
              onClose={() => {
                setPicking(false);
                emojiButton.current?.focus();
              }}
            />
          </Suspense>
        )}
        <input
          id={`${id}-files`}
          type="file"
          multiple
          disabled={Boolean(editing)}
          className="peer sr-only"
          onChange={(event) => {
            addFiles([...(event.target.files ?? [])]);
            // The same file may be picked again after it was removed.
            event.target.value = "";
          }}
        />
        <label
          htmlFor={`${id}-files`}
          title="Attach file"
          className="flex size-11 shrink-0 cursor-pointer items-center justify-center rounded-xl text-xl text-slate-700 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          <PaperclipIcon className="size-6" />
          <span className="sr-only">Attach file</span>
        </label>
        <label htmlFor={MESSAGE_BOX_ID} className="sr-only">
          Message
        </label>
        <textarea
          ref={box}
          id={MESSAGE_BOX_ID}
          rows={1}
          value={editing ? editText : draft}
          maxLength={MESSAGE_MAX}
          onChange={(e) => suggestions.onText(e.target.value, e.target.selectionStart)}
          onSelect={suggestions.noteCaret}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={() => void loadValidation()}
          placeholder="Write a message"
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [editing ? `${id}-editing` : replyingTo ? `${id}-replying` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
          }
          {...suggestions.boxProps}
          className="max-h-40 min-h-11 min-w-0 flex-1 resize-none rounded-xl border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 [field-sizing:content] dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
        />
        <button
          ref={emojiButton}
          type="button"
          aria-label="Emoji"
          aria-expanded={picking}
          title="Emoji"
          // Open, a press here closes it (not the panel's press-outside, which would reopen it at once).
          onPointerDown={(event) => {
            if (picking) event.stopPropagation();
          }}
          onClick={() => setPicking((open) => !open)}
          className="flex size-11 shrink-0 items-center justify-center rounded-xl text-2xl hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          <span aria-hidden="true">🙂</span>
        </button>
        <button
          type="submit"
          // A press on Send does not take the focus from the box: on a phone that would close the keyboard.
          onMouseDown={(event) => event.preventDefault()}
          className="min-h-11 rounded-xl bg-blue-700 px-4 font-medium text-white hover:bg-blue-800"
        >
          {editing ? "Save" : "Send"}
        </button>
      </div>
      {(error ?? attachments.note) && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error ?? attachments.note}
        </p>
      )}
    </form>
  );
}
