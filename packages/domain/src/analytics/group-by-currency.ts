/**
 * Rows of one statement grouped by currency, each group in the statement's order (period
 * order): a series per currency, never summed across currencies.
 */
export const groupByCurrency = <R extends { currency: string }>(rows: readonly R[]): Map<string, R[]> => {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const group = out.get(row.currency);
    if (group) group.push(row);
    else out.set(row.currency, [row]);
  }
  return out;
};
