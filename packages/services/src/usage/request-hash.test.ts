import { Dec } from '@tollgate/core';
import { requestHash } from './request-hash';

describe('requestHash', () => {
  it('ignores key order, absent versus null, and decimal notation', () => {
    expect(requestHash({ a: 1, b: new Dec('1.50'), c: null })).toBe(requestHash({ b: new Dec('1.5'), a: 1 }));
  });

  it('changes with any value', () => {
    const base = { idempotencyKey: 'k', inputTokens: 10, tags: [{ key: 'a', value: 'b' }] };
    expect(requestHash(base)).not.toBe(requestHash({ ...base, inputTokens: 11 }));
    expect(requestHash(base)).not.toBe(requestHash({ ...base, tags: [{ key: 'a', value: 'c' }] }));
    expect(requestHash({ at: new Date(0) })).not.toBe(requestHash({ at: new Date(1) }));
  });
});
