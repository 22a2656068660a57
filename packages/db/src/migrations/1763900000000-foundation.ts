import type { MigrationInterface, QueryRunner } from 'typeorm';

const PRICE_COLUMNS = `
  provider text NOT NULL CHECK (provider ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  model text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('CHAT', 'EMBEDDING', 'IMAGE', 'AUDIO')),
  currency char(3) NOT NULL,
  effective_from timestamptz NOT NULL,
  effective_to timestamptz,
  input_per_mtok numeric(38,12) CHECK (input_per_mtok >= 0),
  output_per_mtok numeric(38,12) CHECK (output_per_mtok >= 0),
  cache_read_per_mtok numeric(38,12) CHECK (cache_read_per_mtok >= 0),
  cache_write_5m_per_mtok numeric(38,12) CHECK (cache_write_5m_per_mtok >= 0),
  cache_write_1h_per_mtok numeric(38,12) CHECK (cache_write_1h_per_mtok >= 0),
  embedding_per_mtok numeric(38,12) CHECK (embedding_per_mtok >= 0),
  per_request numeric(38,12) CHECK (per_request >= 0),
  per_second numeric(38,12) CHECK (per_second >= 0),
  cache_reads_included_in_input boolean NOT NULL,
  reasoning_included_in_output boolean NOT NULL,
  long_context_tiers jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(long_context_tiers) = 'array'),
  images jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(images) = 'array'),
  price_as_of date NOT NULL,
  source text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to > effective_from)`;

/** Tenancy (orgs, projects, users, API keys) and the versioned rate card. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        timezone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projects (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, name)
      )`);
    await q.query(`
      CREATE TABLE users (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
        email text,
        display_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, external_id)
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER', 'SERVICE')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, prefix)
      )`);
    await q.query(`
      CREATE TABLE catalog_prices (
        id uuid PRIMARY KEY,
        ${PRICE_COLUMNS},
        UNIQUE (provider, model, effective_from)
      )`);
    await q.query(`
      CREATE TABLE org_model_prices (
        org_id uuid NOT NULL REFERENCES organizations (id),
        id uuid NOT NULL,
        created_by text NOT NULL,
        ${PRICE_COLUMNS},
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, provider, model, effective_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['org_model_prices', 'catalog_prices', 'api_keys', 'users', 'projects', 'organizations']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
