import DataLoader from 'dataloader';
import type { ProjectEntity } from '@tollgate/db';
import type { AppContext, Principal } from '@tollgate/services';

/** Projects of the caller's org by id, batched per request; `null` for ids it does not own. */
export const createProjectLoader = (app: AppContext, principal: Principal) =>
  new DataLoader<string, ProjectEntity | null>(async (ids) => {
    const rows = await app.organizations.findProjects(principal, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
