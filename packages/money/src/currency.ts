/**
 * ISO 4217 currencies and their minor-unit exponents.
 *
 * The set of valid codes comes from the runtime's ICU data (`Intl.supportedValuesOf`),
 * but exponents do not: ICU reports CLDR display digits, which differ from ISO 4217 for
 * some codes (e.g. IDR, HUF). ISO's minor units are what banks settle in, so the
 * exceptions to the default of 2 are listed here.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  // ISO 4217 minor unit 0
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // ISO 4217 minor unit 3
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // ISO 4217 minor unit 4
  CLF: 4,
  UYW: 4,
};

const KNOWN: ReadonlySet<string> = new Set([
  ...Intl.supportedValuesOf("currency"),
  ...Object.keys(EXPONENT_EXCEPTIONS),
]);

/** True when `code` is an ISO 4217 alphabetic code (upper case, three letters). */
export const isCurrencyCode = (code: string): boolean => /^[A-Z]{3}$/.test(code) && KNOWN.has(code);

/** Number of digits after the decimal point in the currency's minor unit (JPY 0, EUR 2, BHD 3). */
export const currencyExponent = (code: string): number => {
  if (!isCurrencyCode(code)) throw new RangeError(`unknown currency code "${code}"`);
  return EXPONENT_EXCEPTIONS[code] ?? 2;
};
