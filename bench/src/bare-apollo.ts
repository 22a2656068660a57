import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** The baseline: Apollo's own standalone server with a one-field schema, in its own process. */
async function main(): Promise<void> {
  const server = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`BARE APOLLO ${url}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

void main();
