import type { AppContext } from '@tollgate/services';
import { createOrganizationLoader } from './organization.loader';

/** Built fresh for each request so nothing cached leaks between callers. */
export const createLoaders = (app: AppContext) => ({
  organization: createOrganizationLoader(app),
});

export type Loaders = ReturnType<typeof createLoaders>;
