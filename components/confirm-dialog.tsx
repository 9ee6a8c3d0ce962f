"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmRequest {
  title: string;
  body?: string;
  /** The action's own word ("Delete", "Leave"), never a bare "OK". */
  confirmLabel: string;
}

/**
 * A modal question before something that cannot be undone. The browser's <dialog> keeps the focus
 * inside; Cancel has it first, so Enter alone never destroys anything. Escape, Cancel or a press
 * outside answer no; the focus returns to what asked.
 */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const answer = useRef<((yes: boolean) => void) | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  const ask = useCallback((next: ConfirmRequest) => {
    answer.current?.(false);
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
    });
  }, []);

  const finish = useCallback((yes: boolean) => {
    answer.current?.(yes);
    answer.current = null;
    setRequest(null);
    // Closed before focusing: nothing outside an open modal dialog can take the focus.
    dialog.current?.close();
    // What opened it may be gone (a menu that closed): then the focus stays where the browser puts it.
    if (opener.current?.isConnected) opener.current.focus();
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (request && element && !element.open) element.showModal();
  }, [request]);

  const element = request && (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={request.body ? bodyId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        finish(false);
      }}
      // The dialog element itself is only hit on its backdrop: the content fills it.
      onClick={(event) => {
        if (event.target === event.currentTarget) finish(false);
      }}
      className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-xl p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex flex-col gap-3 p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {request.title}
        </h2>
        {request.body && (
          <p id={bodyId} className="text-sm text-slate-700 dark:text-slate-300">
            {request.body}
          </p>
        )}
        <div className="mt-2 flex justify-end gap-2">
          <button
            type="button"
            autoFocus
            onClick={() => finish(false)}
            className="min-h-11 rounded-md border border-slate-300 px-4 text-sm font-medium dark:border-slate-600"
          >
            Cancel
          </button>
          <button
            type="button"
            onClick={() => finish(true)}
            className="min-h-11 rounded-md bg-red-700 px-4 text-sm font-medium text-white hover:bg-red-800"
          >
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
  return [element, ask];
}
