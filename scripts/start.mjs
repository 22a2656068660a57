#!/usr/bin/env node
// `pnpm start` after the build: prepare the database, then run the API and the worker together.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };

if (!env.TOLLGATE_ADMIN_KEY) {
  if (env.NODE_ENV === 'production') {
    process.stderr.write('tollgate: invalid configuration: TOLLGATE_ADMIN_KEY: required in production\n');
    process.exit(1);
  }
  env.TOLLGATE_ADMIN_KEY = `tga_${randomBytes(24).toString('base64url')}`;
  process.stdout.write(`TOLLGATE_ADMIN_KEY was not set; this run's platform admin key is ${env.TOLLGATE_ADMIN_KEY}\n`);
}

const setup = spawnSync(process.execPath, [join(root, 'packages/services/dist/cli/setup.js')], { env, stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const children = [
  ['api', 'apps/api/dist/main.js'],
  ['worker', 'apps/worker/dist/main.js'],
].map(([name, entry]) => ({ name, child: spawn(process.execPath, [join(root, entry)], { env, stdio: 'inherit' }) }));

let exiting = false;
const stopAll = (signal) => {
  for (const { child } of children) if (child.exitCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    exiting = true;
    stopAll(signal);
  });
}
for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    if (!exiting) {
      process.stderr.write(`tollgate: the ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
      exiting = true;
      process.exitCode = code || 1;
      stopAll('SIGTERM');
    }
  });
}
