/**
 * Money is integer minor units everywhere; this is where a currency's minor
 * unit is known, and where an amount becomes text for a person or a peer tool.
 */

/** Currencies whose minor unit is not the cent (ISO 4217). */
const decimalsByCurrency: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function currencyDecimals(currency: string): number {
  return Object.hasOwn(decimalsByCurrency, currency) ? (decimalsByCurrency[currency] as number) : 2;
}

/** A safe integer or a thrown error: sums of minor units must never silently lose precision. */
export function assertMinor(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`${amountMinor} is not a safe integer amount of minor units`);
  return amountMinor;
}

/** 123456 with 2 decimals is "1234.56", -5 is "-0.05": exact, by string, never through a float. */
export function formatMinor(amountMinor: number, decimals: number): string {
  assertMinor(amountMinor);
  const sign = amountMinor < 0 ? "-" : "";
  const digits = String(Math.abs(amountMinor));
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, "0");
  return `${sign}${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`;
}
