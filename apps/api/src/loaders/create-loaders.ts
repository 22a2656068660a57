import type { AppContext, Principal } from '@tollgate/services';
import { createOrganizationLoader } from './organization.loader';
import { createProjectLoader } from './project.loader';

/** Built fresh for each request so nothing cached leaks between callers. */
export const createLoaders = (app: AppContext, principal: Principal) => ({
  organization: createOrganizationLoader(app),
  project: createProjectLoader(app, principal),
});

export type Loaders = ReturnType<typeof createLoaders>;
