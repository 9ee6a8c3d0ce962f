CREATE TABLE "mentions" (
	"message_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"conversation_id" integer NOT NULL,
	CONSTRAINT "mentions_message_id_user_id_pk" PRIMARY KEY("message_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentions_user_idx" ON "mentions" USING btree ("user_id","conversation_id","message_id");--> statement-breakpoint
-- chat_store_message learns mentions: the usernames a message calls (parsed by lib/mentions.ts)
-- are resolved to members in the same transaction and recorded in "mentions"; the answer names
-- them. The return type changes, so the old functions are dropped first.
DROP FUNCTION IF EXISTS chat_store_messages(jsonb);
--> statement-breakpoint
DROP FUNCTION IF EXISTS chat_store_message(bigint, bigint, text, text, bigint, text, integer[], bigint);
--> statement-breakpoint
CREATE FUNCTION chat_store_message(
  p_conversation_id bigint,
  p_sender_id bigint,
  p_body text,
  p_client_id text,
  p_created_at bigint,
  p_kind text,
  p_attachment_ids integer[] DEFAULT '{}',
  p_reply_to_id bigint DEFAULT NULL,
  p_mentions text[] DEFAULT '{}'
) RETURNS TABLE (outcome text, message_id integer, conversation_kind text, member_ids integer[], attachments text, reply_hidden_ids integer[], mentioned_ids integer[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_kind text;
  v_members integer[];
  v_peer integer;
  v_id integer;
  v_wanted integer := coalesce(cardinality(p_attachment_ids), 0);
  v_found integer;
  v_attachments text := '[]';
  v_hidden integer[];
  v_mentioned integer[];
BEGIN
  -- Writers into one conversation take turns on its row: a removal commits before the membership
  -- read below, or waits for this insert. NO KEY UPDATE: inserts that only reference the
  -- conversation (new members, messages) need not wait.
  SELECT c.kind INTO v_kind FROM conversations c WHERE c.id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
    RETURN;
  END IF;
  IF v_kind = 'lobby' THEN
    -- Everyone may be in the lobby: check the sender alone, and name no audience (its room is).
    IF NOT EXISTS (SELECT 1 FROM conversation_members WHERE conversation_id = p_conversation_id AND user_id = p_sender_id) THEN
      RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
      RETURN;
    END IF;
  ELSE
    -- Private conversations and groups (at most 100): the members, who hear the message.
    SELECT array_agg(cm.user_id ORDER BY cm.user_id) INTO v_members FROM conversation_members cm WHERE cm.conversation_id = p_conversation_id;
    IF v_members IS NULL OR NOT (p_sender_id::integer = ANY (v_members)) THEN
      RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
      RETURN;
    END IF;
    IF v_kind = 'private' THEN
      SELECT m INTO v_peer FROM unnest(v_members) m WHERE m <> p_sender_id LIMIT 1;
      IF v_peer IS NOT NULL THEN
        -- A block takes this pair's lock exclusively: it committed before the check, or waits for the insert.
        PERFORM pg_advisory_xact_lock_shared(LEAST(p_sender_id, v_peer)::integer, GREATEST(p_sender_id, v_peer)::integer);
        IF EXISTS (
          SELECT 1 FROM blocks b
          WHERE (b.blocker_id = p_sender_id AND b.blocked_id = v_peer) OR (b.blocker_id = v_peer AND b.blocked_id = p_sender_id)
        ) THEN
          RETURN QUERY SELECT 'blocked'::text, NULL::integer, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
          RETURN;
        END IF;
      END IF;
    END IF;
  END IF;
  IF v_wanted > 0 THEN
    -- A retry of a message with files finds them attached already: answer with the message.
    IF EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id) THEN
      RETURN QUERY SELECT 'existing'::text, m.id, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[]
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
      RETURN;
    END IF;
    -- Locked, then read again in a fresh snapshot: an upload attached meanwhile (by a concurrent
    -- retry) no longer counts.
    PERFORM 1 FROM uploads u WHERE u.id = ANY (p_attachment_ids) ORDER BY u.id FOR UPDATE;
    SELECT count(*)::integer,
           coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'type', u.type, 'size', u.size, 'width', u.width,
             'height', u.height, 'thumbnail', u.thumbnail_key IS NOT NULL) ORDER BY array_position(p_attachment_ids, u.id))::text, '[]')
      INTO v_found, v_attachments
      FROM uploads u
      WHERE u.id = ANY (p_attachment_ids) AND u.uploader_id = p_sender_id AND u.conversation_id = p_conversation_id AND u.message_id IS NULL;
    IF v_found <> v_wanted THEN
      IF EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id) THEN
        RETURN QUERY SELECT 'existing'::text, m.id, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[]
          FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
      ELSE
        RETURN QUERY SELECT 'bad_attachments'::text, NULL::integer, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
      END IF;
      RETURN;
    END IF;
  END IF;
  IF p_reply_to_id IS NOT NULL THEN
    -- The message answered: a text message of this conversation, not deleted, that the sender sees.
    IF NOT EXISTS (
      SELECT 1 FROM messages r JOIN conversation_members cm ON cm.conversation_id = r.conversation_id AND cm.user_id = p_sender_id
      WHERE r.id = p_reply_to_id AND r.conversation_id = p_conversation_id AND r.id > cm.visible_from_id
        AND r.kind = 'text' AND r.deleted_at IS NULL
    ) THEN
      IF EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id) THEN
        RETURN QUERY SELECT 'existing'::text, m.id, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[]
          FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
      ELSE
        RETURN QUERY SELECT 'bad_reply'::text, NULL::integer, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[];
      END IF;
      RETURN;
    END IF;
    -- Members whose history starts after it: their copy of the quote says "unavailable".
    SELECT array_agg(cm.user_id ORDER BY cm.user_id) INTO v_hidden FROM conversation_members cm
      WHERE cm.conversation_id = p_conversation_id AND cm.visible_from_id >= p_reply_to_id;
  END IF;
  INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at, kind, attachments, reply_to_id)
    VALUES (p_conversation_id, p_sender_id, p_body, p_client_id, p_created_at, p_kind, v_attachments, p_reply_to_id)
    ON CONFLICT (sender_id, client_id) DO NOTHING
    RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    -- A retry: the message this sender already stored with this clientId (maybe elsewhere).
    RETURN QUERY SELECT 'existing'::text, m.id, v_kind, NULL::integer[], NULL::text, NULL::integer[], NULL::integer[]
      FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END IF;
  IF v_wanted > 0 THEN
    UPDATE uploads SET message_id = v_id WHERE id = ANY (p_attachment_ids);
  END IF;
  IF coalesce(cardinality(p_mentions), 0) > 0 THEN
    -- Members called by @username, the sender aside (usernames are stored lower case).
    WITH called AS (
      INSERT INTO mentions (message_id, user_id, conversation_id)
        SELECT v_id, u.id, p_conversation_id FROM users u
        JOIN conversation_members cm ON cm.conversation_id = p_conversation_id AND cm.user_id = u.id
        WHERE lower(u.username) = ANY (p_mentions) AND u.id <> p_sender_id
        ON CONFLICT DO NOTHING
        RETURNING user_id
    )
    SELECT array_agg(user_id ORDER BY user_id) INTO v_mentioned FROM called;
  END IF;
  UPDATE conversations SET last_message_id = v_id WHERE id = p_conversation_id;
  INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', p_conversation_id, v_id);
  RETURN QUERY SELECT 'stored'::text, v_id, v_kind, v_members, v_attachments, coalesce(v_hidden, '{}'), coalesce(v_mentioned, '{}');
