import { amountSeparatorEvidence, type DecimalSeparator } from "@fincoach/money";
import { fail } from "./issues.ts";

type Witness = { text: string; path: string; line: number };

/**
 * Decides a file's decimal separator from its own amounts, never from one value's look: a value
 * that only one separator can read ("12,50", "1,234.56", "1.234.567", "0.001") decides; values
 * that decide differently fail the file naming the line; "1.234" decides nothing. Values without
 * a separator need no decision.
 */
export class DecimalSeparatorVote {
  #decided: (Witness & { separator: DecimalSeparator }) | undefined;
  #ambiguous: Witness | undefined;

  /** Counts one amount cell; throws VALIDATION when it contradicts an earlier one. */
  add(text: string, line: number, field: string): void {
    if (!text.includes(".") && !text.includes(",")) return;
    const evidence = amountSeparatorEvidence(text);
    if (evidence === "ambiguous") this.#ambiguous ??= { text, line, path: `line ${line} / ${field}` };
    if (evidence !== "." && evidence !== ",") return;
    const first = this.#decided;
    if (!first) this.#decided = { separator: evidence, text, line, path: `line ${line} / ${field}` };
    else if (first.separator !== evidence) {
      fail(
        `line ${line} / ${field}`,
        `"${text}" writes "${evidence}" as the decimal separator, but line ${first.line} ("${first.text}") writes "${first.separator}"`,
      );
    }
  }

  /**
   * The decided separator; else `given` (the person's word, e.g. `csvMapping.decimalSeparator`);
   * else undefined when no value needs one. Throws VALIDATION naming the value at fault when the
   * rows contradict `given`, or when a value needs a decision nobody made (`howToGive` says how).
   */
  decide(given: {
    separator?: DecimalSeparator | undefined;
    name: string;
    howToGive: string;
  }): DecimalSeparator | undefined {
    const decided = this.#decided;
    if (decided && given.separator && decided.separator !== given.separator) {
      fail(
        decided.path,
        `"${decided.text}" writes "${decided.separator}" as the decimal separator, but ${given.name} says "${given.separator}"`,
      );
    }
    if (decided) return decided.separator;
    if (given.separator || !this.#ambiguous) return given.separator;
    const { text, path } = this.#ambiguous;
    return fail(
      path,
      `"${text}" could be read with "." or "," as the decimal separator and no amount in the file settles which: ${given.howToGive}`,
    );
  }
}
