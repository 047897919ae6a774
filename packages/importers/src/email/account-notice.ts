/**
 * Mails about an account rather than a movement of money: card blocked, activated or cancelled,
 * PIN (NIP) changed, limits changed, phone-banking identification, balance inquiries. They often
 * carry an amount ("Monto máximo acumulado por día: $300.00 MN") that must not become a
 * transaction, so they are recognised before any amount is looked for.
 */
const NOTICES: readonly [RegExp, string][] = [
  [
    /bloqueo de tarjeta|tarjeta (?:digital )?bloqueada|card\b[^.\n]{0,30}?\b(?:has been|was|is) (?:temporarily )?(?:blocked|locked|frozen)/iu,
    "card blocked",
  ],
  [/activaci[oó]n de tarjeta|card\b[^.\n]{0,30}?\b(?:has been|was|is) (?:now )?activated/iu, "card activated"],
  [
    /cancelaci[oó]n de tarjeta|tarjeta (?:digital )?cancelada|card\b[^.\n]{0,30}?\b(?:has been|was|is) cancell?ed/iu,
    "card cancelled",
  ],
  [/cambio de nip|nuevo nip|(?:pin|nip) (?:has been |was )?changed|changed your pin/iu, "NIP change"],
  [
    /modificaci[oó]n de (?:monto|l[ií]mite)|(?:credit |spending |daily )?limit (?:has been |was )?(?:changed|increased|decreased|modified|updated)/iu,
    "limit change",
  ],
  [/operaci[oó]n:\s*identificaci[oó]n|identification by phone/iu, "phone identification"],
  [/informaci[oó]n de tu cuenta|balance inquiry|consulta de saldo/iu, "account information inquiry"],
];

/** "account notice: card blocked" etc., or undefined when `text` is not an account notice. */
export const accountNoticeReason = (text: string): string | undefined => {
  for (const [pattern, what] of NOTICES) if (pattern.test(text)) return `account notice: ${what}`;
  return undefined;
};
