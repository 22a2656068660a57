import type Decimal from 'decimal.js';
import { DomainError, badInput } from '../errors';
import { Dec, ZERO, sumDecimals } from '../money';
import type { CostBreakdown } from './cost-breakdown';
import type { ModelPrice, TokenPrices } from './model-price';
import { priceImages } from './price-image';
import { selectLongContextTier } from './select-long-context-tier';
import type { UsageQuantities } from './usage-quantities';
import { validateUsageQuantities } from './validate-usage-quantities';

const MILLION = new Dec(1_000_000);

function perTokens(tokens: number, perMTok: Decimal | null, what: string, price: ModelPrice): Decimal {
  if (tokens === 0) return ZERO;
  if (perMTok === null) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${price.provider}/${price.model} has no ${what} price, so ${tokens} ${what} tokens cannot be priced`,
      { reason: 'NO_PRICE_FOR_QUANTITY', details: { quantity: what } },
    );
  }
  return perMTok.times(tokens).dividedBy(MILLION);
}

function tokenPricesFor(price: ModelPrice, promptTokens: number): { prices: TokenPrices; tier: number | null } {
  const tier = selectLongContextTier(price, promptTokens);
  if (!tier) return { prices: price, tier: null };
  return {
    tier: tier.aboveInputTokens,
    prices: {
      inputPerMTok: tier.inputPerMTok ?? price.inputPerMTok,
      outputPerMTok: tier.outputPerMTok ?? price.outputPerMTok,
      cacheReadPerMTok: tier.cacheReadPerMTok ?? price.cacheReadPerMTok,
      cacheWrite5mPerMTok: tier.cacheWrite5mPerMTok ?? price.cacheWrite5mPerMTok,
      cacheWrite1hPerMTok: tier.cacheWrite1hPerMTok ?? price.cacheWrite1hPerMTok,
    },
  };
}

/**
 * Prices one usage event on a rate-card version, exactly.
 *
 * Cached tokens follow the provider's rule: where cache reads and writes are
 * reported inside `inputTokens` they are taken out of it before the input
 * price applies. A cache price the card lacks falls back to the input price
 * (no discount), and a quantity with no price at all is an error, never zero.
 */
export function priceUsage(price: ModelPrice, quantities: UsageQuantities): CostBreakdown {
  validateUsageQuantities(quantities);
  const { inputTokens, cacheReadTokens, cacheWriteTokens } = quantities;
  const cachedTokens = cacheReadTokens + cacheWriteTokens;
  if (price.cacheReadsIncludedInInput && cachedTokens > inputTokens) {
    throw badInput(
      `${price.provider} counts cached tokens inside inputTokens, so cacheReadTokens + cacheWriteTokens (${cachedTokens}) cannot exceed inputTokens (${inputTokens})`,
      'CACHED_EXCEEDS_INPUT',
    );
  }
  const uncachedInput = price.cacheReadsIncludedInInput ? inputTokens - cachedTokens : inputTokens;
  const promptTokens = uncachedInput + cachedTokens;
  const { prices, tier } = tokenPricesFor(price, promptTokens);

  const billableOutput = price.reasoningIncludedInOutput
    ? quantities.outputTokens
    : quantities.outputTokens + quantities.reasoningTokens;
  const cacheWritePrice =
    (quantities.cacheWriteTtl === 'ONE_HOUR' ? prices.cacheWrite1hPerMTok : prices.cacheWrite5mPerMTok) ??
    prices.inputPerMTok;

  const input = perTokens(uncachedInput, prices.inputPerMTok, 'input', price);
  const output = perTokens(billableOutput, prices.outputPerMTok, 'output', price);
  const cacheRead = perTokens(cacheReadTokens, prices.cacheReadPerMTok ?? prices.inputPerMTok, 'cache-read', price);
  const cacheWrite = perTokens(cacheWriteTokens, cacheWritePrice, 'cache-write', price);
  const embedding = perTokens(quantities.embeddingTokens, price.embeddingPerMTok, 'embedding', price);
  const image = priceImages(price, quantities.imageCount, quantities.imageSize, quantities.imageQuality);
  const request = price.perRequest ? price.perRequest.times(quantities.requests) : ZERO;
  const duration = durationCost(price, quantities.durationSeconds);

  return {
    input,
    output,
    cacheRead,
    cacheWrite,
    image,
    embedding,
    request,
    duration,
    total: sumDecimals([input, output, cacheRead, cacheWrite, image, embedding, request, duration]),
    currency: price.currency,
    longContextAbove: tier,
  };
}

function durationCost(price: ModelPrice, seconds: Decimal): Decimal {
  if (seconds.isZero()) return ZERO;
  if (!price.perSecond) {
    throw new DomainError('BAD_USER_INPUT', `${price.provider}/${price.model} is not priced per second`, {
      reason: 'NO_PRICE_FOR_QUANTITY',
      details: { quantity: 'durationSeconds' },
    });
  }
  return price.perSecond.times(seconds);
}
