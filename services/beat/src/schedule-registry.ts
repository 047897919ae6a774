import type { ScheduleHandoff } from "@fincoach/contracts";

/** `namespace/name` of a schedule: one handoff ConfigMap, one entry. */
export const scheduleKey = (s: Pick<ScheduleHandoff, "namespace" | "name">): string => `${s.namespace}/${s.name}`;

/**
 * The schedules beat runs now, whatever their source. Sources put and remove; the beat
 * reads a snapshot at each evaluation and is told of changes, so an edited schedule takes
 * effect without waiting for the next recheck.
 */
export class ScheduleRegistry {
  readonly #byKey = new Map<string, ScheduleHandoff>();
  readonly #listeners = new Set<() => void>();

  put(schedule: ScheduleHandoff): void {
    this.#byKey.set(scheduleKey(schedule), schedule);
    this.#changed();
  }

  remove(key: string): void {
    if (this.#byKey.delete(key)) this.#changed();
  }

  get(key: string): ScheduleHandoff | undefined {
    return this.#byKey.get(key);
  }

  list(): ScheduleHandoff[] {
    return [...this.#byKey.values()];
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
