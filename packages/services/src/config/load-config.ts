import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { envSchema, fileSchema, type AppConfig } from './config.schema';

/** A setting that stops startup; its message is one line naming the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const firstIssue = (error: ZodError, prefix: string): string => {
  const issue = error.issues[0];
  const path = issue?.path.join('.') || '(root)';
  return `${prefix}${path}: ${issue?.message ?? 'invalid'}`;
};

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`TOLLGATE_CONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`TOLLGATE_CONFIG: ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Validates the environment and the optional YAML file named by TOLLGATE_CONFIG (`file` adds settings over it, for tests). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file: Record<string, unknown> = {}): AppConfig {
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) throw new ConfigError(firstIssue(parsedEnv.error, ''));
  const fileValue = { ...(parsedEnv.data.TOLLGATE_CONFIG ? (readConfigFile(parsedEnv.data.TOLLGATE_CONFIG) as object) : {}), ...file };
  const parsedFile = fileSchema.safeParse(fileValue);
  if (!parsedFile.success) throw new ConfigError(firstIssue(parsedFile.error, `TOLLGATE_CONFIG ${parsedEnv.data.TOLLGATE_CONFIG}: `));
  return { ...parsedEnv.data, ...parsedFile.data };
}
