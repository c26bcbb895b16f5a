-- 0013 learning_last (PostgreSQL): per actor and provider, the first and the last learning
-- activity ever, kept by triggers on learning_day, so "when was this client last active" is one
-- row read instead of a scan of every day the client ever learned. The reminder and reclaim jobs
-- read it for a page of clients (queries/learning_activity.sql); whoever writes learning_day
-- (statement ingest, provider report imports) keeps it current without knowing it exists.
CREATE TABLE learning_last (
  tenant_id         BIGINT NOT NULL,
  actor_id          BIGINT NOT NULL,
  provider_id       BIGINT NOT NULL,  -- 0 = unknown
  first_activity_at BIGINT NOT NULL,
  last_activity_at  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, actor_id, provider_id)
);

INSERT INTO learning_last (tenant_id, actor_id, provider_id, first_activity_at, last_activity_at)
SELECT tenant_id, actor_id, provider_id, MIN(first_activity_at), MAX(last_activity_at)
FROM learning_day GROUP BY tenant_id, actor_id, provider_id;

CREATE FUNCTION learning_last_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- A deleted day (a correction) recomputes the pair from the days that remain.
    DELETE FROM learning_last
    WHERE tenant_id = OLD.tenant_id AND actor_id = OLD.actor_id
      AND provider_id = OLD.provider_id;
    INSERT INTO learning_last (tenant_id, actor_id, provider_id, first_activity_at,
                               last_activity_at)
    SELECT tenant_id, actor_id, provider_id, MIN(first_activity_at), MAX(last_activity_at)
    FROM learning_day
    WHERE tenant_id = OLD.tenant_id AND actor_id = OLD.actor_id
      AND provider_id = OLD.provider_id
    GROUP BY tenant_id, actor_id, provider_id;
    RETURN OLD;
  END IF;
  INSERT INTO learning_last (tenant_id, actor_id, provider_id, first_activity_at, last_activity_at)
  VALUES (NEW.tenant_id, NEW.actor_id, NEW.provider_id, NEW.first_activity_at,
          NEW.last_activity_at)
  ON CONFLICT (tenant_id, actor_id, provider_id) DO UPDATE SET
    first_activity_at = LEAST(learning_last.first_activity_at, EXCLUDED.first_activity_at),
    last_activity_at = GREATEST(learning_last.last_activity_at, EXCLUDED.last_activity_at);
  RETURN NEW;
END;
$$;

CREATE TRIGGER learning_last_on_insert AFTER INSERT ON learning_day
FOR EACH ROW EXECUTE FUNCTION learning_last_keep();
CREATE TRIGGER learning_last_on_update
AFTER UPDATE OF first_activity_at, last_activity_at ON learning_day
FOR EACH ROW EXECUTE FUNCTION learning_last_keep();
CREATE TRIGGER learning_last_on_delete AFTER DELETE ON learning_day
FOR EACH ROW EXECUTE FUNCTION learning_last_keep();
