import DataLoader from 'dataloader';
import type { OrganizationEntity } from '@tollgate/db';
import type { AppContext } from '@tollgate/services';

/** Organizations by id, batched per request; results in key order, `null` for unknown ids. */
export const createOrganizationLoader = (app: AppContext) =>
  new DataLoader<string, OrganizationEntity | null>(async (ids) => {
    const rows = await app.organizations.findOrganizations(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
