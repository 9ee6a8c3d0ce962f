"use client";

import Link from "next/link";
import { useId, useState, useTransition, type FormEvent } from "react";
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "@/lib/limits";
import { registerAction, signInAction, type AuthFormResult } from "@/app/(auth)/actions";
import { solveChallenge } from "@/lib/client/proof-of-work";
import { loadValidation } from "@/lib/client/validation-loader";

interface Props {
  mode: "login" | "register";
  callbackUrl: string;
}

const TEXT = {
  login: {
    heading: "Sign in",
    submit: "Sign in",
    other: { prompt: "New here?", label: "Create an account", href: "/register" },
    passwordAutocomplete: "current-password",
  },
  register: {
    heading: "Create account",
    submit: "Create account",
    other: { prompt: "Already have an account?", label: "Sign in", href: "/login" },
    passwordAutocomplete: "new-password",
  },
} as const;

// Said before the first try, so nobody has to fail once to learn them (register only).
const RULES = {
  username: `${USERNAME_MIN}–${USERNAME_MAX} characters: letters a–z, digits and _ . -`,
  password: `At least ${PASSWORD_MIN} characters.`,
} as const;

export function AuthForm({ mode, callbackUrl }: Props) {
  const text = TEXT[mode];
  const id = useId();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [result, setResult] = useState<AuthFormResult | null>(null);
  const [pending, startTransition] = useTransition();
  const [showPassword, setShowPassword] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode === "register") {
      const { registrationSchema, fieldErrors } = await loadValidation();
      // The same schema the server applies, so most mistakes are caught before a round trip.
      const parsed = registrationSchema.safeParse({ username, password });
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        setResult({ ok: false, error: "", fields });
        // The first field to fix takes the focus, and its message is read with it.
        document.getElementById(`${id}-${fields.username ? "username" : "password"}`)?.focus();
        return;
      }
    }
    startTransition(async () => {
      let answer = mode === "register" ? await registerAction({ username, password }) : await signInAction({ username, password });
      if (mode === "register" && answer.challenge) {
        // Many sign-ups came from this address lately: a fraction of a second of hashing proves
        // a person is waiting, then the same request goes again with the solution.
        answer = await registerAction({ username, password, challenge: await solveChallenge(answer.challenge) });
      }
      setResult(answer);
      // A full navigation, so the page and its socket start with the new session cookie.
      if (answer.ok) window.location.assign(callbackUrl);
    });
  }

  const fieldError = (name: "username" | "password") => result?.fields?.[name];
  // One message per problem: next to its field when it has one, else in the alert below.
  const fieldProblems = Object.keys(result?.fields ?? {}).length > 0;
  const note = (name: "username" | "password") => fieldError(name) ?? (mode === "register" ? RULES[name] : undefined);
  const describedBy = (name: "username" | "password") => (note(name) ? `${id}-${name}-note` : undefined);
  const noteClass = (name: "username" | "password") =>
    `mt-1 text-sm ${fieldError(name) ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`;
  const inputClass =
    "mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100 aria-[invalid=true]:border-red-600";

  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 p-6 shadow-sm dark:border-slate-700">
        <h1 className="mb-6 text-2xl font-semibold">{text.heading}</h1>
        <form onSubmit={(e) => void onSubmit(e)} onFocus={() => void loadValidation()} noValidate className="space-y-4">
          <div>
            <label htmlFor={`${id}-username`} className="block text-sm font-medium">
              Username
            </label>
            <input
              id={`${id}-username`}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={fieldError("username") ? true : undefined}
              aria-describedby={describedBy("username")}
              className={inputClass}
            />
            {note("username") && (
              <p id={`${id}-username-note`} className={noteClass("username")}>
                {note("username")}
              </p>
            )}
          </div>
          <div>
            <label htmlFor={`${id}-password`} className="block text-sm font-medium">
              Password
            </label>
            <div className="relative">
              <input
                id={`${id}-password`}
                name="password"
                type={showPassword ? "text" : "password"}
                autoComplete={text.passwordAutocomplete}
                autoCapitalize="none"
                spellCheck={false}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={fieldError("password") ? true : undefined}
                aria-describedby={describedBy("password")}
                className={`${inputClass} pr-20`}
              />
              {/* Its words say what a press does (as GOV.UK's does). Named by its text, not aria-label,
                  so "Password" still labels exactly one control. */}
              <button
                type="button"
                aria-controls={`${id}-password`}
                onClick={() => setShowPassword((shown) => !shown)}
                className="absolute top-1/2 right-1 min-h-9 -translate-y-1/2 rounded px-3 text-sm font-medium text-blue-700 dark:text-blue-300"
              >
                {showPassword ? "Hide" : "Show"}
                <span className="sr-only"> password</span>
              </button>
            </div>
            {note("password") && (
              <p id={`${id}-password-note`} className={noteClass("password")}>
                {note("password")}
              </p>
            )}
          </div>
          <div role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-300">
            {result && !result.ok && !fieldProblems ? result.error : null}
          </div>
          <button
            type="submit"
            disabled={pending}
            aria-busy={pending}
            className="w-full rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
          >
            {text.submit}
          </button>
        </form>
        <p className="mt-6 text-sm">
          {text.other.prompt}{" "}
          <Link href={text.other.href} className="font-medium text-blue-700 underline dark:text-blue-300">
            {text.other.label}
          </Link>
        </p>
      </div>
    </main>
  );
}
