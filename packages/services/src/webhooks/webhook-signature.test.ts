import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"type":"THRESHOLD_WARNING"}';

  it('verify for the same body, secret and a recent timestamp only', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(header, body, secret, 300, 1_700_000_100_000)).toBe(true);
    expect(verifyWebhookSignature(header, `${body} `, secret, 300, 1_700_000_100_000)).toBe(false);
    expect(verifyWebhookSignature(header, body, 'whsec_another_secret_1', 300, 1_700_000_100_000)).toBe(false);
    expect(verifyWebhookSignature(header, body, secret, 300, 1_700_001_000_000)).toBe(false);
    expect(verifyWebhookSignature('t=x,v1=zz', body, secret)).toBe(false);
  });
});
