/**
 * The per-org advisory lock that orders changes of an org's limits against
 * the usage transactions counting under them: a change takes it exclusively,
 * a usage transaction shares it. One key per org (a hash of its id), so
 * nothing is locked across orgs.
 */
export const limitLockKey = (orgParam: string) => `hashtextextended(${orgParam}::text, 7160011)`;

/**
 * CTEs to prepend (`WITH ${bumpLimitVersion('$1')} ...`) to a statement that
 * changes what an org's limits count: it waits for the org's usage
 * transactions in flight, then bumps the org's limit version, all in the
 * statement's own transaction.
 */
export const bumpLimitVersion = (orgParam: string) => `limit_lock AS (SELECT pg_advisory_xact_lock(${limitLockKey(orgParam)})),
  limit_bump AS (
    INSERT INTO org_limit_versions (org_id, version) SELECT ${orgParam}, 1 FROM limit_lock
    ON CONFLICT (org_id) DO UPDATE SET version = org_limit_versions.version + 1
  )`;
