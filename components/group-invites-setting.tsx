"use client";

import { useEffect, useState } from "react";
import { getJson, sendJson } from "@/lib/client/api";
import { loadValidation } from "@/lib/client/validation-loader";
import type { Settings } from "@/lib/validation";

const CHOICES: { value: Settings["groupInvites"]; label: string }[] = [
  { value: "everyone", label: "Everyone" },
  { value: "contacts", label: "Only people I've written to" },
];

/** Who can add me to groups, saved as soon as it is picked. */
export function GroupInvitesSetting() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    getJson<Settings>("/api/me/settings")
      .then(setSettings)
      .catch(() => setStatus("Could not load your settings"));
  }, []);

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
    <div>
      <fieldset disabled={!settings}>
        <legend className="font-medium">Who can add me to groups</legend>
        {CHOICES.map((choice) => (
          <label key={choice.value} className="mt-2 flex min-h-11 items-center gap-2">
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
      <p role="status" className="mt-1 min-h-5 text-sm text-slate-600 dark:text-slate-300">
        {status}
      </p>
    </div>
  );
}
