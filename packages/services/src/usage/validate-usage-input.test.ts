import { Dec } from '@tollgate/core';
import { validateUsageInput } from './validate-usage-input';

const now = new Date('2025-06-01T12:00:00Z');
const base = { idempotencyKey: 'k', provider: 'openai', model: 'gpt-4o' };

describe('validateUsageInput', () => {
  it('accepts a plain event and one five minutes ahead of the clock', () => {
    expect(() => validateUsageInput(base, now)).not.toThrow();
    expect(() => validateUsageInput({ ...base, occurredAt: new Date('2025-06-01T12:05:00Z') }, now)).not.toThrow();
  });

  it.each([
    [{ idempotencyKey: '' }, 'idempotencyKey'],
    [{ idempotencyKey: 'x'.repeat(201) }, 'idempotencyKey'],
    [{ occurredAt: new Date('2025-06-01T12:05:01Z') }, 'occurredAt'],
    [{ provider: undefined }, 'provider'],
    [{ projectId: 'not-a-uuid' }, 'projectId'],
    [{ inputTokens: -1 }, 'inputTokens'],
    [{ imageCount: 1.5 }, 'imageCount'],
    [{ latencyMs: -3 }, 'latencyMs'],
    [{ units: new Dec(-1) }, 'units'],
    [{ costOverride: new Dec('-0.01') }, 'costOverride'],
    [{ tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }, 'tags'],
    [{ tags: Array.from({ length: 33 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, 'tags'],
    [{ metadata: { blob: 'x'.repeat(9000) } }, 'metadata'],
    [{ category: 'GAMES' as never }, 'category'],
  ])('refuses %p naming %s', (change, field) => {
    try {
      validateUsageInput({ ...base, ...change }, now);
      throw new Error('accepted');
    } catch (error) {
      expect((error as { details?: { field?: string } }).details?.field).toBe(field);
    }
  });
});
