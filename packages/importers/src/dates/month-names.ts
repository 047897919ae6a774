// Abbreviations in English, German, French, Spanish, Dutch and Italian, accent-free, lower case.
// biome-ignore format: a table reads better packed
const PREFIXES: Readonly<Record<string, number>> = {
  jan: 1, ene: 1, gen: 1, feb: 2, fev: 2, mar: 3, mrz: 3, maa: 3, apr: 4, avr: 4, abr: 4,
  may: 5, mai: 5, mei: 5, mag: 5, jun: 6, giu: 6, jul: 7, lug: 7, aug: 8, ago: 8, aou: 8,
  sep: 9, set: 9, oct: 10, okt: 10, ott: 10, nov: 11, dec: 12, dez: 12, dic: 12,
};

/** Month number for a month name or abbreviation ("Jan", "März", "juil."), else undefined. */
export const monthFromName = (word: string): number | undefined => {
  const w = word
    .normalize("NFD")
    .replace(/[\u0300-\u036f.]/g, "")
    .toLowerCase();
  // French "juin"/"juillet" share a three-letter prefix.
  if (w.startsWith("juin")) return 6;
  if (w.startsWith("juil")) return 7;
  return w.length >= 3 ? PREFIXES[w.slice(0, 3)] : undefined;
};
