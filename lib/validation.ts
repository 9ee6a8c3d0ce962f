import { z } from "zod";

/**
 * The one set of schemas for every input: forms, API routes and socket handlers all parse with
 * these, so a rule changes in one place. Safe to import from the browser.
 */

import {
  ATTACHMENTS_MAX,
  DISPLAY_NAME_MAX,
  GROUP_MAX_MEMBERS,
  GROUP_TITLE_MAX,
  HISTORY_MAX_LIMIT,
  MESSAGE_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  SYNC_MAX_LIMIT,
  USERNAME_MAX,
  USERNAME_MIN,
} from "./limits";
import { parseSyncCursor } from "./chat/sync-cursor";
import { normalizeEmoji } from "./emoji-form";

export * from "./limits";

// C0 controls except tab and newline, DEL, and C1 controls: invisible, and NUL breaks C strings.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Direction marks, embeddings, overrides and isolates: in a name, U+202E shows "gnp.exe" as
// "exe.png". Messages may need them (right-to-left writing) and are shown isolated instead.
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .toLowerCase()
  .min(USERNAME_MIN, `Username must be at least ${USERNAME_MIN} characters`)
  .max(USERNAME_MAX, `Username must be at most ${USERNAME_MAX} characters`)
  .regex(/^[a-z0-9_.-]+$/, "Username may only use letters a-z, digits and _ . -");

