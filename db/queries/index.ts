import type { Db } from "../client";
import { createBlockQueries } from "./blocks";
import { createChangeQueries } from "./changes";
import { createConversationQueries } from "./conversations";
import { createMessageQueries } from "./messages";
import { createSettingQueries } from "./settings";
import { createUploadQueries } from "./uploads";
import { createUserQueries } from "./users";

/** Every named, prepared query the app runs; built once per open database. */
export function createQueries(db: Db) {
  return {
    ...createUserQueries(db),
    ...createConversationQueries(db),
    ...createMessageQueries(db),
    ...createBlockQueries(db),
    ...createSettingQueries(db),
    ...createChangeQueries(db),
    ...createUploadQueries(db),
  };
}

export type Queries = ReturnType<typeof createQueries>;
export type { ProfileRecord, SessionUserRecord, UserRecord, UserWithHash, UserWithLastSeen } from "./users";
export type { MessageRecord, NewMessage } from "./messages";
export type { ReplyRecord } from "./replies";
export type { NewUpload, UploadKeys, UploadRecord } from "./uploads";
export type { StoredAttachment } from "./attachments";
export type { StoredReaction } from "./reactions";
export type { GroupInvites } from "./settings";
export type { ChangePage, ChangePosition } from "./changes";
export type {
  ConversationRecord,
  ConversationSummaryRecord,
  MemberRecord,
  MembershipRecord,
  ReceiptRecord,
} from "./conversations";
