"use client";

import { useId, useState, useTransition, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { ApiError, sendJson } from "@/lib/client/api";
import { PASSWORD_MIN } from "@/lib/limits";
import { duringSessionRenewal } from "@/lib/client/session-renewal";
import { loadValidation } from "@/lib/client/validation-loader";

type Field = "currentPassword" | "newPassword";

interface Result {
  ok: boolean;
  error?: string;
  fields?: Record<string, string>;
}

const LABELS: Record<Field, string> = { currentPassword: "Current password", newPassword: "New password" };
const AUTOCOMPLETE: Record<Field, string> = { currentPassword: "current-password", newPassword: "new-password" };

/**
 * Current and new password; a change signs out every other device, and says so. The change ends
 * every session, this one too (POST /api/me/password, as for any API client); this tab then signs
 * in again with the new password through Auth.js, and its socket reconnects with the new cookie.
 */
async function changeAndSignInAgain(username: string, input: Record<Field, string>): Promise<Result> {
  try {
    await sendJson("POST", "/api/me/password", input);
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.fields ? undefined : error.message, fields: error.fields };
    return { ok: false, error: "Could not reach the server: try again" };
  }
  const again = await signIn("credentials", { username, password: input.newPassword, redirect: false }).catch(() => null);
  // Changed, but not signed in again here (limits, busy): the sign-in page takes over.
  if (!again?.ok || again.error) window.location.assign("/login");
  return { ok: true };
}
export function ChangePasswordForm({ username }: { username: string }) {
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: "", newPassword: "" });
  const [shown, setShown] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const { changePasswordSchema, fieldErrors } = await loadValidation();
    const parsed = changePasswordSchema.safeParse(values);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      setResult({ ok: false, fields });
      document.getElementById(`${id}-${fields.currentPassword ? "currentPassword" : "newPassword"}`)?.focus();
      return;
    }
    startTransition(async () => {
      const answering = changeAndSignInAgain(username, parsed.data);
      await duringSessionRenewal(answering.then((answer) => answer.ok));
      const answer = await answering;
      setResult(answer);
      if (answer.ok) setValues({ currentPassword: "", newPassword: "" });
      else if (answer.fields?.currentPassword) document.getElementById(`${id}-currentPassword`)?.focus();
    });
  }

  const note = (field: Field) => result?.fields?.[field] ?? (field === "newPassword" ? `At least ${PASSWORD_MIN} characters.` : undefined);

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex max-w-sm flex-col gap-4">
      {(Object.keys(LABELS) as Field[]).map((field) => (
        <div key={field}>
          <label htmlFor={`${id}-${field}`} className="block text-sm font-medium">
            {LABELS[field]}
          </label>
          <input
            id={`${id}-${field}`}
            type={shown ? "text" : "password"}
            autoComplete={AUTOCOMPLETE[field]}
            autoCapitalize="none"
            spellCheck={false}
            value={values[field]}
            onChange={(event) => setValues((v) => ({ ...v, [field]: event.target.value }))}
            aria-invalid={result?.fields?.[field] ? true : undefined}
            aria-describedby={note(field) ? `${id}-${field}-note` : undefined}
            className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600 dark:border-slate-500 dark:bg-slate-800"
          />
          {note(field) && (
            <p
              id={`${id}-${field}-note`}
              className={`mt-1 text-sm ${result?.fields?.[field] ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}
            >
              {note(field)}
            </p>
          )}
        </div>
      ))}
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} />
        Show passwords
      </label>
      <p role="status" className={`min-h-5 text-sm ${result?.ok ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
        {result?.ok ? "Password changed. Every other device has been signed out." : (result?.error ?? "")}
      </p>
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="self-start rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        Change password
      </button>
    </form>
  );
}
