/**
 * The word lists merchant normalization strips. Each list is small on purpose: a word belongs
 * here only when real descriptors (testdata/transactions, see README.md) show it as noise
 * around a merchant, never as the merchant itself.
 */

/**
 * Payment processors that put their own name before the merchant's. The star is how card
 * networks print them ("SQ *BLUE BOTTLE"); the Birmingham publisher dropped every star, so
 * the names that are unambiguous on their own also match with a bare space ("paypal tutor2u",
 * "iz oikos cafe", "sp  linguascope"). Amazon's marketplace sellers arrive glued ("amzsuperfi
 * online"), hence the zero-width variant; "amzn mktp" is Amazon's own US/UK prefix.
 */
export const PROCESSOR_PREFIXES: readonly RegExp[] = [
  /^(?:sq|sqr|tst|pp|sp|sumup|iz|izettle|zettle|paypal|amzn mktp(?: [a-z]{2})?)\s*[*_]+\s*/u,
  /^(?:paypal|izettle|sumup|iz|sp)\s+/u,
  /^amzn mktp(?: [a-z]{2}\b)?\s*/u,
  /^amz(?=\p{L})(?!n mktp)/u,
];

/** Card, network and channel words a bank adds at either end; multi-word phrases first. */
export const CHANNEL_NOISE: readonly (readonly string[])[] = [
  ["card", "purchase"],
  ["apple", "pay"],
  ["google", "pay"],
  ["pos"],
  ["visa"],
  ["vis"],
  ["debit"],
  ["contactless"],
  ["purchase"],
  ["mastercard"],
];

/**
 * Trailing words that qualify a merchant without naming it: company forms (and the field
 * truncations "limite", "lt" that the 22-character descriptor makes of "limited"), web
 * suffixes left when dots became spaces ("hotels com", "buyabattery co uk"), the billing currency ("apple kiosk
 * gbp") and the UK as a country.
 */
export const TRAILING_QUALIFIERS: ReadonlySet<string> = new Set([
  ...["ltd", "limited", "plc", "llc", "inc", "gmbh", "lt", "lim", "limi", "limit", "limite"],
  ...["co", "com", "org", "net"],
  ...["gbp", "eur", "usd"],
  ...["uk", "gb"],
]);

/**
 * Words that say "the number after me is a branch", dropped together with that number
 * ("tesco stores 2335", "stan james unit 6", "city enterprises no 17").
 */
export const BRANCH_WORDS: ReadonlySet<string> = new Set(["store", "stores", "branch", "unit", "no", "nr", "site"]);

/**
 * Motorway service-area markers: the data writes "trowell n/e costa", "reading s/w greggs",
 * that is the services' place and carriageway, then the brand.
 */
export const CARRIAGEWAY_MARKERS: ReadonlySet<string> = new Set(["n/e", "n/w", "s/e", "s/w", "n/b", "s/b"]);

/**
 * Places that trail a merchant's name. UK ones from the data (Birmingham and its districts
 * most of all), plus a few large cities that card descriptors elsewhere end with. Only
 * stripped at the end, and never after "of"/"de" ("university of birmingham" keeps it).
 */
export const PLACES: readonly string[] = [
  ...["birmingham", "bham", "london", "ldn", "manchester", "glasgow", "liverpool", "leeds", "bristol"],
  ...["coventry", "wolverhampton", "walsall", "solihull", "dudley", "redditch", "sheffield", "nottingham"],
  ...["leicester", "edinburgh", "cardiff", "erdington", "harborne", "yardley", "longbridge", "northfield"],
  ...["heathrow", "gatwick"],
  ...["new york", "san francisco", "los angeles", "chicago", "seattle", "boston", "austin"],
  ...["paris", "berlin", "amsterdam", "brussels", "dublin"],
];

/**
 * Words after which a place is part of the name rather than a suffix ("university of
 * birmingham"); left dangling at the end by truncation ("royal schools of m") they go.
 */
export const PLACE_CONNECTORS: ReadonlySet<string> = new Set(["of", "de", "the", "and", "in", "at", "la", "le", "du"]);

/** US states and a few country codes: stripped only right after a known place ("san francisco ca"). */
export const REGION_CODES: ReadonlySet<string> = new Set([
  ...["al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in", "ia", "ks"],
  ...["ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc"],
  ...["nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy"],
  ...["us", "usa", "gb", "uk", "ie", "fr", "de", "nl", "be"],
]);
