CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tx` integer DEFAULT 0 NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`user_id` integer,
	`message_id` integer
);
--> statement-breakpoint
CREATE INDEX `changes_conversation_idx` ON `changes` (`conversation_id`,`tx`,`seq`);--> statement-breakpoint
CREATE INDEX `changes_user_idx` ON `changes` (`user_id`,`tx`,`seq`);--> statement-breakpoint
CREATE INDEX `changes_message_idx` ON `changes` (`message_id`);--> statement-breakpoint
-- Every message stored before the log existed, numbered by its id: a client still holding a
-- message id as its catch-up cursor resumes exactly after that message (lib/chat/sync.ts).
INSERT INTO `changes` (`seq`, `tx`, `kind`, `conversation_id`, `message_id`)
  SELECT `id`, 0, 'message', `conversation_id`, `id` FROM `messages` ORDER BY `id`;
