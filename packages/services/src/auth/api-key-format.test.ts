import { randomUUID } from 'node:crypto';
import { adminKeyMatches, generateApiKey, parseApiKey, secretMatches } from './api-key-format';

describe('API key format', () => {
  it('round-trips the org id and prefix, and keeps only a hash of the secret', () => {
    const orgId = randomUUID();
    const { token, prefix, secretHash } = generateApiKey(orgId);
    const parsed = parseApiKey(token);
    expect(parsed).toEqual({ orgId, prefix, secret: expect.any(String) });
    expect(token).not.toContain(secretHash);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(secretMatches(`${parsed!.secret.slice(0, -1)}x`, secretHash)).toBe(false);
  });

  it('gives every key a different prefix and secret', () => {
    const orgId = randomUUID();
    const keys = Array.from({ length: 200 }, () => generateApiKey(orgId));
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(200);
    expect(new Set(keys.map((k) => k.token)).size).toBe(200);
  });

  it.each(['', 'Bearer x', 'tgk_nothex_abcdefghij_' + 'a'.repeat(43), 'tgk_' + '0'.repeat(32) + '_ABCDEFGHIJ_' + 'a'.repeat(43)])(
    'rejects malformed token %p',
    (token) => expect(parseApiKey(token)).toBeNull(),
  );

  it('matches the admin key exactly and never when none is configured', () => {
    expect(adminKeyMatches('admin-key-that-is-long-enough', 'admin-key-that-is-long-enough')).toBe(true);
    expect(adminKeyMatches('admin-key-that-is-long-enougH', 'admin-key-that-is-long-enough')).toBe(false);
    expect(adminKeyMatches('', undefined)).toBe(false);
  });
});
