/**
 * ISO 4217 currencies Tollgate bills in, with their minor-unit exponent.
 * Only currencies listed here are accepted, so a typo never becomes a currency.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2,
  EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PHP: 2, PLN: 2, SAR: 2,
  SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, USD: 2, VND: 0, ZAR: 2,
};

export type CurrencyCode = string;

export const isCurrencyCode = (code: string): boolean =>
  Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);

/** Digits after the decimal point in the currency's smallest unit (USD 2, JPY 0, KWD 3). */
export function minorUnitDigits(currency: CurrencyCode): number {
  const digits = MINOR_UNITS[currency];
  if (digits === undefined) throw new RangeError(`Unknown currency "${currency}"`);
  return digits;
}

export const supportedCurrencies = (): string[] => Object.keys(MINOR_UNITS);
