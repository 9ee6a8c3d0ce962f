-- Nothing reads conversations by their newest message id, and the index made every message an
-- index write (on PostgreSQL, a non-HOT update of the conversation row).
DROP INDEX "conversations_last_message_idx";