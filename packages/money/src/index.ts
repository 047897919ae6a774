export { currencyExponent, isCurrencyCode } from "./currency.ts";
export { DecimalParseError, formatDecimal, parseDecimal, parseLocaleAmount } from "./decimal.ts";
export {
  add,
  allocate,
  compare,
  divideRoundHalfEven,
  isZero,
  type Money,
  money,
  multiplyRatio,
  negate,
  subtract,
  sum,
  zero,
} from "./money.ts";
