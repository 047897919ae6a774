/**
 * Keys due at given times, earliest first: a binary min-heap with one entry per key.
 * A work queue waits for the earliest with one timer instead of one per key (client-go's
 * delaying queue does the same): with a timer each, 10,000 schedules waiting for their next
 * run held 10,000 Timeouts and, their delays all differing, as many of Node's timer lists.
 */
export class DelayHeap<K> {
  readonly #heap: { key: K; at: number }[] = [];
  readonly #index = new Map<K, number>();

  get size(): number {
    return this.#heap.length;
  }

  /** When `key` is due, if it waits. */
  dueAt(key: K): number | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#heap[i]?.at;
  }

  /** The earliest due time, if any key waits. */
  peekAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Makes `key` due at `at` (moving it if it already waits). */
  set(key: K, at: number): void {
    const i = this.#index.get(key);
    if (i === undefined) {
      this.#heap.push({ key, at });
      this.#index.set(key, this.#heap.length - 1);
      this.#up(this.#heap.length - 1);
      return;
    }
    const entry = this.#heap[i] as { key: K; at: number };
    const earlier = at < entry.at;
    entry.at = at;
    if (earlier) this.#up(i);
    else this.#down(i);
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  popDue(now: number): K[] {
    const due: K[] = [];
    while (this.#heap.length > 0 && (this.#heap[0] as { at: number }).at <= now) {
      const top = this.#heap[0] as { key: K; at: number };
      const last = this.#heap.pop() as { key: K; at: number };
      this.#index.delete(top.key);
      if (this.#heap.length > 0) {
        this.#heap[0] = last;
        this.#index.set(last.key, 0);
        this.#down(0);
      }
      due.push(top.key);
    }
    return due;
  }

  clear(): void {
    this.#heap.length = 0;
    this.#index.clear();
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as { at: number }).at <= (heap[i] as { at: number }).at) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && (heap[left] as { at: number }).at < (heap[smallest] as { at: number }).at)
        smallest = left;
      if (right < heap.length && (heap[right] as { at: number }).at < (heap[smallest] as { at: number }).at)
        smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    const x = heap[a] as { key: K; at: number };
    const y = heap[b] as { key: K; at: number };
    heap[a] = y;
    heap[b] = x;
    this.#index.set(y.key, a);
    this.#index.set(x.key, b);
  }
}
