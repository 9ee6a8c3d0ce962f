"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createGroup } from "@/lib/client/api";
import { loadValidation } from "@/lib/client/validation-loader";
import { GROUP_TITLE_MAX } from "@/lib/limits";
import { shownName } from "@/lib/client/names";
import { useChat } from "./chat-context";
import { PeoplePicker } from "./people-picker";
import { Screen } from "./screen";

/** Name a group and pick its members; the creator becomes its admin. */
export function NewGroupForm() {
  const { state } = useChat();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  // Each problem is said once, next to what it is about, in the schema's own words (no field names).
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const people = [...state.people.values()].sort((a, b) => shownName(a).localeCompare(shownName(b)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { createGroupSchema, fieldErrors } = await loadValidation();
    const parsed = createGroupSchema.safeParse({ title, userIds: [...picked] });
    setError(null);
    if (!parsed.success) {
      const found = fieldErrors(parsed.error);
      setFields(found);
      document.getElementById(found.title ? "new-group-name" : "new-group-members")?.focus();
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const conversation = await createGroup(parsed.data.title, parsed.data.userIds);
      state.refresh();
      router.push(`/c/${conversation.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not create the group");
      setBusy(false);
    }
  }

  return (
    <Screen id="new-group-title" title="New group">
      <form onSubmit={(event) => void submit(event)} noValidate className="flex max-w-md flex-col gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor="new-group-name" className="font-medium">
            Group name
          </label>
          <input
            id="new-group-name"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={GROUP_TITLE_MAX}
            required
            aria-invalid={fields.title ? true : undefined}
            aria-describedby="new-group-name-note"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-950"
          />
          <p id="new-group-name-note" className={`text-sm ${fields.title ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}>
            {fields.title ?? `Up to ${GROUP_TITLE_MAX} characters.`}
          </p>
        </div>
        <fieldset id="new-group-members" tabIndex={-1} aria-describedby="new-group-members-note" className="flex flex-col gap-1">
          <legend className="mb-1 font-medium">Members</legend>
          <p id="new-group-members-note" className={`text-sm ${fields.userIds ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}>
            {fields.userIds ?? "Pick at least one person. You can add more later."}
          </p>
          {people.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300">Nobody else is here yet.</p>}
          <PeoplePicker people={people} picked={picked} onChange={setPicked} />
        </fieldset>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="self-start rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          Create group
        </button>
      </form>
    </Screen>
  );
}
