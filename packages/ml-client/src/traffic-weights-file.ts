import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parseTrafficWeights, sameTrafficWeights, TRAFFIC_WEIGHTS_KEY, type TrafficWeights } from "@fincoach/contracts";
import type { Logger } from "@fincoach/logging";

export type TrafficWeightsFileOptions = {
  path: string;
  logger: Logger;
  /**
   * A re-read on this period as well as on change events: inotify can miss the swap of a
   * directory it watches through a symlink, and a missed update must not last for ever.
   * @default 10_000
   */
  pollMs?: number;
};

/** Where a caller reads the weights from; null before a good document was read. */
export type TrafficWeightsSource = () => Promise<TrafficWeights | null>;

/**
 * The operator's traffic-weights document, read from its mounted ConfigMap and re-read when
 * it changes: the one implementation the ML service (routing its own versions) and this
 * client (choosing the Service to call) both follow the file with. The kubelet updates a ConfigMap volume by writing a new timestamped directory
 * and swapping the `..data` symlink, so the file's own inode never changes: the watch is on
 * the directory. A document that does not parse or fails the contract is logged and ignored;
 * the last good one keeps routing.
 */
export class TrafficWeightsFile {
  #current: TrafficWeights | null = null;
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | null = null;
  #debounce: NodeJS.Timeout | null = null;
  #reading: Promise<void> = Promise.resolve();
  readonly #o: Required<TrafficWeightsFileOptions>;

  constructor(options: TrafficWeightsFileOptions) {
    this.#o = { pollMs: 10_000, ...options };
  }

  /** The last good document, or null before one was read. */
  current(): TrafficWeights | null {
    return this.#current;
  }

  /** Reads the file once, then follows it. */
  async start(): Promise<void> {
    await this.reload();
    try {
      this.#watcher = watch(dirname(this.#o.path), () => this.#scheduleReload());
      // Following the file is no reason to keep a process alive; stop() ends it when one closes.
      this.#watcher.unref();
      this.#watcher.on("error", (e) => this.#o.logger.warn({ err: e.message }, "traffic weights watch failed"));
    } catch (e) {
      this.#o.logger.warn({ path: this.#o.path, err: (e as Error).message }, "cannot watch traffic weights");
    }
    this.#timer = setInterval(() => void this.reload(), this.#o.pollMs);
    this.#timer.unref();
  }

  /** Re-reads the file now (serialized: two reads never race to set the document). */
  reload(): Promise<void> {
    this.#reading = this.#reading.then(() => this.#read());
    return this.#reading;
  }

  #scheduleReload(): void {
    // One symlink swap fires several events in a row; read once they settle.
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.reload(), 50);
    this.#debounce.unref();
  }

  async #read(): Promise<void> {
    const { path, logger } = this.#o;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      if (this.#current) logger.warn({ path, err: (e as NodeJS.ErrnoException).code }, "traffic weights unreadable");
      return;
    }
    let next: TrafficWeights;
    try {
      next = parseTrafficWeights({ [TRAFFIC_WEIGHTS_KEY]: text });
    } catch (e) {
      logger.error({ path, err: (e as Error).message }, "traffic weights refused; the last good document stays");
      return;
    }
    if (this.#current && sameTrafficWeights(this.#current, next)) return;
    this.#current = next;
    logger.info({ path, updatedAt: next.updatedAt, models: next.models }, "traffic weights loaded");
  }

  stop(): void {
    this.#watcher?.close();
    if (this.#timer) clearInterval(this.#timer);
    if (this.#debounce) clearTimeout(this.#debounce);
  }
}

/**
 * The file as `createHttpScoreModel`'s weights: it starts following on the first call (a
 * caller built synchronously from config has no start step) and answers from memory after.
 */
export const followTrafficWeights = (file: TrafficWeightsFile): TrafficWeightsSource => {
  let started: Promise<void> | undefined;
  return async () => {
    started ??= file.start();
    await started;
    return file.current();
  };
};