export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`)
  .refine((s) => s.isWellFormed() && !/[\u0000-\u001F\u007F]/.test(s), "Password contains characters that cannot be typed");

export const credentialsSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
});
export type Credentials = z.infer<typeof credentialsSchema>;

/** A solved registration challenge: the server's token as received, and the counter found. */
export const challengeSolutionSchema = z.strictObject({
  token: z.string().max(512),
  solution: z.string().regex(/^[0-9]{1,15}$/, "solution must be a decimal counter"),
});
export type ChallengeSolution = z.infer<typeof challengeSolutionSchema>;

/** Sign-up: credentials, plus the solved challenge once the server has asked for one. */
export const registrationSchema = credentialsSchema.extend({ challenge: challengeSolutionSchema.optional() });
export type Registration = z.infer<typeof registrationSchema>;

/** A message's text, tidied; may be empty (a message of files alone). */
const messageTextSchema = z
  .string({ error: "Message body must be text" })
  .refine((s) => s.isWellFormed(), "Message contains invalid characters")
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(MESSAGE_MAX, `Message must be at most ${MESSAGE_MAX} characters`)
      .refine((s) => !CONTROL_CHARS.test(s), "Message contains control characters"),
  );

/** A message's text when there is nothing else to send. */
export const messageBodySchema = messageTextSchema.pipe(z.string().min(1, "Message cannot be empty"));

export const clientIdSchema = z
  .string({ error: "clientId is required" })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8-64 characters of A-Z a-z 0-9 _ -");

export const idSchema = z.number({ error: "Expected a numeric id" }).int().positive().max(Number.MAX_SAFE_INTEGER);

/** Ids arriving as URL segments or query values. */
export const idParamSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "Expected a numeric id")
  .transform(Number)
  .pipe(idSchema);

/** Files sent with a message: uploads (POST /api/conversations/:id/uploads), each once. */
const attachmentIdsSchema = z
  .array(idSchema, { error: "attachmentIds must be a list of upload ids" })
  .max(ATTACHMENTS_MAX, `At most ${ATTACHMENTS_MAX} files per message`)
  .transform((ids) => [...new Set(ids)]);

const messageFields = {
  body: messageTextSchema,
  clientId: clientIdSchema,
  attachmentIds: attachmentIdsSchema.optional(),
  /** The message this one answers: one of the same conversation that the sender sees. */
  replyToId: idSchema.nullish(),
};
/** Text, files, or both: never neither. */
const notEmpty = (m: { body: string; attachmentIds?: number[] | undefined }) => m.body !== "" || (m.attachmentIds?.length ?? 0) > 0;
const EMPTY = { path: ["body"], message: "Message cannot be empty" };

export const sendMessageSchema = z.strictObject({ conversationId: idSchema, ...messageFields }).refine(notEmpty, EMPTY);
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** The HTTP fallback names the conversation in the URL. */
export const postMessageSchema = z.strictObject(messageFields).refine(notEmpty, EMPTY);

export const typingSchema = z.strictObject({
  conversationId: idSchema,
  typing: z.boolean({ error: "typing must be true or false" }),
});
export type TypingInput = z.infer<typeof typingSchema>;

/** The conversation a tab shows, or null when it shows none. */
export const viewConversationSchema = z.strictObject({ conversationId: idSchema.nullable() });

/** "I have received / seen every message up to messageId in this conversation." */
export const receiptSchema = z.strictObject({
  conversationId: idSchema,
  messageId: idSchema,
});
export type ReceiptInput = z.infer<typeof receiptSchema>;

export const openConversationSchema = z.strictObject({ userId: idSchema });

export const groupTitleSchema = z
  .string({ error: "Group name is required" })
  .refine((s) => s.isWellFormed(), "Group name contains invalid characters")
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "Group name cannot be empty")
      .max(GROUP_TITLE_MAX, `Group name must be at most ${GROUP_TITLE_MAX} characters`)
      .refine((s) => !CONTROL_CHARS.test(s), "Group name contains control characters")
      .refine((s) => !BIDI_CONTROLS.test(s), "Group name cannot contain text direction controls"),
  );

/** People to add: distinct ids, at least one; the caller is never in it (they are the admin). */
const memberIdsSchema = z
  .array(idSchema, { error: "userIds must be a list of user ids" })
  .min(1, "Pick at least one person")
  .max(GROUP_MAX_MEMBERS - 1, `A group has at most ${GROUP_MAX_MEMBERS} members`)
  .transform((ids) => [...new Set(ids)]);

export const createGroupSchema = z.strictObject({ title: groupTitleSchema, userIds: memberIdsSchema });
export type CreateGroupInput = z.infer<typeof createGroupSchema>;

/**
 * Changes to a conversation name it in the payload on the socket and in the URL over HTTP; the
 * HTTP bodies are these schemas without `conversationId` (as postMessageSchema is to sendMessageSchema).
 */
export const renameGroupSchema = z.strictObject({ conversationId: idSchema, title: groupTitleSchema });
export const addMembersSchema = z.strictObject({ conversationId: idSchema, userIds: memberIdsSchema });
/** Removing oneself is leaving. */
export const removeMemberSchema = z.strictObject({ conversationId: idSchema, userId: idSchema });
export const deleteMessageSchema = z.strictObject({ conversationId: idSchema, messageId: idSchema });
/** A new text for one's own message; the files it carries stay as they were. */
export const editMessageSchema = z.strictObject({ conversationId: idSchema, messageId: idSchema, body: messageBodySchema });
export type EditMessageInput = z.infer<typeof editMessageSchema>;
export const editMessageBodySchema = editMessageSchema.omit({ conversationId: true, messageId: true });

/** One emoji as people see it (a single grapheme: flags, skin tones and families included). */
export const emojiSchema = z
  .string({ error: "emoji must be text" })
  .min(1, "emoji must be one emoji")
  .max(32, "emoji must be one emoji")
  .refine((s) => [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(s)].length === 1, "emoji must be one emoji")
  .refine((s) => /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(s) && !CONTROL_CHARS.test(s), "emoji must be one emoji")
  .transform(normalizeEmoji);

/** Adds (`on: true`) or takes back one's reaction. */
export const reactSchema = z.strictObject({
  conversationId: idSchema,
  messageId: idSchema,
  emoji: emojiSchema,
  on: z.boolean({ error: "on must be true or false" }),
});
export type ReactInput = z.infer<typeof reactSchema>;
export const muteSchema = z.strictObject({
  conversationId: idSchema,
  muted: z.boolean({ error: "muted must be true or false" }),
});

export const renameGroupBodySchema = renameGroupSchema.omit({ conversationId: true });
export const addMembersBodySchema = addMembersSchema.omit({ conversationId: true });
export const muteBodySchema = muteSchema.omit({ conversationId: true });

export const blockSchema = z.strictObject({ userId: idSchema });

/** Changing one's password: the current one proves it is the owner at the keyboard. */
export const changePasswordSchema = z
  .strictObject({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`),
    newPassword: passwordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "The new password must differ from the current one",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** A person's own settings, read and written whole (GET/PUT /api/me/settings and the Settings form). */
