import type { AppContext, Principal } from '@tollgate/services';
import type { AlertStream } from './alerts/alert-stream';
import { createLoaders, type Loaders } from './loaders/create-loaders';

/** Per-request context: the process's services, who is calling, and fresh DataLoaders. */
export interface GraphQLContext {
  app: AppContext;
  principal: Principal;
  loaders: Loaders;
  /** Live alerts, on the WebSocket transport. */
  alertStream?: AlertStream;
}

/** Authenticates the caller; a missing or bad key fails the whole request with UNAUTHENTICATED. */
export async function createContext(app: AppContext, authorization: string | undefined, alertStream?: AlertStream): Promise<GraphQLContext> {
  const principal = await app.auth.authenticate(authorization);
  return { app, principal, loaders: createLoaders(app, principal), alertStream };
}
