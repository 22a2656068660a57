import type { AppContext, Principal } from '@tollgate/services';
import { createOrganizationLoader } from './organization.loader';
import { createProjectLoader } from './project.loader';
import { createInvoiceLinesLoader } from './invoice-lines.loader';

/** Built fresh for each request so nothing cached leaks between callers. */
export const createLoaders = (app: AppContext, principal: Principal) => ({
  organization: createOrganizationLoader(app),
  project: createProjectLoader(app, principal),
  invoiceLines: createInvoiceLinesLoader(app),
});

export type Loaders = ReturnType<typeof createLoaders>;
