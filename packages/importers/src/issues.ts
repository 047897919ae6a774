import { AppError, type FieldIssue, invalidField } from "@fincoach/errors";

const MAX_ISSUES = 50;

/**
 * Collects field problems while a file is parsed, so one VALIDATION error can name every bad
 * line at once (capped: a wrong mapping would otherwise report every row of a large file).
 */
export class IssueList {
  readonly items: FieldIssue[] = [];

  add(path: string, message: string): void {
    if (this.items.length < MAX_ISSUES) this.items.push({ path, message });
  }

  /** True once the cap is reached; parsers stop early. */
  get full(): boolean {
    return this.items.length >= MAX_ISSUES;
  }

  /** Throws one VALIDATION error listing every collected issue, if there is any. */
  throwIfAny(what: string): void {
    const [first] = this.items;
    if (!first) return;
    const more = this.items.length > 1 ? ` (and ${this.items.length - 1} more)` : "";
    throw new AppError("VALIDATION", `${what}: ${first.path}: ${first.message}${more}`, { issues: this.items });
  }
}

/** Throws a single-field VALIDATION error. (A declaration, so TypeScript narrows after calls.) */
export function fail(path: string, message: string): never {
  throw invalidField(path, message);
}
