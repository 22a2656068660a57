import fc from 'fast-check';
import { Dec, formatDecimal } from '../money';
import { modelPrice } from './model-price.fixture';
import { priceUsage } from './price-usage';
import { usageQuantitiesFrom, type PartialUsageQuantities } from './usage-quantities-from-input';
import type { ModelPrice } from './model-price';

const cost = (price: ModelPrice, usage: PartialUsageQuantities) => priceUsage(price, usageQuantitiesFrom(usage));
const str = (value: { toFixed(): string }) => value.toFixed();

const openAi = modelPrice({ provider: 'openai', model: 'gpt-4o', input: '2.5', output: '10', cacheRead: '1.25' });
const sonnet = modelPrice({
  provider: 'anthropic',
  model: 'claude-sonnet-4',
  cacheReadsIncludedInInput: false,
  input: '3',
  output: '15',
  cacheRead: '0.3',
  cacheWrite5m: '3.75',
  cacheWrite1h: '6',
  longContextTiers: [
    {
      aboveInputTokens: 200_000,
      inputPerMTok: new Dec('6'),
      outputPerMTok: new Dec('22.5'),
      cacheReadPerMTok: new Dec('0.6'),
      cacheWrite5mPerMTok: new Dec('7.5'),
      cacheWrite1hPerMTok: new Dec('12'),
    },
  ],
});

describe('priceUsage: tokens', () => {
  it('takes OpenAI cached tokens out of the prompt count', () => {
    const breakdown = cost(openAi, { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 500 });
    expect(str(breakdown.input)).toBe('0.002');
    expect(str(breakdown.cacheRead)).toBe('0.00025');
    expect(str(breakdown.output)).toBe('0.005');
    expect(str(breakdown.total)).toBe('0.00725');
    expect(breakdown.currency).toBe('USD');
  });

  it('adds Anthropic cache reads and writes on top of input, by write TTL', () => {
    const fiveMinutes = cost(sonnet, { inputTokens: 1000, cacheReadTokens: 2000, cacheWriteTokens: 500, outputTokens: 100 });
    expect(str(fiveMinutes.input)).toBe('0.003');
    expect(str(fiveMinutes.cacheRead)).toBe('0.0006');
    expect(str(fiveMinutes.cacheWrite)).toBe('0.001875');
    expect(str(fiveMinutes.output)).toBe('0.0015');
    expect(str(fiveMinutes.total)).toBe('0.006975');

    const oneHour = cost(sonnet, { cacheWriteTokens: 500, cacheWriteTtl: 'ONE_HOUR' });
    expect(str(oneHour.cacheWrite)).toBe('0.003');
  });

  it('prices a cache read without a cache price at the input price, never at zero', () => {
    const noCache = modelPrice({ input: '0.59', output: '0.79' });
    expect(str(cost(noCache, { inputTokens: 1000, cacheReadTokens: 1000 }).cacheRead)).toBe('0.00059');
  });

  it('rejects more cached than prompt tokens where cached tokens are inside the prompt', () => {
    expect(() => cost(openAi, { inputTokens: 10, cacheReadTokens: 11 })).toThrow(/cannot exceed inputTokens/);
  });

  it('bills Gemini thinking tokens as output when reported apart', () => {
    const gemini = modelPrice({ provider: 'google', model: 'gemini-2.5-flash', input: '0.3', output: '2.5', reasoningIncludedInOutput: false });
    expect(str(cost(gemini, { outputTokens: 100, reasoningTokens: 900 }).output)).toBe('0.0025');
    expect(str(cost(openAi, { outputTokens: 1000, reasoningTokens: 900 }).output)).toBe('0.01');
  });

  it('is exact for per-token prices far below a cent', () => {
    const nano = modelPrice({ input: '0.05', output: '0.4', cacheRead: '0.005' });
    const breakdown = cost(nano, { inputTokens: 7, cacheReadTokens: 3, outputTokens: 1 });
    expect(str(breakdown.total)).toBe('0.000000615');
  });
});

describe('priceUsage: long-context tiers', () => {
  it('keeps base prices at exactly the threshold', () => {
    const atEdge = cost(sonnet, { inputTokens: 150_000, cacheReadTokens: 50_000, outputTokens: 1000 });
    expect(atEdge.longContextAbove).toBeNull();
    expect(str(atEdge.input)).toBe('0.45');
  });

  it('reprices the whole request once the prompt, cache included, exceeds the threshold', () => {
    const above = cost(sonnet, { inputTokens: 150_000, cacheReadTokens: 50_001, outputTokens: 1000 });
    expect(above.longContextAbove).toBe(200_000);
    expect(str(above.input)).toBe('0.9');
    expect(str(above.cacheRead)).toBe('0.0300006');
    expect(str(above.output)).toBe('0.0225');
    expect(str(above.total)).toBe('0.9525006');
  });

  it('picks the highest tier passed', () => {
    const tiered = modelPrice({
      longContextTiers: [
        { aboveInputTokens: 128_000, inputPerMTok: new Dec('5'), outputPerMTok: null, cacheReadPerMTok: null, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null },
        { aboveInputTokens: 1_000_000, inputPerMTok: new Dec('7'), outputPerMTok: null, cacheReadPerMTok: null, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null },
      ],
    });
    expect(str(cost(tiered, { inputTokens: 200_000, outputTokens: 1_000_000 }).input)).toBe('1');
    expect(str(cost(tiered, { inputTokens: 200_000, outputTokens: 1_000_000 }).output)).toBe('10');
    expect(str(cost(tiered, { inputTokens: 1_000_001 }).input)).toBe('7.000007');
  });
});

