"use client";

import type { ConversationSummary, MessagePage, Profile, UserWithPresence } from "../chat/types";
import { sessionRenewal } from "./session-renewal";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's machine-readable reason, and per-field messages where it gave them. */
    readonly code?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * To sign-in, and back to this page afterwards: the session ended (elsewhere, or expired). Not
 * while this tab renews its own session (a password change) and succeeds at it.
 */
export function goToSignIn(): void {
  const leave = () => window.location.assign(`/login?callbackUrl=${encodeURIComponent(location.pathname)}`);
  const renewal = sessionRenewal();
  if (!renewal) return leave();
  void renewal.then((signedIn) => {
    if (!signedIn) leave();
  });
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

export const fetchProfile = () => getJson<Profile>("/api/me/profile");
/** Blank clears the display name. */
export const saveProfile = (displayName: string) => sendJson<Profile>("PUT", "/api/me/profile", { displayName });

export const fetchConversations = () =>
  getJson<{ conversations: ConversationSummary[] }>("/api/conversations").then((r) => r.conversations);

export function fetchMessages(conversationId: number, query: { before?: number; after?: number; limit?: number }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return getJson<MessagePage>(`/api/conversations/${conversationId}/messages?${params}`);
}

/** A JSON call that changes something; refusals come back as ApiError with the server's words. */
export async function sendJson<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) goToSignIn();
  const json = (await response.json().catch(() => ({}))) as T & { error?: string; code?: string; fields?: Record<string, string> };
  if (!response.ok) throw new ApiError(response.status, json.error ?? `Request failed (${response.status})`, json.code, json.fields);
  return json;
}

export const createGroup = (title: string, userIds: number[]) =>
  sendJson<{ conversation: { id: number } }>("POST", "/api/groups", { title, userIds }).then((r) => r.conversation);
export const renameGroup = (conversationId: number, title: string) =>
  sendJson("PATCH", `/api/conversations/${conversationId}`, { title });
export const addMembers = (conversationId: number, userIds: number[]) =>
  sendJson("POST", `/api/conversations/${conversationId}/members`, { userIds });
/** Removing myself is leaving. */
export const removeMember = (conversationId: number, userId: number) =>
  sendJson("DELETE", `/api/conversations/${conversationId}/members/${userId}`);
export const setMuted = (conversationId: number, muted: boolean) =>
  sendJson("PUT", `/api/conversations/${conversationId}/mute`, { muted });
export const deleteMessage = (conversationId: number, messageId: number) =>
  sendJson("DELETE", `/api/conversations/${conversationId}/messages/${messageId}`);
export const blockUser = (userId: number) => sendJson("POST", "/api/blocks", { userId });
export const unblockUser = (userId: number) => sendJson("DELETE", `/api/blocks/${userId}`);

/** Gets or creates the private conversation with a person: a POST, so no link on another site can do it. */
export const startPrivateConversation = (userId: number) =>
  sendJson<{ conversation: { id: number } }>("POST", "/api/conversations", { userId }).then((r) => r.conversation.id);
/** Joins the lobby. */
export const joinConversation = (conversationId: number) =>
  sendJson<{ conversation: ConversationSummary }>("POST", `/api/conversations/${conversationId}/join`).then((r) => r.conversation);
