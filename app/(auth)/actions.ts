"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { registerUser } from "@/lib/chat/accounts";
import { ChatError } from "@/lib/chat/errors";
import { getServices } from "@/lib/services";
import { credentialsSchema, fieldErrors } from "@/lib/validation";

export interface AuthFormResult {
  ok: boolean;
  error?: string;
  fields?: Record<string, string>;
}

const INVALID_LOGIN = "Invalid username or password";
const TOO_MANY = "Too many failed sign-ins. Try again in 15 minutes.";

async function startSession(username: string, password: string): Promise<AuthFormResult> {
  try {
    await signIn("credentials", { username, password, redirect: false });
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") return { ok: false, error: TOO_MANY };
    if (error instanceof AuthError) return { ok: false, error: INVALID_LOGIN };
    throw error;
  }
}

export async function signInAction(input: { username: string; password: string }): Promise<AuthFormResult> {
  if (typeof input?.username !== "string" || typeof input.password !== "string" || !input.username || !input.password) {
    return { ok: false, error: "Enter your username and password" };
  }
  return startSession(input.username, input.password);
}

export async function registerAction(input: { username: string; password: string }): Promise<AuthFormResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Please fix the highlighted fields", fields: fieldErrors(parsed.error) };
  try {
    await registerUser(getServices(), parsed.data);
  } catch (error) {
    if (error instanceof ChatError) return { ok: false, error: error.message, fields: error.details };
    throw error;
  }
  return startSession(parsed.data.username, parsed.data.password);
}
