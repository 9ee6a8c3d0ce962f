"use client";

import type { ConversationSummary, MessagePage, UserWithPresence } from "../chat/types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** To sign-in, and back to this page afterwards: the session ended (elsewhere, or expired). */
export function goToSignIn(): void {
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(location.pathname)}`);
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) {
    // The session ended elsewhere: send the person to sign in, back here afterwards.
    goToSignIn();
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(response.status, body.error ?? `Request failed (${response.status})`);
  }
  return (await response.json()) as T;
}

export const fetchPeople = () => getJson<{ users: UserWithPresence[] }>("/api/users").then((r) => r.users);

export const fetchConversations = () =>
  getJson<{ conversations: ConversationSummary[] }>("/api/conversations").then((r) => r.conversations);

export function fetchMessages(conversationId: number, query: { before?: number; after?: number; limit?: number }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return getJson<MessagePage>(`/api/conversations/${conversationId}/messages?${params}`);
}