export const settingsSchema = z.strictObject({
  /** Who may add me to groups: anyone, or only people I have written to in a private conversation. */
  groupInvites: z.enum(["everyone", "contacts"], { error: "groupInvites must be everyone or contacts" }),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * What others see instead of one's username. Blank clears it (null: the username shows). Runs of
 * white space become one space; it must show something (not only invisible characters), and may
 * not carry controls or direction overrides, which could make it read as someone else's.
 */
export const displayNameSchema = z
  .string({ error: "Display name must be text" })
  .refine((s) => s.isWellFormed(), "Display name contains invalid characters")
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .refine((s) => [...s].length <= DISPLAY_NAME_MAX, `Display name must be at most ${DISPLAY_NAME_MAX} characters`)
      .refine((s) => !CONTROL_CHARS.test(s), "Display name contains control characters")
      .refine((s) => !BIDI_CONTROLS.test(s), "Display name cannot contain text direction controls")
      .refine((s) => s === "" || /[\p{L}\p{N}\p{P}\p{S}]/u.test(s), "Display name must contain a visible character")
      .transform((s) => (s === "" ? null : s)),
  );

/** One's own profile as others see it (GET/PUT /api/me/profile and the Profile form). */
export const profileSchema = z.strictObject({ displayName: displayNameSchema });
export type ProfileInput = z.infer<typeof profileSchema>;

/** A message id bound in a query; 0 means "from the very start". */
const cursorParamSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, "Expected a message id")
  .transform(Number)
  .pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

/** A page size given in a query string, 1 to `max`. */
const limitParam = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,3}$/, "limit must be a number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max, `limit must be at most ${max}`))
    .optional();

export const historyQuerySchema = z
  .strictObject({
    before: cursorParamSchema.optional(),
    after: cursorParamSchema.optional(),
    limit: limitParam(HISTORY_MAX_LIMIT),
  })
  .refine((q) => q.before === undefined || q.after === undefined, "Use before or after, not both");
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export const syncQuerySchema = z.strictObject({
  after: z
    .string()
    .max(40, "Expected a cursor from a previous answer")
    .transform((value, ctx) => {
      const cursor = parseSyncCursor(value);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "Expected a cursor from a previous answer, or 0" });
        return z.NEVER;
      }
      return cursor;
    }),
  limit: limitParam(SYNC_MAX_LIMIT),
});
export type SyncQuery = z.infer<typeof syncQuerySchema>;

/** First message of each failed field, for forms and `{error, fields}` answers. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** The code for an invalid payload: `too_long` when the first problem is text over its limit. */
export function errorCode(error: z.ZodError): "invalid" | "too_long" {
  const issue = error.issues[0];
  return issue?.code === "too_big" && issue.origin === "string" ? "too_long" : "invalid";
}

/**
 * One human sentence for an invalid payload. Our schemas' own messages are shown as written (they
 * are for people, and a form shows them beside the field); zod's generic ones ("Invalid input: …")
 * say nothing of where, so they get the field's path in front.
 */
export function describeError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input";
  if (issue.code === "unrecognized_keys") return `Unexpected field: ${issue.keys.join(", ")}`;
  const generic = /^(Invalid|Too (small|big)|Expected)\b/.test(issue.message);
  return generic && issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}
