"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState, type FormEvent } from "react";
import type { ConversationSummary } from "@/lib/chat/types";
import { addMembers, blockUser, removeMember, renameGroup, setMuted, unblockUser } from "@/lib/client/api";
import { shownName } from "@/lib/client/names";
import { useDismiss } from "@/lib/client/use-dismiss";
import { useChat } from "./chat-context";
import { useConfirm } from "./confirm-dialog";
import { PeoplePicker } from "./people-picker";

const buttonClass =
  "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

/**
 * What one can change about a conversation: mute it; block the peer (private); rename, add and
 * remove members (group admins) and leave (groups). Every change is checked again by the server.
 * Block, remove and leave ask first. The panel closes on Escape (focus back on ⋮) and on a press
 * outside it, but stays open while its own confirmation is asked.
 */
export function ConversationSettings({ conversation }: { conversation: ConversationSummary }) {
  const { me, state } = useChat();
  const router = useRouter();
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const [toAdd, setToAdd] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [confirmDialog, confirm] = useConfirm();
  const asking = useRef(false);
  const close = useCallback(() => {
    if (!asking.current) setOpen(false);
  }, []);
  useDismiss(open, close, root, opener);
  const isAdmin = conversation.kind === "group" && conversation.myRole === "admin";
  const peer = conversation.peer ? state.people.get(conversation.peer.id) : undefined;
  const memberIds = new Set(conversation.members.map((m) => m.id));
  const addable = [...state.people.values()].filter((p) => !memberIds.has(p.id)).sort((a, b) => shownName(a).localeCompare(shownName(b)));
  const peerName = conversation.peer ? state.nameOf(conversation.peer.id, conversation.peer.username) : "";

  async function runConfirmed(question: { title: string; body: string; confirmLabel: string }, work: () => Promise<unknown>, done: string) {
    asking.current = true;
    const yes = await confirm(question).finally(() => {
      asking.current = false;
    });
    if (yes) await run(work, done);
  }

  async function run(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    setStatus("");
    try {
      await work();
      setStatus(done);
      state.refresh();
    } catch (error) {
      setStatus(error instanceof Error ? error.message : "Something went wrong");
    } finally {
      setBusy(false);
    }
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    void run(() => renameGroup(conversation.id, title), "Group renamed");
  }

  function add(event: FormEvent) {
    event.preventDefault();
    if (toAdd.size === 0) return setStatus("Pick someone to add");
    void run(async () => {
      await addMembers(conversation.id, [...toAdd]);
      setToAdd(new Set());
    }, "Members added");
  }

  return (
    <div ref={root} className="relative">
      <button
        ref={opener}
        type="button"
        aria-expanded={open}
        aria-controls="conversation-settings"
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-11 min-w-11 items-center justify-center rounded-md px-2 text-xl text-blue-700 dark:text-blue-300"
      >
        <span aria-hidden="true">⋮</span>
        <span className="sr-only">Conversation settings</span>
      </button>
      <div
        id="conversation-settings"
        className={`${open ? "flex" : "hidden"} absolute right-0 z-30 mt-1 w-80 max-w-[90vw] flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900`}
      >
        <button
          type="button"
          aria-pressed={conversation.muted}
          disabled={busy}
          className={buttonClass}
          onClick={() => void run(() => setMuted(conversation.id, !conversation.muted), conversation.muted ? "Unmuted" : "Muted")}
        >
          {conversation.muted ? "Unmute conversation" : "Mute conversation"}
        </button>

        {conversation.peer && (
          <button
            type="button"
            disabled={busy}
            className={buttonClass}
            onClick={() => {
              const other = conversation.peer!;
              if (peer?.blocked) return void run(() => unblockUser(other.id), `Unblocked ${peerName}`);
              void runConfirmed(
                {
                  title: `Block ${peerName}?`,
                  body: "They will not be able to message you, and neither of you will see the other online. You can unblock them later.",
                  confirmLabel: "Block",
                },
                () => blockUser(other.id),
                `Blocked ${peerName}`,
              );
            }}
          >
            {peer?.blocked ? `Unblock ${peerName}` : `Block ${peerName}`}
          </button>
        )}

        {conversation.kind === "group" && (
          <>
            <section aria-labelledby="members-heading">
              <h2 id="members-heading" className="text-sm font-semibold">
                Members ({conversation.members.length})
              </h2>
              <ul className="mt-1 flex flex-col gap-1 text-sm">
                {conversation.members.map((m) => {
                  const name = state.nameOf(m.id, m.username);
                  return (
                    <li key={m.id} className="flex items-center justify-between gap-2">
                      <span>
                        <bdi>{name}</bdi>
                        {name !== m.username && <span className="text-slate-600 dark:text-slate-300"> ({m.username})</span>}
                        {m.id === me.id && " (you)"}
                        {m.role === "admin" && <span className="text-slate-600 dark:text-slate-300"> · admin</span>}
                      </span>
                      {isAdmin && m.id !== me.id && (
                        <button
                          type="button"
                          disabled={busy}
                          className={buttonClass}
                          aria-label={`Remove ${name}`}
                          onClick={() =>
                            void runConfirmed(
                              {
                                title: `Remove ${name} from ${conversation.title}?`,
                                body: "They will no longer see new messages in this group.",
                                confirmLabel: "Remove",
                              },
                              () => removeMember(conversation.id, m.id),
                              `Removed ${name}`,
                            )
                          }
                        >
                          Remove
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>

            {isAdmin && (
              <form onSubmit={rename} className="flex flex-col gap-1">
                <label htmlFor="group-title" className="text-sm font-semibold">
                  Group name
                </label>
                <div className="flex gap-2">
                  <input
                    id="group-title"
                    value={title}
                    onChange={(e) => setTitle(e.target.value)}
                    maxLength={80}
                    required
                    className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950"
                  />
                  <button type="submit" disabled={busy} className={buttonClass}>
                    Rename
                  </button>
                </div>
              </form>
            )}

            {isAdmin && addable.length > 0 && (
              <form onSubmit={add}>
                <fieldset className="flex flex-col gap-1">
                  <legend className="text-sm font-semibold">Add people</legend>
                  <div className="flex max-h-32 flex-col gap-1 overflow-y-auto">
                    <PeoplePicker people={addable} picked={toAdd} onChange={setToAdd} className="text-sm" />
                  </div>
                  <button type="submit" disabled={busy} className={buttonClass}>
                    Add members
                  </button>
                </fieldset>
              </form>
            )}

            <button
              type="button"
              disabled={busy}
              className={buttonClass}
              onClick={() =>
                void runConfirmed(
                  {
                    title: `Leave ${conversation.title}?`,
                    body: "You will no longer see new messages in this group unless someone adds you again.",
                    confirmLabel: "Leave",
                  },
                  async () => {
                    await removeMember(conversation.id, me.id);
                    router.push("/");
                  },
                  "You left the group",
                )
              }
            >
              Leave group
            </button>
          </>
        )}
        <p role="status" className="min-h-5 text-sm">
          {status}
        </p>
      </div>
      {confirmDialog}
    </div>
  );
}
