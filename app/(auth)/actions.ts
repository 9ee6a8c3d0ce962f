"use server";

import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, SignInBusy, SignInRateLimited } from "@/lib/auth/auth";
import { registerUser } from "@/lib/chat/accounts";
import { ChallengeRequired, ChatError, type Challenge } from "@/lib/chat/errors";
import { CLIENT_IP_HEADER } from "@/lib/security/client-ip";
import { getServices } from "@/lib/services";
import { fieldErrors, registrationSchema, type ChallengeSolution } from "@/lib/validation";

export interface AuthFormResult {
  ok: boolean;
  error?: string;
  fields?: Record<string, string>;
  /** Registration only: solve this (lib/client/proof-of-work.ts) and submit again with the solution. */
  challenge?: Challenge;
}

const INVALID_LOGIN = "Invalid username or password";

/** "12 seconds", "3 minutes": rounded up, so trying again then works. */
function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

async function startSession(username: string, password: string): Promise<AuthFormResult> {
  try {
    await signIn("credentials", { username, password, redirect: false });
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInRateLimited) {
      return { ok: false, error: `Too many attempts. Try again in ${waitInWords(error.retryAfterMs)}.` };
    }
    if (error instanceof SignInBusy) {
      return { ok: false, error: `The server is busy. Try again in ${waitInWords(error.retryAfterMs)}.` };
    }
    if (error instanceof CredentialsSignin || error instanceof AuthError) return { ok: false, error: INVALID_LOGIN };
    throw error;
  }
}

export async function signInAction(input: { username: string; password: string }): Promise<AuthFormResult> {
  if (typeof input?.username !== "string" || typeof input.password !== "string" || !input.username || !input.password) {
    return { ok: false, error: "Enter your username and password" };
  }
  return startSession(input.username, input.password);
}

export async function registerAction(input: {
  username: string;
  password: string;
  challenge?: ChallengeSolution;
}): Promise<AuthFormResult> {
  const parsed = registrationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Please fix the highlighted fields", fields: fieldErrors(parsed.error) };
  try {
    const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
    await registerUser(getServices(), parsed.data, ip);
  } catch (error) {
    if (error instanceof ChallengeRequired) return { ok: false, error: error.message, challenge: error.challenge };
    if (error instanceof ChatError && error.code === "rate_limited") {
      return { ok: false, error: `Too many new accounts from here. Try again in ${waitInWords(error.retryAfterMs ?? 60_000)}.` };
    }
    if (error instanceof ChatError && error.code === "busy") {
      return { ok: false, error: `The server is busy. Try again in ${waitInWords(error.retryAfterMs ?? 1000)}.` };
    }
    if (error instanceof ChatError) return { ok: false, error: error.message, fields: error.details };
    throw error;
  }
  return startSession(parsed.data.username, parsed.data.password);
}
