// biome-ignore format: a table reads better packed
const AGGREGATES = new Set([
  "OFX", "SONRS", "STATUS", "FI", "STMTRS", "CCSTMTRS", "INVSTMTRS", "STMTTRN", "LEDGERBAL", "AVAILBAL", "BAL",
  "PAYEE", "CURRENCY", "ORIGCURRENCY", "INVBANKTRAN", "INVBAL", "INVTRAN", "INVBUY", "INVSELL", "INVPOS", "SECID",
  "BUYDEBT", "BUYMF", "BUYOPT", "BUYOTHER", "BUYSTOCK", "SELLDEBT", "SELLMF", "SELLOPT", "SELLOTHER", "SELLSTOCK",
  "CLOSUREOPT", "INCOME", "INVEXPENSE", "JRNLFUND", "JRNLSEC", "MARGININTEREST", "REINVEST", "RETOFCAP", "SPLIT",
  "TRANSFER", "POSDEBT", "POSMF", "POSOPT", "POSOTHER", "POSSTOCK", "SECINFO", "DEBTINFO", "MFINFO", "OPTINFO",
  "OTHERINFO", "STOCKINFO", "INV401K", "INV401KBAL",
]);
// Families named by their suffix: message sets, transaction wrappers, lists, account references.
const AGGREGATE_SUFFIX = /(?:MSGSRSV\d|MSGSRQV\d|TRNRS|TRNRQ|LIST|ACCTFROM|ACCTTO|ACCTINFO)$/;
const known = new Map<string, boolean>();

/**
 * True for OFX aggregates (elements that hold elements), false for leaves (elements that hold a
 * value). SGML OFX leaves need no end tag but aggregates do; banks still forget some
 * (`</BANKTRANLIST>`, `</STMTRS>`), and knowing which is which is what lets the tree builder
 * close them without mistaking an aggregate for an empty leaf. Memoised: a file uses few names.
 */
export const isOfxAggregate = (name: string): boolean => {
  let answer = known.get(name);
  if (answer === undefined) {
    answer = AGGREGATES.has(name) || AGGREGATE_SUFFIX.test(name);
    if (known.size < 1024) known.set(name, answer);
  }
  return answer;
};
