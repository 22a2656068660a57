import type { MigrationInterface, QueryRunner } from 'typeorm';

const USAGE_CATEGORIES = `'LLM_INFERENCE', 'LLM_EMBEDDING', 'IMAGE_GENERATION', 'COMPUTE', 'STORAGE', 'NETWORK', 'API_CALLS', 'OTHER'`;

/**
 * Usage events, the double-entry ledger, report rollups and credit settings.
 *
 * The ledger defends itself: postings and transactions cannot be updated,
 * deleted or truncated, and a statement that leaves any transaction's
 * postings not summing to zero per asset fails. (All postings of a
 * transaction are therefore written in one statement.)
 */
export class UsageAndLedger1764000000000 implements MigrationInterface {
  name = 'UsageAndLedger1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_transactions (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('USAGE', 'TOP_UP', 'GRANT', 'REVERSAL', 'INVOICE', 'PAYMENT', 'CHARGEBACK')),
        idempotency_key text,
        request_hash text,
        actor text NOT NULL,
        source_type text NOT NULL,
        source_id text,
        description text,
        reverses_transaction_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, idempotency_key),
        FOREIGN KEY (org_id, reverses_transaction_id) REFERENCES ledger_transactions (org_id, id)
      )`);
    await q.query(`CREATE INDEX ledger_transactions_by_time ON ledger_transactions (org_id, created_at, id)`);
    await q.query(`
      CREATE TABLE ledger_postings (
        org_id uuid NOT NULL,
        transaction_id uuid NOT NULL,
        seq int NOT NULL CHECK (seq >= 0),
        account text NOT NULL CHECK (account ~ '^(org|system):[a-z_]+$'),
        project_id uuid,
        asset text NOT NULL CHECK (asset ~ '^([A-Z]{3}|CREDIT)$'),
        amount numeric(38,12) NOT NULL CHECK (amount <> 0),
        PRIMARY KEY (org_id, transaction_id, seq),
        FOREIGN KEY (org_id, transaction_id) REFERENCES ledger_transactions (org_id, id)
      )`);
    await q.query(`CREATE INDEX ledger_postings_by_account ON ledger_postings (org_id, account, asset, project_id)`);
    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused; post a reversing transaction instead', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['ledger_transactions', 'ledger_postings']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    }
    await q.query(`
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unbalanced record;
      BEGIN
        SELECT p.transaction_id, p.asset, sum(p.amount) AS total INTO unbalanced
          FROM ledger_postings p
          JOIN (SELECT DISTINCT org_id, transaction_id FROM new_postings) touched
            ON touched.org_id = p.org_id AND touched.transaction_id = p.transaction_id
         GROUP BY p.transaction_id, p.asset
        HAVING sum(p.amount) <> 0
         LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger transaction % does not balance: % postings sum to %', unbalanced.transaction_id, unbalanced.asset, unbalanced.total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_postings
        REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_balanced()`);

    await q.query(`
      CREATE TABLE usage_events (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        provider text,
        model text,
        project_id uuid,
        user_id text,
        session_id text,
        feature text,
        category text NOT NULL CHECK (category IN (${USAGE_CATEGORIES})),
        tags jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(tags) = 'object'),
        input_tokens bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
        output_tokens bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
        cache_read_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
        cache_write_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
        reasoning_tokens bigint NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
        embedding_tokens bigint NOT NULL DEFAULT 0 CHECK (embedding_tokens >= 0),
        image_count int NOT NULL DEFAULT 0 CHECK (image_count >= 0),
        image_size text,
        image_quality text,
        units numeric(38,12) CHECK (units >= 0),
        unit text,
        duration_seconds numeric(38,12) CHECK (duration_seconds >= 0),
        cost numeric(38,12) NOT NULL,
        currency char(3) NOT NULL,
        credits numeric(38,12) NOT NULL,
        cost_source text NOT NULL CHECK (cost_source IN ('CATALOG', 'ORG_PRICE', 'FALLBACK', 'CREDIT_RATE', 'CALLER')),
        price_effective_from timestamptz,
        latency_ms int CHECK (latency_ms >= 0),
        success boolean NOT NULL DEFAULT true,
        metadata jsonb,
        reservation_id text,
        actor text NOT NULL,
        ledger_transaction_id uuid NOT NULL,
        voided_at timestamptz,
        void_reason text,
        void_transaction_id uuid,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, idempotency_key),
        -- Deferred: a batch inserts its events first, learns which are new, then posts their ledger transaction.
        FOREIGN KEY (org_id, ledger_transaction_id) REFERENCES ledger_transactions (org_id, id) DEFERRABLE INITIALLY DEFERRED
      )`);
    await q.query(`CREATE INDEX usage_events_by_time ON usage_events (org_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX usage_events_by_user ON usage_events (org_id, user_id, occurred_at) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX usage_events_by_session ON usage_events (org_id, session_id, occurred_at) WHERE session_id IS NOT NULL`);
    await q.query(`CREATE INDEX usage_events_by_tags ON usage_events USING gin (tags jsonb_path_ops)`);

    // 15-minute UTC buckets: every real time zone offset is a multiple of 15 minutes,
    // so local days, weeks and months are exact unions of buckets. '' stands for "none".
    await q.query(`
      CREATE TABLE usage_rollups (
        org_id uuid NOT NULL REFERENCES organizations (id),
        bucket_start timestamptz NOT NULL CHECK (extract(epoch FROM bucket_start)::bigint % 900 = 0),
        project_id text NOT NULL,
        provider text NOT NULL,
        model text NOT NULL,
        category text NOT NULL,
        feature text NOT NULL,
        currency char(3) NOT NULL,
        events bigint NOT NULL,
        errors bigint NOT NULL,
        cost numeric(38,12) NOT NULL,
        credits numeric(38,12) NOT NULL,
        input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cache_read_tokens bigint NOT NULL,
        cache_write_tokens bigint NOT NULL,
        reasoning_tokens bigint NOT NULL,
        embedding_tokens bigint NOT NULL,
        image_count bigint NOT NULL,
        latency_count bigint NOT NULL,
        latency_sum_ms bigint NOT NULL,
        -- Only grows (a void leaves it): an upper bound for the p95 estimate.
        latency_max_ms bigint NOT NULL DEFAULT 0,
        latency_histogram bigint[] NOT NULL,
        PRIMARY KEY (org_id, bucket_start, project_id, provider, model, category, feature, currency)
      )`);

    await q.query(`
      CREATE TABLE credit_rates (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        feature text NOT NULL CHECK (length(feature) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('ACTION', 'WORKFLOW')),
        credits numeric(38,12) NOT NULL CHECK (credits >= 0),
        per_units numeric(38,12) NOT NULL CHECK (per_units > 0),
        unit text NOT NULL,
        effective_from timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, feature, effective_from)
      )`);
    await q.query(`
      CREATE TABLE credit_values (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        amount numeric(38,12) NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        effective_from timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, effective_from)
      )`);
    // '*' marks an org's fallback price: for any model of a provider, or for any provider.
    await q.query(`ALTER TABLE org_model_prices DROP CONSTRAINT org_model_prices_provider_check`);
    await q.query(`ALTER TABLE org_model_prices ADD CONSTRAINT org_model_prices_provider_check CHECK (provider ~ '^([a-z0-9][a-z0-9._-]{0,63}|\\*)$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_model_prices DROP CONSTRAINT org_model_prices_provider_check`);
    await q.query(`ALTER TABLE org_model_prices ADD CONSTRAINT org_model_prices_provider_check CHECK (provider ~ '^[a-z0-9][a-z0-9._-]{0,63}$')`);
    for (const table of ['credit_values', 'credit_rates', 'usage_rollups', 'usage_events', 'ledger_postings', 'ledger_transactions']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION ledger_check_balanced()`);
    await q.query(`DROP FUNCTION ledger_refuse_change()`);
  }
}
