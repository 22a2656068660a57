import { startHarness } from './harness';
import { benchAuthorize } from './authorize.bench';
import { benchIngest } from './ingest.bench';
import { benchReport } from './report.bench';
import { benchBilling } from './billing.bench';
import { benchSpendWatch } from './spend-watch.bench';

const SCENARIOS: Record<string, typeof benchIngest> = { ingest: benchIngest, authorize: benchAuthorize, report: benchReport, billing: benchBilling, 'spend-watch': benchSpendWatch };

/** `pnpm bench` runs every scenario; `BENCH=ingest pnpm bench` runs one. Figures go to stdout. */
async function main(): Promise<void> {
  const selected = (process.env.BENCH ?? Object.keys(SCENARIOS).join(',')).split(',');
  const harness = await startHarness();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`tollgate bench — ${new Date().toISOString()}, node ${process.version}`);
  try {
    for (const name of selected) {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
      await scenario(harness, print);
    }
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
