CREATE TABLE "changes" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tx" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" integer NOT NULL,
	"user_id" integer,
	"message_id" integer,
	CONSTRAINT "changes_kind_check" CHECK ("changes"."kind" in ('message', 'message_changed', 'conversation'))
);
--> statement-breakpoint
CREATE INDEX "changes_conversation_idx" ON "changes" USING btree ("conversation_id","tx","seq");--> statement-breakpoint
CREATE INDEX "changes_user_idx" ON "changes" USING btree ("user_id","tx","seq");--> statement-breakpoint
CREATE INDEX "changes_message_idx" ON "changes" USING btree ("message_id");--> statement-breakpoint
-- Every message stored before the log existed, numbered by its id and with tx 0 (committed before
-- any transaction that writes to the log): a client still holding a message id as its catch-up
-- cursor resumes exactly after that message (lib/chat/sync.ts).
INSERT INTO "changes" ("seq", "tx", "kind", "conversation_id", "message_id") OVERRIDING SYSTEM VALUE
  SELECT "id", 0, 'message', "conversation_id", "id" FROM "messages" ORDER BY "id";
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('changes', 'seq'), COALESCE((SELECT max("seq") FROM "changes"), 0) + 1, false);
