const CANDIDATES = [",", ";", "\t", "|"];
const SAMPLE_LINES = 30;

/** The delimiter that splits the most sample lines alike, and how many lines agree on it. */
export type DelimiterVote = { delimiter: string; votes: number; fields: number };

/**
 * Picks the delimiter that splits the most sample lines into the same number of fields:
 * consistency, not frequency, so decimal commas in a ";" file ("-98,76") do not win. Preamble
 * lines before the header simply do not vote.
 */
export const sniffDelimiter = (text: string): string => voteDelimiter(text).delimiter;

/** The winning delimiter with its support; `votes` 0 means no candidate splits any line. */
export const voteDelimiter = (text: string): DelimiterVote => {
  const sample = text
    .slice(0, 64 * 1024)
    .split(/\r\n|\r|\n/, SAMPLE_LINES + 1)
    .slice(0, SAMPLE_LINES)
    .filter((l) => l.trim() !== "");
  let best = { delimiter: ",", votes: 0, fields: 0 };
  for (const delimiter of CANDIDATES) {
    const { votes, fields } = modeOfCounts(sample.map((l) => countOutsideQuotes(l, delimiter)));
    if (votes > best.votes || (votes === best.votes && fields > best.fields)) best = { delimiter, votes, fields };
  }
  return best;
};

/** The most common non-zero count and how many lines have it. */
const modeOfCounts = (counts: number[]): { votes: number; fields: number } => {
  const tally = new Map<number, number>();
  for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
  let mode = { votes: 0, fields: 0 };
  for (const [fields, votes] of tally) {
    if (votes > mode.votes || (votes === mode.votes && fields > mode.fields)) mode = { votes, fields };
  }
  return mode;
};

const countOutsideQuotes = (line: string, delimiter: string): number => {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) count++;
  }
  return count;
};
