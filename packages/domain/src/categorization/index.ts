export { normalizeMerchant } from "./normalize-merchant.ts";
