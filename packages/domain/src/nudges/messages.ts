/** Locales the catalog has; anything else falls back to the first. */
export const NUDGE_LOCALES = ["en", "es"] as const;
export type NudgeLocale = (typeof NUDGE_LOCALES)[number];

/**
 * The message catalog. Placeholders are ICU-style: `{name}` as given, `{name, number, currency}`
 * (Intl currency in the facts' `currency`), `{name, number}` (a decimal, up to one fraction digit),
 * `{name, date}` (day and month), `{name, date, long}` (with the year), `{name, month}` (month and
 * year), `{name, cadence}` (a recurring cadence in words, from CADENCE_WORDS). Variants stand in for ICU's
 * plural/select (`one`/`other`, `on_track`/`behind`) so each message stays one flat string.
 */
export const MESSAGES: Record<NudgeLocale, Record<string, string>> = {
  en: {
    "budget_slip.other":
      "{budget} is heading for {projected, number, currency} against {available, number, currency}, {overrun, number, currency} over. To stay on budget, keep to {dailyAllowance, number, currency} a day for the {daysLeft} days until {periodEnd, date}.",
    "budget_slip.one":
      "{budget} is heading for {projected, number, currency} against {available, number, currency}, {overrun, number, currency} over. To stay on budget, keep to {dailyAllowance, number, currency} tomorrow, the last day until {periodEnd, date}.",
    "budget_slip.zero":
      "{budget} is heading for {projected, number, currency} against {available, number, currency}, {overrun, number, currency} over. Today is the last day: {left, number, currency} is left.",
    "goal_progress.reached":
      "{goal}: {saved, number, currency} saved, the {target, number, currency} target reached. Well done!",
    "goal_progress.on_track":
      "{goal}: {saved, number, currency} of {target, number, currency} saved ({percent, number}%). You are on track.",
    "goal_progress.behind":
      "{goal}: {saved, number, currency} of {target, number, currency} saved ({percent, number}%). Saving {requiredMonthlySaving, number, currency} a month gets you there by {targetDate, date, long}.",
    "debt_progress.other":
      "{debt}: {paid, number, currency} paid off so far, {balance, number, currency} to go. By your plan it is gone in {monthsLeft} months, in {payoffMonth, month}.",
    "debt_progress.one":
      "{debt}: {paid, number, currency} paid off so far, {balance, number, currency} to go. By your plan this is the last month.",
    "debt_freed.other":
      "{debt} is paid off. The {freed, number, currency} a month it asked for is yours again: put it towards your next debt or a goal.",
    "subscription_unused.other":
      "{subscription} has charged {amount, number, currency} ({cadence, cadence}) for {months} months, {yearly, number, currency} a year. Still using it? Confirm it or end it.",
  },
  es: {
    "budget_slip.other":
      "{budget} va camino de {projected, number, currency} frente a {available, number, currency}, {overrun, number, currency} de más. Para cumplir el presupuesto, no pases de {dailyAllowance, number, currency} al día durante los {daysLeft} días hasta el {periodEnd, date}.",
    "budget_slip.one":
      "{budget} va camino de {projected, number, currency} frente a {available, number, currency}, {overrun, number, currency} de más. Para cumplir el presupuesto, no pases de {dailyAllowance, number, currency} mañana, el último día hasta el {periodEnd, date}.",
    "budget_slip.zero":
      "{budget} va camino de {projected, number, currency} frente a {available, number, currency}, {overrun, number, currency} de más. Hoy es el último día: quedan {left, number, currency}.",
    "goal_progress.reached":
      "{goal}: {saved, number, currency} ahorrados, objetivo de {target, number, currency} alcanzado. ¡Enhorabuena!",
    "goal_progress.on_track":
      "{goal}: {saved, number, currency} de {target, number, currency} ahorrados ({percent, number} %). Vas bien encaminado.",
    "goal_progress.behind":
      "{goal}: {saved, number, currency} de {target, number, currency} ahorrados ({percent, number} %). Ahorrando {requiredMonthlySaving, number, currency} al mes llegas para el {targetDate, date, long}.",
    "debt_progress.other":
      "{debt}: llevas {paid, number, currency} pagados y quedan {balance, number, currency}. Según tu plan, la terminas en {monthsLeft} meses, en {payoffMonth, month}.",
    "debt_progress.one":
      "{debt}: llevas {paid, number, currency} pagados y quedan {balance, number, currency}. Según tu plan, este es el último mes.",
    "debt_freed.other":
      "{debt} está pagada. Los {freed, number, currency} al mes que pedía vuelven a ser tuyos: destínalos a tu siguiente deuda o a un objetivo.",
    "subscription_unused.other":
      "{subscription} te cobra {amount, number, currency} ({cadence, cadence}) desde hace {months} meses, {yearly, number, currency} al año. ¿La sigues usando? Confírmala o dala de baja.",
  },
};

/** A recurring cadence in each catalog language. */
export const CADENCE_WORDS: Record<NudgeLocale, Record<string, string>> = {
  en: {
    weekly: "weekly",
    biweekly: "every two weeks",
    semi_monthly: "twice a month",
    monthly: "monthly",
    quarterly: "quarterly",
    semi_annual: "every six months",
    annual: "yearly",
  },
  es: {
    weekly: "semanal",
    biweekly: "cada dos semanas",
    semi_monthly: "dos veces al mes",
    monthly: "mensual",
    quarterly: "trimestral",
    semi_annual: "semestral",
    annual: "anual",
  },
};
