import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FIXTURES } from "./nudge-fixtures.test-support.ts";
import { catalogLocale, renderTemplate } from "./render-template.ts";
import { validateNudgeText } from "./validate-nudge-text.ts";

// Intl separates a currency symbol with a no-break space in some locales: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const EXPECTED: Record<keyof typeof FIXTURES, { en: string; es: string }> = {
  budgetSlip: {
    en: "Groceries is heading for $1,980.00 against $1,500.00, $480.00 over. To stay on budget, keep to $18.00 a day for the 10 days until April 30.",
    es: "Groceries va camino de 1980,00 US$ frente a 1500,00 US$, 480,00 US$ de más. Para cumplir el presupuesto, no pases de 18,00 US$ al día durante los 10 días hasta el 30 de abril.",
  },
  budgetSlipLastDay: {
    en: "Groceries is heading for €1,600.00 against €1,500.00, €100.00 over. Today is the last day: €0.00 is left.",
    es: "Groceries va camino de 1600,00 € frente a 1500,00 €, 100,00 € de más. Hoy es el último día: quedan 0,00 €.",
  },
  goalOnTrack: {
    en: "Emergency fund: €1,234.50 of €5,000.00 saved (24.6%). You are on track.",
    es: "Emergency fund: 1234,50 € de 5000,00 € ahorrados (24,6 %). Vas bien encaminado.",
  },
  goalBehind: {
    en: "Emergency fund: €1,234.50 of €5,000.00 saved (24.6%). Saving €342.32 a month gets you there by March 31, 2027.",
    es: "Emergency fund: 1234,50 € de 5000,00 € ahorrados (24,6 %). Ahorrando 342,32 € al mes llegas para el 31 de marzo de 2027.",
  },
  goalReached: {
    en: "Emergency fund: €5,000.00 saved, the €5,000.00 target reached. Well done!",
    es: "Emergency fund: 5000,00 € ahorrados, objetivo de 5000,00 € alcanzado. ¡Enhorabuena!",
  },
  debtProgressLastMonth: {
    en: "Visa: $4,900.00 paid off so far, $100.00 to go. By your plan this is the last month.",
    es: "Visa: llevas 4900,00 US$ pagados y quedan 100,00 US$. Según tu plan, este es el último mes.",
  },
  debtProgress: {
    en: "Visa: $1,250.75 paid off so far, $3,749.25 to go. By your plan it is gone in 14 months, in May 2027.",
    es: "Visa: llevas 1250,75 US$ pagados y quedan 3749,25 US$. Según tu plan, la terminas en 14 meses, en mayo de 2027.",
  },
  debtFreed: {
    en: "Car loan is paid off. The $325.00 a month it asked for is yours again: put it towards your next debt or a goal.",
    es: "Car loan está pagada. Los 325,00 US$ al mes que pedía vuelven a ser tuyos: destínalos a tu siguiente deuda o a un objetivo.",
  },
  subscription: {
    en: "Streamflix has charged €12.99 (monthly) for 7 months, €155.88 a year. Still using it? Confirm it or end it.",
    es: "Streamflix te cobra 12,99 € (mensual) desde hace 7 meses, 155,88 € al año. ¿La sigues usando? Confírmala o dala de baja.",
  },
};

describe("nudge templates", () => {
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    const expected = EXPECTED[name as keyof typeof FIXTURES];
    test(`${name}: exact text in en-US and es-ES`, () => {
      assert.equal(plain(renderTemplate(fixture, "en-US")), expected.en);
      assert.equal(plain(renderTemplate(fixture, "es-ES")), expected.es);
    });
    test(`${name}: the template's own text passes the LLM validation (it quotes only the facts)`, () => {
      for (const locale of ["en-US", "es-ES", "de-DE"])
        assert.equal(validateNudgeText(renderTemplate(fixture, locale), fixture.facts), undefined, locale);
    });
  }

  test("the person's locale decides number formats; the catalog language is its base", () => {
    assert.equal(catalogLocale("es-MX"), "es");
    assert.equal(catalogLocale("fr-FR"), "en");
    assert.match(plain(renderTemplate(FIXTURES.debtFreed, "en-GB")), /US\$325\.00|\$325\.00/);
    assert.match(plain(renderTemplate(FIXTURES.debtFreed, "de-DE")), /325,00 \$/);
  });

  test("a missing figure is a programming error, never a message with a hole", () => {
    const { requiredMonthlySaving: _, ...facts } = FIXTURES.goalBehind.facts;
    assert.throws(
      () => renderTemplate({ ...FIXTURES.goalBehind, facts } as never, "en"),
      /needs requiredMonthlySaving/,
    );
  });
});
