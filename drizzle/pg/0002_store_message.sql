-- storeMessage in one round trip (db/pg/store.ts, docs/decisions/0015-postgres-send-path.md). The
-- same checks as the SQLite adapter, in the same order, as one statement the store calls in its
-- own transaction. In a VOLATILE function each statement reads a fresh snapshot (READ COMMITTED),
-- so everything after the conversation's row lock sees what committed while it waited for it.
CREATE OR REPLACE FUNCTION chat_store_message(
  p_conversation_id bigint,
  p_sender_id bigint,
  p_body text,
  p_client_id text,
  p_created_at bigint,
  p_kind text
) RETURNS TABLE (outcome text, message_id integer, conversation_kind text, member_ids integer[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_kind text;
  v_members integer[];
  v_peer integer;
  v_id integer;
BEGIN
  -- Writers into one conversation take turns on its row: a removal commits before the membership
  -- read below, or waits for this insert. NO KEY UPDATE: inserts that only reference the
  -- conversation (new members, messages) need not wait.
  SELECT c.kind INTO v_kind FROM conversations c WHERE c.id = p_conversation_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[];
    RETURN;
  END IF;
  IF v_kind = 'lobby' THEN
    -- Everyone may be in the lobby: check the sender alone, and name no audience (its room is).
    IF NOT EXISTS (SELECT 1 FROM conversation_members WHERE conversation_id = p_conversation_id AND user_id = p_sender_id) THEN
      RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[];
      RETURN;
    END IF;
  ELSE
    -- Private conversations and groups (at most 100): the members, who hear the message.
    SELECT array_agg(cm.user_id ORDER BY cm.user_id) INTO v_members FROM conversation_members cm WHERE cm.conversation_id = p_conversation_id;
    IF v_members IS NULL OR NOT (p_sender_id::integer = ANY (v_members)) THEN
      RETURN QUERY SELECT 'not_member'::text, NULL::integer, NULL::text, NULL::integer[];
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
          RETURN QUERY SELECT 'blocked'::text, NULL::integer, v_kind, NULL::integer[];
          RETURN;
        END IF;
      END IF;
    END IF;
  END IF;
  INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at, kind)
    VALUES (p_conversation_id, p_sender_id, p_body, p_client_id, p_created_at, p_kind)
    ON CONFLICT (sender_id, client_id) DO NOTHING
    RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    -- A retry: the message this sender already stored with this clientId (maybe elsewhere).
    RETURN QUERY SELECT 'existing'::text, m.id, v_kind, NULL::integer[]
      FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END IF;
  UPDATE conversations SET last_message_id = v_id WHERE id = p_conversation_id;
  INSERT INTO changes (kind, conversation_id, message_id) VALUES ('message', p_conversation_id, v_id);
  RETURN QUERY SELECT 'stored'::text, v_id, v_kind, v_members;
END
$$;
--> statement-breakpoint
-- Several messages in one transaction, in the order given: what the store sends when sends arrive
-- faster than one at a time (db/pg/send-batcher.ts). The conversations are locked first, in id
-- order, so two batches never wait for each other in a circle; each message then goes through
-- chat_store_message as it would alone (taking a lock it already holds costs nothing).
CREATE OR REPLACE FUNCTION chat_store_messages(p_messages jsonb)
RETURNS TABLE (idx integer, outcome text, message_id integer, conversation_kind text, member_ids integer[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_message jsonb;
  v_position integer;
BEGIN
  PERFORM 1 FROM conversations c
    WHERE c.id IN (SELECT DISTINCT (e ->> 'conversationId')::bigint FROM jsonb_array_elements(p_messages) e)
    ORDER BY c.id FOR NO KEY UPDATE;
  FOR v_message, v_position IN SELECT e, (o - 1)::integer FROM jsonb_array_elements(p_messages) WITH ORDINALITY AS t(e, o) ORDER BY o LOOP
    RETURN QUERY SELECT v_position, r.outcome, r.message_id, r.conversation_kind, r.member_ids
      FROM chat_store_message(
        (v_message ->> 'conversationId')::bigint,
        (v_message ->> 'senderId')::bigint,
        v_message ->> 'body',
        v_message ->> 'clientId',
        (v_message ->> 'createdAt')::bigint,
        v_message ->> 'kind'
      ) r;
  END LOOP;
END
$$;
