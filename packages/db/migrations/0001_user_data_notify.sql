-- Custom SQL migration (drizzle-kit generate --custom): tells listeners whose list-visible
-- data changed, whoever wrote it (the API, imports via COPY, workers, manual SQL).
-- NOTIFY is transactional: delivered at commit, never for a rolled-back write, and
-- statement-level triggers over transition tables send one notification per person and
-- statement however many rows it touched (a 100k-row import: one per person, not 100k).
-- Payload: the person's id, or '*' when everyone's data may have changed (TRUNCATE).
-- Triggers do not fire under session_replication_role = replica (restores, logical
-- replication apply): whoever writes that way must restart or clear the listeners.
CREATE FUNCTION "notify_user_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM pg_notify('fincoach_user_data', u.user_id::text) FROM (SELECT DISTINCT user_id FROM new_rows) u;
	ELSIF TG_OP = 'UPDATE' THEN
		-- Both sides: a row moved to another person leaves the first person's pages too.
		PERFORM pg_notify('fincoach_user_data', u.user_id::text)
			FROM (SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows) u;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM pg_notify('fincoach_user_data', u.user_id::text) FROM (SELECT DISTINCT user_id FROM old_rows) u;
	ELSE
		PERFORM pg_notify('fincoach_user_data', '*');
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "transactions_notify_insert" AFTER INSERT ON "transactions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transactions_notify_update" AFTER UPDATE ON "transactions" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transactions_notify_delete" AFTER DELETE ON "transactions" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transactions_notify_truncate" AFTER TRUNCATE ON "transactions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transaction_splits_notify_insert" AFTER INSERT ON "transaction_splits" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transaction_splits_notify_update" AFTER UPDATE ON "transaction_splits" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transaction_splits_notify_delete" AFTER DELETE ON "transaction_splits" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();--> statement-breakpoint
CREATE TRIGGER "transaction_splits_notify_truncate" AFTER TRUNCATE ON "transaction_splits" FOR EACH STATEMENT EXECUTE FUNCTION "notify_user_data_changed"();
