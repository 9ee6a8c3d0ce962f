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
  const [photoStatus, setPhotoStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [photoBusy, setPhotoBusy] = useState(false);

  // The new photo reaches this tab (and every other) through user:updated; the words say how it went.
  async function changePhoto(file: File | null) {
    setPhotoBusy(true);
    setPhotoStatus(null);
    try {
      if (file) {
        const form = new FormData();
        form.append("file", file, file.name);
        const response = await fetch("/api/me/avatar", { method: "PUT", body: form });
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        if (!response.ok) throw new Error(body.error ?? `Upload failed (${response.status})`);
        setPhotoStatus({ ok: true, text: "Photo saved." });
      } else {
        const response = await fetch("/api/me/avatar", { method: "DELETE" });
        if (!response.ok) throw new Error(`Could not remove it (${response.status})`);
        setPhotoStatus({ ok: true, text: "Photo removed: your initials show instead." });
      }
    } catch (error) {
      setPhotoStatus({ ok: false, text: error instanceof TypeError ? "Could not reach the server: try again" : (error as Error).message });
    } finally {
      setPhotoBusy(false);
    }
  }

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
      <div className="flex items-center gap-4">
        <Avatar name={shownName(preview)} colourKey={me.username} photoUrl={me.avatarUrl} size="lg" />
        <div className="min-w-0">
          <bdi className="block truncate font-semibold">{shownName(preview)}</bdi>
          <span className="block text-sm text-slate-600 dark:text-slate-300">
            Username: <strong>{me.username}</strong> (used to sign in; it does not change)
          </span>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <input
              id={`${id}-photo`}
              type="file"
              accept="image/jpeg,image/png,image/gif,image/webp"
              className="peer sr-only"
              disabled={photoBusy}
              onChange={(event) => {
                const file = event.target.files?.[0] ?? null;
                event.target.value = "";
                if (file) void changePhoto(file);
              }}
            />
            <label
              htmlFor={`${id}-photo`}
              className="flex min-h-11 cursor-pointer items-center rounded-md border border-slate-400 px-3 text-sm font-medium peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800"
            >
              {me.avatarUrl ? "Change photo" : "Add a photo"}
              <span className="sr-only"> (profile photo)</span>
            </label>
            {me.avatarUrl && (
              <button
                type="button"
                disabled={photoBusy}
                onClick={() => void changePhoto(null)}
                className="min-h-11 rounded-md px-3 text-sm font-medium text-red-700 underline dark:text-red-300"
              >
                Remove photo
              </button>
            )}
          </div>
          <p role="status" className={`mt-1 min-h-5 text-sm ${photoStatus?.ok === false ? "text-red-700 dark:text-red-300" : "text-emerald-800 dark:text-emerald-300"}`}>
            {photoBusy ? "Uploading…" : (photoStatus?.text ?? "")}
          </p>
        </div>
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
