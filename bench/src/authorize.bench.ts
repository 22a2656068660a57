import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LimitCounters } from '@tollgate/db';
import Redis from 'ioredis';
import { fmt, percentiles, runConcurrent } from './measure';
import type { Harness } from './harness';

const AUTHORIZE = `mutation ($input: AuthorizeUsageInput!) { authorizeUsage(input: $input) { allowed reservationId } }`;
const SCOPES = [{}, { provider: 'openai' }, { model: 'gpt-4o-mini' }, { feature: 'chat' }, { userId: 'u-1' }, { category: 'LLM_INFERENCE' }, { tags: [{ key: 'team', value: 'search' }] }, { provider: 'openai', model: 'gpt-4o-mini' }, { feature: 'chat', userId: 'u-1' }, {}];

async function startBareApollo(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(__dirname, 'bare-apollo.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /BARE APOLLO (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`bare Apollo exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function measureHttp(url: string, body: string, headers: Record<string, string>, clients: number, total: number) {
  const run = await runConcurrent(clients, total, async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  });
  return { rate: total / (run.elapsedMs / 1000), ...percentiles(run.latencies) };
}

export async function benchAuthorize(h: Harness, print: (line: string) => void): Promise<void> {
  const { orgId, key: owner } = await h.newOrg('authorize', 'OWNER');
  for (const [i, scope] of SCOPES.entries()) {
    await h.gql(owner, `mutation ($input: BudgetFieldsInput!) { createBudget(input: $input) { id } }`, {
      input: { name: `budget ${i}`, period: 'MONTHLY', action: i % 2 ? 'WARN' : 'BLOCK', costLimit: '100000000', requestLimit: 1_000_000_000, ...scope },
    });
  }
  const { key } = await h.newOrg('authorize-service-holder');
  const service = (await h.gql(owner, `mutation { createApiKey(input: {name: "svc", role: SERVICE}) { secret } }`)).createApiKey.secret as string;
  void key;
  const input = { provider: 'openai', model: 'gpt-4o-mini', feature: 'chat', category: 'LLM_INFERENCE', userId: 'u-1', tags: [{ key: 'team', value: 'search' }], estimatedInputTokens: 1200, estimatedOutputTokens: 300, ttlSeconds: 30 };
  const first = await h.gql(service, AUTHORIZE, { input });
  if (!first.authorizeUsage.allowed) throw new Error('the bench call was not allowed');
  const body = JSON.stringify({ query: AUTHORIZE, variables: { input } });
  const total = Number(process.env.BENCH_AUTHORIZE_CALLS ?? 6_000);

  const bare = await startBareApollo();
  const bareBody = JSON.stringify({ query: '{ __typename }' });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const counters = new LimitCounters(redis, 'bench');
  const keys = (await redis.keys(`bench:{${orgId}}:limit:*`)).filter((k) => !k.includes(':booked') && !k.includes(':rate:'));
  const checks = keys.map((k) => ({ key: k, mode: 'PASS' as const, caps: { cost: '100000000000000000', credits: null, tokens: null, requests: '1000000000' }, warningPercent: 80, throttlePerMinute: null }));
  const estimate = { cost: '630000', credits: '63000000', tokens: '1500', requests: '1' };
  try {
    for (const clients of [1, 32]) {
      const calls = clients === 1 ? Math.min(total, 2_000) : total;
      const api = await measureHttp(h.url, body, { authorization: `Bearer ${service}` }, clients, calls);
      const apollo = await measureHttp(bare.url, bareBody, {}, clients, calls);
      const script = await runConcurrent(clients, calls, async () => {
        await counters.authorize(orgId, randomUUID(), new Date(Date.now() + 30_000), estimate, checks);
      });
      const raw = { rate: calls / (script.elapsedMs / 1000), ...percentiles(script.latencies) };
      print(`authorize, ${clients} client(s), ${keys.length} budgets a call, ${calls} calls:`);
      print(`  authorizeUsage via the API: ${fmt(api.rate, 0)}/s; p50 ${fmt(api.p50, 2)} ms, p99 ${fmt(api.p99, 2)} ms`);
      print(`  raw Redis EVALSHA of the same script: ${fmt(raw.rate, 0)}/s; p50 ${fmt(raw.p50, 2)} ms, p99 ${fmt(raw.p99, 2)} ms`);
      print(`  bare Apollo standalone { __typename }: ${fmt(apollo.rate, 0)}/s; p50 ${fmt(apollo.p50, 2)} ms, p99 ${fmt(apollo.p99, 2)} ms`);
      print(`  ratios: API / bare Apollo throughput ${fmt((api.rate / apollo.rate) * 100)}%, p99 ${fmt(api.p99 / apollo.p99, 2)}×; API / EVALSHA throughput ${fmt((api.rate / raw.rate) * 100)}%`);
    }
  } finally {
    bare.stop();
    await redis.quit();
  }
}