END
$$;
--> statement-breakpoint
CREATE FUNCTION chat_store_messages(p_messages jsonb)
RETURNS TABLE (idx integer, outcome text, message_id integer, conversation_kind text, member_ids integer[], attachments text, reply_hidden_ids integer[], mentioned_ids integer[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_message jsonb;
  v_position integer;
BEGIN
  PERFORM 1 FROM conversations c
    WHERE c.id IN (SELECT DISTINCT (e ->> 'conversationId')::bigint FROM jsonb_array_elements(p_messages) e)
    ORDER BY c.id FOR NO KEY UPDATE;
  FOR v_message, v_position IN SELECT e, (o - 1)::integer FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS t(e, o) ORDER BY o LOOP
    RETURN QUERY SELECT v_position, r.outcome, r.message_id, r.conversation_kind, r.member_ids, r.attachments, r.reply_hidden_ids, r.mentioned_ids
      FROM chat_store_message(
        (v_message ->> 'conversationId')::bigint,
        (v_message ->> 'senderId')::bigint,
        v_message ->> 'body',
        v_message ->> 'clientId',
        (v_message ->> 'createdAt')::bigint,
        v_message ->> 'kind',
        coalesce(ARRAY(SELECT jsonb_array_elements_text(coalesce(v_message -> 'attachmentIds', '[]'::jsonb))::integer), '{}'),
        (v_message ->> 'replyToId')::bigint,
        coalesce(ARRAY(SELECT jsonb_array_elements_text(coalesce(v_message -> 'mentions', '[]'::jsonb))), '{}')
      ) r;
  END LOOP;
END
$$;
