"use client";

import { useState } from "react";
import { getJson, sendJson } from "@/lib/client/api";
import { loadValidation } from "@/lib/client/validation-loader";
import type { Settings } from "@/lib/validation";

const CHOICES: { value: Settings["groupInvites"]; label: string }[] = [
  { value: "everyone", label: "Everyone" },
  { value: "contacts", label: "Only people I've written to" },
];

/** A "Settings" disclosure in the header: who can add me to groups, saved as soon as it is picked. */
export function SettingsMenu() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState("");

  // Read when first opened, not with every page.
  const onToggle = (open: boolean) => {
    if (!open || settings) return;
    getJson<Settings>("/api/me/settings")
      .then(setSettings)
      .catch(() => setStatus("Could not load your settings"));
  };

  const choose = async (value: Settings["groupInvites"]) => {
    // Shown as picked at once, before anything is awaited: a controlled radio that is not updated
    // in the same event snaps back. Put back if the schema or the server refuses.
    const before = settings;
    setSettings({ groupInvites: value });
    setStatus("Saving…");
    const { settingsSchema } = await loadValidation();
    const parsed = settingsSchema.safeParse({ groupInvites: value });
    if (!parsed.success) {
      setSettings(before);
      setStatus("Could not save");
      return;
    }
    try {
      setSettings(await sendJson<Settings>("PUT", "/api/me/settings", parsed.data));
      setStatus("Saved");
    } catch (error) {
      setSettings(before);
      setStatus(error instanceof Error ? error.message : "Could not save");
    }
  };

  return (
    <details className="relative" onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary className="cursor-pointer rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
        Settings
      </summary>
      <div className="absolute right-0 z-10 mt-1 w-72 rounded-md border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
        <fieldset disabled={!settings}>
          <legend className="font-medium">Who can add me to groups</legend>
          {CHOICES.map((choice) => (
            <label key={choice.value} className="mt-2 flex items-center gap-2">
              <input
                type="radio"
                name="group-invites"
                value={choice.value}
                checked={settings?.groupInvites === choice.value}
                onChange={() => void choose(choice.value)}
              />
              {choice.label}
            </label>
          ))}
        </fieldset>
        <p role="status" className="mt-2 text-slate-600 dark:text-slate-300">
          {status}
        </p>
      </div>
    </details>
  );
}
