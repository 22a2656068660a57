import { ConfigError, loadConfig } from '../config/load-config';
import type { AppConfig } from '../config/config.schema';

/** Runs a command-line entry point: a bad setting prints one line and exits 1. */
export function runCli(main: (config: AppConfig) => Promise<void>): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tollgate: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  main(config).catch((error: unknown) => {
    process.stderr.write(`tollgate: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
