/**
 * Bank-alert style mails the general e-mail extractor reads as one card purchase each
 * (amount, merchant, card hint, date from the body), and mails that hold no transaction.
 */
export const alertMail = (id: string, amountCents: number, day = "01/11/2026"): string => {
  const amount = `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, "0")}`;
  return (
    `From: Card Alerts <alerts@bank.example>\r\nTo: alice@example.com\r\nSubject: Card purchase of EUR ${amount}\r\n` +
    `Message-ID: <${id}@bank.example>\r\nDate: Sun, 1 Nov 2026 09:00:00 +0000\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n` +
    `Your card ending 4242 was charged EUR ${amount} at CORNER SHOP on ${day}.\r\n`
  );
};

export const chatMail = (id: string): string =>
  `From: friend@example.com\r\nTo: alice@example.com\r\nSubject: lunch?\r\nMessage-ID: <${id}@example.com>\r\n` +
  `Date: Sun, 1 Nov 2026 09:00:00 +0000\r\n\r\nwant to grab lunch tomorrow\r\n`;
