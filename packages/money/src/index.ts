export { type DecimalSeparator, readNumber } from "./amount-number.ts";
export { amountRangeMessage, isAmountInRange, MAX_AMOUNT_MINOR } from "./amount-range.ts";
export { type AmountTextOptions, amountSeparatorEvidence, parseAmountText } from "./amount-text.ts";
export { currencyExponent, isCurrencyCode } from "./currency.ts";
export { currenciesOfMark, markDenotes } from "./currency-marks.ts";
export { type AmountProblem, DecimalParseError, minorFromDigits, parseDecimal } from "./decimal.ts";
export { formatDecimal } from "./decimal-format.ts";
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
