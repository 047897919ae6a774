/**
 * Time splits over the Birmingham file, as date ranges both sides apply themselves (from
 * inclusive, to exclusive, compared as YYYY-MM-DD strings).
 */
export type MonthSplit = { name: string; trainFrom: string; trainTo: string; testFrom: string; testTo: string };

/** The first day of the month after `month` (YYYY-MM). */
const nextMonth = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};

/*
 * Bounds that take in the file's stray rows: five transactions dated October and November 2016
 * came on the December statement, 72 dated July 2017 on the June one. They belong with their
 * statements, as the categorizer's own time-split test counts them (before / from 2017-05-01).
 */
const BEFORE_ALL = "0000-00-00";
const AFTER_ALL = "9999-12-31";

/** The split: trained on December 2016 – April 2017, tested on May and June 2017. */
export const HOLDOUT: MonthSplit = {
  name: "Dec 2016 – Apr 2017 → May–Jun 2017",
  trainFrom: BEFORE_ALL,
  trainTo: "2017-05-01",
  testFrom: "2017-05-01",
  testTo: AFTER_ALL,
};

/**
 * The online run: each month (YYYY-MM) predicted by a model trained on every earlier month; the
 * last month also takes the rows dated after it (the statement's strays).
 */
export const onlineSplits = (months: readonly string[]): MonthSplit[] =>
  months.map((month, i) => ({
    name: `online ${month}`,
    trainFrom: BEFORE_ALL,
    trainTo: `${month}-01`,
    testFrom: `${month}-01`,
    testTo: i === months.length - 1 ? AFTER_ALL : `${nextMonth(month)}-01`,
  }));

export const ONLINE_MONTHS = ["2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06"];

export const inRange = (date: string, from: string, to: string): boolean => date >= from && date < to;
