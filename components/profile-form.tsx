"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { ApiError, saveProfile } from "@/lib/client/api";
import { shownName } from "@/lib/client/names";
import { loadValidation } from "@/lib/client/validation-loader";
import { DISPLAY_NAME_MAX } from "@/lib/limits";
import { Avatar } from "./avatar";
import { useChat } from "./chat-context";

/**
 * The name others see. Saved through PUT /api/me/profile; every tab (this one too) and everyone
 * else hear of it live, so nothing here patches the shell's state by hand.
 */
export function ProfileForm() {
  const id = useId();
  const { me } = useChat();
  const [value, setValue] = useState(me.displayName ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const preview = { username: me.username, displayName: value.trim() === "" ? null : value.trim() };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const { profileSchema, fieldErrors } = await loadValidation();
    const parsed = profileSchema.safeParse({ displayName: value });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error).displayName ?? "That name cannot be used");
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    startTransition(async () => {
      try {
        const profile = await saveProfile(parsed.data.displayName ?? "");
        setError(null);
        setValue(profile.displayName ?? "");
        setSaved(profile.displayName === null ? `Saved: others see your username, ${profile.username}.` : `Saved: others see you as ${profile.displayName}.`);
      } catch (failure) {
        setError(failure instanceof ApiError ? (failure.fields?.displayName ?? failure.message) : "Could not reach the server: try again");
        document.getElementById(`${id}-name`)?.focus();
      }
    });
  }

  const note = error ?? `Up to ${DISPLAY_NAME_MAX} characters. Leave it empty to be shown as ${me.username}.`;
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex max-w-sm flex-col gap-3">
      <div className="flex items-center gap-3">
        <Avatar name={shownName(preview)} colourKey={me.username} />
        <p className="min-w-0">
          <bdi className="block truncate font-semibold">{shownName(preview)}</bdi>
          <span className="block text-sm text-slate-600 dark:text-slate-300">
            Username: <strong>{me.username}</strong> (used to sign in; it does not change)
          </span>
        </p>
      </div>
      <div>
        <label htmlFor={`${id}-name`} className="block text-sm font-medium">
          Display name
        </label>
        <input
          id={`${id}-name`}
          name="displayName"
          autoComplete="nickname"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-name-note`}
          className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600 dark:border-slate-500 dark:bg-slate-800"
        />
        <p id={`${id}-name-note`} className={`mt-1 text-sm ${error ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}>
          {note}
        </p>
      </div>
      <p role="status" className="min-h-5 text-sm text-emerald-800 dark:text-emerald-300">
        {saved ?? ""}
      </p>
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="self-start rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        Save profile
      </button>
    </form>
  );
}
