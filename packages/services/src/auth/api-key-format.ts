import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^tgk_([0-9a-f]{32})_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * An API key is `tgk_<org id, hex>_<prefix>_<secret>`. The org id routes the
 * lookup to one tenant (no global unique index), the prefix names the key in
 * lists and logs, and only a SHA-256 of the 256-bit secret is stored.
 */
export interface ParsedApiKey {
  orgId: string;
  prefix: string;
  secret: string;
}

const compactUuid = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
const expandUuid = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function generateApiKey(orgId: string): { token: string; prefix: string; secretHash: string } {
  const prefix = Array.from(randomBytes(10), (byte) => BASE32[byte & 31]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { token: `tgk_${compactUuid(orgId)}_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(token);
  if (!match) return null;
  const [, orgHex, prefix, secret] = match as unknown as [string, string, string, string];
  return { orgId: expandUuid(orgHex), prefix, secret };
}

/** Constant-time comparison of a presented secret against the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function adminKeyMatches(presented: string, adminKey: string | undefined): boolean {
  if (!adminKey) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(adminKey).digest();
  return timingSafeEqual(a, b);
}
