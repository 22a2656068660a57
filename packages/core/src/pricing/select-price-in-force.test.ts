import { modelPrice } from './model-price.fixture';
import { resolvePriceInForce, selectPriceInForce } from './select-price-in-force';

const at = (iso: string) => new Date(iso);

describe('selectPriceInForce', () => {
  const v1 = modelPrice({ input: '5', effectiveFrom: at('2024-05-13T00:00:00Z') });
  const v2 = modelPrice({ input: '2.5', effectiveFrom: at('2024-10-01T00:00:00Z') });
  const retired = modelPrice({ input: '1', effectiveFrom: at('2023-01-01T00:00:00Z'), effectiveTo: at('2023-06-01T00:00:00Z') });

  it('takes the latest version that has started, from its first instant', () => {
    expect(selectPriceInForce([v2, v1], at('2024-09-30T23:59:59.999Z'))).toBe(v1);
    expect(selectPriceInForce([v1, v2], at('2024-10-01T00:00:00Z'))).toBe(v2);
  });

  it('treats effectiveTo as exclusive and knows nothing before the first version', () => {
    expect(selectPriceInForce([retired], at('2023-05-31T23:59:59Z'))).toBe(retired);
    expect(selectPriceInForce([retired], at('2023-06-01T00:00:00Z'))).toBeNull();
    expect(selectPriceInForce([v1], at('2024-01-01T00:00:00Z'))).toBeNull();
  });

  it('prefers an org override in force over the catalog', () => {
    const override = modelPrice({ input: '2', effectiveFrom: at('2024-11-01T00:00:00Z') });
    expect(resolvePriceInForce([override], [v1, v2], at('2024-10-15T00:00:00Z'))).toBe(v2);
    expect(resolvePriceInForce([override], [v1, v2], at('2024-11-15T00:00:00Z'))).toBe(override);
  });
});
