import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/load-config';

const writeYaml = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tollgate-config-')), 'tollgate.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('fills local defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/tollgate');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.budgets.defaultThresholds).toEqual([50, 80, 90, 100]);
    expect(config.alerts.channels.email.enabled).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/],
    [{ REDIS_URL: 'not a url' }, /^REDIS_URL: /],
    [{ TOLLGATE_ADMIN_KEY: 'short' }, /^TOLLGATE_ADMIN_KEY: must be at least 24 characters$/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1' }, /^REDIS_CLUSTER_NODES: must be comma-separated host:port seeds, e\.g\. /],
    [{ REDIS_CLUSTER_NODES: '127.0.0.1:7001,127.0.0.1:70000' }, /^REDIS_CLUSTER_NODES: must be comma-separated host:port seeds/],
    [{ REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7001' }, /^REDIS_CLUSTER_NODES: must be comma-separated host:port seeds/],
  ])('stops on %p with one line naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('selects a Redis Cluster by its seeds, and a single Redis when none are given', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toBeNull();
    expect(loadConfig({ REDIS_CLUSTER_NODES: ' ' }).REDIS_CLUSTER_NODES).toBeNull();
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7001, redis-b.internal:7002,[::1]:7003' }).REDIS_CLUSTER_NODES).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: 'redis-b.internal', port: 7002 },
      { host: '::1', port: 7003 },
    ]);
  });

  it('reads budget and alert defaults from the YAML file', () => {
    const path = writeYaml('budgets:\n  defaultThresholds: [75, 100]\nalerts:\n  cooldownMinutes: 15\n');
    const config = loadConfig({ TOLLGATE_CONFIG: path });
    expect(config.budgets.defaultThresholds).toEqual([75, 100]);
    expect(config.alerts.cooldownMinutes).toBe(15);
    expect(config.alerts.channels.log).toBe(true);
  });

  it('names the bad key of the YAML file, unknown keys included', () => {
    expect(() => loadConfig({ TOLLGATE_CONFIG: writeYaml('budgets:\n  defaultThresholds: [-5]\n') })).toThrow(
      /TOLLGATE_CONFIG .*: budgets\.defaultThresholds\.0: /,
    );
    expect(() => loadConfig({ TOLLGATE_CONFIG: writeYaml('alerts:\n  cooldown: 5\n') })).toThrow(/alerts: Unrecognized key/);
    expect(() => loadConfig({ TOLLGATE_CONFIG: '/nonexistent/tollgate.yaml' })).toThrow(/cannot read .*ENOENT/);
    expect(() => loadConfig({ TOLLGATE_CONFIG: writeYaml('budgets: [unclosed\n') })).toThrow(/is not valid YAML/);
  });
});
