"use server";

import { headers } from "next/headers";
import { signIn } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/current-user";
import { changePassword } from "@/lib/chat/accounts";
import { ChatError } from "@/lib/chat/errors";
import { CLIENT_IP_HEADER } from "@/lib/security/client-ip";
import { getServices } from "@/lib/services";
import { changePasswordSchema, fieldErrors } from "@/lib/validation";

export interface ChangePasswordResult {
  ok: boolean;
  error?: string;
  fields?: Record<string, string>;
  /** Changed, but this device could not sign in again at once (limits, busy): it goes to sign-in. */
  signedOut?: boolean;
}

/**
 * The settings form's path to `changePassword`: every other device is signed out, and this one
 * signs in again with the new password, so the person stays where they are.
 */
export async function changePasswordAction(input: { currentPassword: string; newPassword: string }): Promise<ChangePasswordResult> {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Sign in again to change your password" };
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  try {
    await changePassword(getServices(), user, parsed.data, (await headers()).get(CLIENT_IP_HEADER) ?? "unknown");
  } catch (error) {
    if (error instanceof ChatError) return { ok: false, error: error.details ? undefined : error.message, fields: error.details };
    throw error;
  }
  try {
    await signIn("credentials", { username: user.username, password: parsed.data.newPassword, redirect: false });
  } catch {
    return { ok: true, signedOut: true };
  }
  return { ok: true };
}
