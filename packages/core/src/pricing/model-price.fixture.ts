import { Dec } from '../money';
import type { ModelPrice } from './model-price';

const d = (value: string | null | undefined) => (value == null ? null : new Dec(value));

type PriceSpec = Partial<Omit<ModelPrice, 'inputPerMTok' | 'outputPerMTok' | 'cacheReadPerMTok' | 'cacheWrite5mPerMTok' | 'cacheWrite1hPerMTok' | 'embeddingPerMTok' | 'perRequest' | 'perSecond'>> & {
  input?: string | null;
  output?: string | null;
  cacheRead?: string | null;
  cacheWrite5m?: string | null;
  cacheWrite1h?: string | null;
  embedding?: string | null;
  perRequest?: string | null;
  perSecond?: string | null;
};

/** A rate card for tests; prices are per million tokens as strings. */
export function modelPrice(spec: PriceSpec = {}): ModelPrice {
  const { input, output, cacheRead, cacheWrite5m, cacheWrite1h, embedding, perRequest, perSecond, ...rest } = spec;
  return {
    provider: 'openai',
    model: 'gpt-4o',
    kind: 'CHAT',
    currency: 'USD',
    effectiveFrom: new Date('2024-01-01T00:00:00Z'),
    effectiveTo: null,
    cacheReadsIncludedInInput: true,
    reasoningIncludedInOutput: true,
    longContextTiers: [],
    images: [],
    priceAsOf: '2025-06-01',
    source: null,
    inputPerMTok: d(input === undefined ? '2.5' : input),
    outputPerMTok: d(output === undefined ? '10' : output),
    cacheReadPerMTok: d(cacheRead),
    cacheWrite5mPerMTok: d(cacheWrite5m),
    cacheWrite1hPerMTok: d(cacheWrite1h),
    embeddingPerMTok: d(embedding),
    perRequest: d(perRequest),
    perSecond: d(perSecond),
    ...rest,
  };
}
