import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { AppContext } from '@tollgate/services';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AlertStream } from '../alerts/alert-stream';
import { KeyRevocationSubscriber } from '../auth/key-revocation-subscriber';
import { createContext, type GraphQLContext } from '../context';
import { domainErrorToGraphQL, formatError } from '../errors/to-graphql-error';
import { depthLimitRule } from '../schema/depth-limit.rule';
import { BodyTooLargeError, readBody } from './read-body';
import { sendInvoiceDocument } from './invoice-documents';
import { KeySockets } from './key-sockets';

export const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 12;

export interface ApiServer {
  url: string;
  httpServer: Server;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
  'access-control-max-age': '600',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS });
  res.end(JSON.stringify(body));
}

async function contextOrGraphQLError(app: AppContext, authorization: string | undefined, alertStream?: AlertStream): Promise<GraphQLContext> {
  try {
    return await createContext(app, authorization, alertStream);
  } catch (error) {
    throw domainErrorToGraphQL(error) ?? error;
  }
}

/**
 * Apollo Server on Node's own HTTP server: measured faster than Express here,
 * and it leaves the port free for graphql-ws subscriptions at the same path.
 */
export async function startApiServer(
  app: AppContext,
  schema: GraphQLSchema,
  listen: { port: number; host?: string },
): Promise<ApiServer> {
  const logError = (error: unknown) => app.logger.error({ err: error }, 'unexpected error in a GraphQL operation');
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError: (formatted, error) => formatError(formatted, error, logError),
    validationRules: [depthLimitRule(MAX_DEPTH)],
    includeStacktraceInErrorResponses: false,
    plugins: app.config.NODE_ENV === 'production' ? [ApolloServerPluginLandingPageDisabled()] : [],
  });
  await apollo.start();

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, search: string) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, MAX_BODY_BYTES);
      if (headers.get('content-type')?.includes('application/json')) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search, body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: () => contextOrGraphQLError(app, req.headers.authorization),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    for (const [key, value] of Object.entries(CORS_HEADERS)) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const httpServer = createServer((req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (path === GRAPHQL_PATH) {
      handleGraphQL(req, res, search).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
        logError(error);
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      });
      return;
    }
    const invoiceDocument = req.method === 'GET' ? /^\/invoices\/([0-9a-f-]{36})\.(html|pdf)$/.exec(path) : null;
    if (invoiceDocument) {
      sendInvoiceDocument(app, req.headers.authorization, invoiceDocument[1]!, invoiceDocument[2] as 'html' | 'pdf', search, res).catch((error: unknown) => {
        logError(error);
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
      });
      return;
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      app.checkReadiness().then(
        (checks) => sendJson(res, checks.postgres && checks.redis ? 200 : 503, { status: checks.postgres && checks.redis ? 'ready' : 'unavailable', ...checks }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
      return;
    }
    sendJson(res, 404, { error: `Nothing at ${path}; GraphQL is at ${GRAPHQL_PATH}` });
  });
  httpServer.keepAliveTimeout = 65_000;

  const alertStream = new AlertStream(app);
  await alertStream.start();
  // Revocations made anywhere reach this process within a second and close the key's sockets.
  const revocations = new KeyRevocationSubscriber(app);
  await revocations.start();
  const keySockets = new KeySockets(app.auth.revocations);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  const wsCleanup = useServer<{ authorization?: string }>(
    {
      schema,
      context: (ctx) => contextOrGraphQLError(app, ctx.connectionParams?.authorization ?? ctx.extra.request.headers.authorization, alertStream),
      onConnect: async (ctx) => {
        try {
          const principal = await app.auth.authenticate(ctx.connectionParams?.authorization ?? ctx.extra.request.headers.authorization);
          return principal.kind === 'API_KEY' ? keySockets.track(principal.keyId, ctx.extra.socket) : true;
        } catch {
          return false;
        }
      },
    },
    wsServer,
  );

  await new Promise<void>((resolve) => httpServer.listen(listen.port, listen.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const host = listen.host && listen.host !== '0.0.0.0' && listen.host !== '::' ? listen.host : 'localhost';
  const url = `http://${host}:${address.port}${GRAPHQL_PATH}`;

  return {
    url,
    httpServer,
    async close() {
      await wsCleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await apollo.stop();
      keySockets.dispose();
      await revocations.close();
      await alertStream.close();
    },
  };
}