describe('priceUsage: images, embeddings, requests, seconds', () => {
  const dalle = modelPrice({
    model: 'dall-e-3',
    kind: 'IMAGE',
    input: null,
    output: null,
    images: [
      { size: '1024x1024', quality: 'standard', perImage: new Dec('0.04') },
      { size: '1024x1792', quality: 'hd', perImage: new Dec('0.12') },
    ],
  });

  it('prices images by size and quality, standard by default', () => {
    expect(str(cost(dalle, { imageCount: 2, imageSize: '1024x1792', imageQuality: 'HD' }).image)).toBe('0.24');
    expect(str(cost(dalle, { imageCount: 3, imageSize: '1024x1024' }).total)).toBe('0.12');
  });

  it('names the offered sizes when the one asked for has no price', () => {
    expect(() => cost(dalle, { imageCount: 1, imageSize: '512x512' })).toThrow(/offered: 1024x1024\/standard, 1024x1792\/hd/);
  });

  it('refuses tokens on a model that has no token price', () => {
    expect(() => cost(dalle, { inputTokens: 10 })).toThrow(/has no input price/);
  });

  it('prices embeddings, per-request and per-second cards', () => {
    const embed = modelPrice({ model: 'text-embedding-3-small', kind: 'EMBEDDING', input: null, output: null, embedding: '0.02' });
    expect(str(cost(embed, { embeddingTokens: 12_345 }).total)).toBe('0.0002469');

    const whisper = modelPrice({ model: 'whisper-1', kind: 'AUDIO', input: null, output: null, perSecond: '0.0001' });
    expect(str(cost(whisper, { durationSeconds: new Dec('90.5') }).total)).toBe('0.00905');
    expect(() => cost(openAi, { durationSeconds: new Dec(1) })).toThrow(/not priced per second/);

    const search = modelPrice({ perRequest: '0.01' });
    expect(str(cost(search, { requests: 3, inputTokens: 1000 }).total)).toBe('0.0325');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => cost(openAi, { inputTokens: -1 })).toThrow(/inputTokens must be a whole number/);
    expect(() => cost(openAi, { outputTokens: 1.5 })).toThrow(/outputTokens must be a whole number/);
    expect(() => cost(openAi, { durationSeconds: new Dec(-1) })).toThrow(/durationSeconds/);
  });
});

describe('priceUsage: laws', () => {
  const tokens = fc.integer({ min: 0, max: 5_000_000 });
  const priceText = fc.integer({ min: 0, max: 100_000 }).map((cents) => formatDecimal(new Dec(cents).dividedBy(1000)));

  it('total is the exact sum of its components', () => {
    fc.assert(
      fc.property(tokens, tokens, tokens, tokens, (input, output, read, write) => {
        const b = cost(sonnet, { inputTokens: input, outputTokens: output, cacheReadTokens: read, cacheWriteTokens: write });
        const parts = [b.input, b.output, b.cacheRead, b.cacheWrite, b.image, b.embedding, b.request, b.duration];
        expect(parts.reduce((a, x) => a.plus(x), new Dec(0)).equals(b.total)).toBe(true);
      }),
    );
  });

  it('is additive over usage when no long-context tier is crossed', () => {
    fc.assert(
      fc.property(tokens, tokens, tokens, tokens, (in1, out1, in2, out2) => {
        const whole = cost(openAi, { inputTokens: in1 + in2, outputTokens: out1 + out2 }).total;
        const parts = cost(openAi, { inputTokens: in1, outputTokens: out1 }).total.plus(cost(openAi, { inputTokens: in2, outputTokens: out2 }).total);
        expect(whole.equals(parts)).toBe(true);
      }),
    );
  });

  it('prices the same call the same whether cache reads are reported inside or on top of input', () => {
    fc.assert(
      fc.property(tokens, tokens, tokens, priceText, priceText, (uncached, read, output, inPrice, readPrice) => {
        const inside = modelPrice({ input: inPrice, cacheRead: readPrice, cacheReadsIncludedInInput: true });
        const onTop = modelPrice({ input: inPrice, cacheRead: readPrice, cacheReadsIncludedInInput: false });
        const a = cost(inside, { inputTokens: uncached + read, cacheReadTokens: read, outputTokens: output });
        const b = cost(onTop, { inputTokens: uncached, cacheReadTokens: read, outputTokens: output });
        expect(a.total.equals(b.total)).toBe(true);
      }),
    );
  });

  it('never costs less for more tokens', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.integer({ min: 0, max: 1000 }), (input, output, extra) => {
        const base = cost(sonnet, { inputTokens: input, outputTokens: output }).total;
        const more = cost(sonnet, { inputTokens: input + extra, outputTokens: output }).total;
        expect(more.greaterThanOrEqualTo(base)).toBe(true);
      }),
    );
  });
});
