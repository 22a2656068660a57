import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The balance check of the ledger; `run` is how its query is run (static: planned once per connection; EXECUTE: every time). */
const ledgerCheck = (dynamic: boolean) => {
  const query = `SELECT p.transaction_id, p.asset, sum(p.amount) AS total
          FROM ledger_postings p
          JOIN (SELECT DISTINCT org_id, transaction_id FROM new_postings) touched
            ON touched.org_id = p.org_id AND touched.transaction_id = p.transaction_id
         GROUP BY p.transaction_id, p.asset
        HAVING sum(p.amount) <> 0
         LIMIT 1`;
  return `
      CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unbalanced record;
      BEGIN
        ${dynamic ? `EXECUTE '${query.replace(/'/g, "''")}' INTO unbalanced` : `${query.replace('SELECT p.transaction_id, p.asset, sum(p.amount) AS total', 'SELECT p.transaction_id, p.asset, sum(p.amount) AS total INTO unbalanced')}`};
        IF unbalanced.transaction_id IS NOT NULL THEN
          RAISE EXCEPTION 'ledger transaction % does not balance: % postings sum to %', unbalanced.transaction_id, unbalanced.asset, unbalanced.total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`;
};

/**
 * Trigger functions that query the tables they guard must be planned for the
 * table as it is, not as it was: PL/pgSQL otherwise keeps one plan per
 * connection, and a plan made while a table was nearly empty (a fresh
 * database, the first invoices of a billing run) stays a sequential scan as
 * the table grows. The billing bench showed it: each invoice scanned every
 * invoice and every ledger posting written before it. The line check now gets
 * a custom plan per call; the ledger balance check (no parameters, so no
 * custom plans) runs its query with EXECUTE, planned each time.
 */
export class TriggerPlans1764700000000 implements MigrationInterface {
  name = 'TriggerPlans1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION tollgate_invoice_lines_frozen() SET plan_cache_mode = force_custom_plan`);
    await q.query(ledgerCheck(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION tollgate_invoice_lines_frozen() RESET plan_cache_mode`);
    await q.query(ledgerCheck(false));
  }
}
