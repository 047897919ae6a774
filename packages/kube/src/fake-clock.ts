import type { Clock, TimerHandle } from "./clock.ts";

type Timer = { id: number; at: number; fn: () => void };

/** Lets pending promise callbacks (and the I/O turn after them) run before time moves on. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A manual clock for tests: time moves only through {@link FakeClock.advance}, which fires
 * due timers in time order and lets the async work they start settle between them.
 */
export class FakeClock implements Clock {
  #now: number;
  // Wall time can be stepped on its own (jumpWallClock); the monotonic time only advances.
  #wallOffset = 0;
  #timers: Timer[] = [];
  #nextId = 1;

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now + this.#wallOffset;
  }

  monotonic(): number {
    return this.#now;
  }

  /** Steps the wall clock (as NTP or an operator might) without moving monotonic time or timers. */
  jumpWallClock(ms: number): void {
    this.#wallOffset += ms;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers not yet fired. */
  pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await flush();
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
      await flush();
    }
    this.#now = until;
    await flush();
  }

  /** Lets pending async work settle without moving time. */
  async settle(): Promise<void> {
    await flush();
    await flush();
  }
}
