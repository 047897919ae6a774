/** Thrown into an attempt's work (through its AbortSignal) when BullMQ no longer counts it as running. */
export class AttemptAbandoned extends Error {
  constructor(jobId: string, why: string) {
    super(`job ${jobId}: this attempt was abandoned (${why})`);
    this.name = "AttemptAbandoned";
  }
}

type Attempt = {
  /** BullMQ's lock token of this attempt. */
  token: string | undefined;
  controller: AbortController;
  /** Settles when the attempt's own work (the processor) has stopped. */
  workDone: Promise<void>;
  /** Settles when the attempt has handed its outcome back to BullMQ's caller. */
  handedBack: Promise<void>;
  successor?: Attempt;
};

/**
 * At most one attempt of a job id runs its work in this process at a time.
 *
 * BullMQ hands a job out again when its lock expired (say Redis was away longer than the
 * lock lasts), even to the very worker still running the first attempt. Two attempts of one
 * sync in one process would write the same rows at once, and BullMQ keys lock renewal by job
 * id, so the first attempt's end would stop renewing the second's lock. Here the newer
 * attempt aborts the older one and waits until its work has stopped before starting; the older
 * one does not hand its (lock-less, ignored) outcome back to BullMQ until the newer one has, so
 * its bookkeeping can never untrack the newer attempt's lock while that one runs.
 */
export class JobAttempts {
  readonly #running = new Map<string, Attempt>();

  async run<T>(jobId: string, token: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const previous = this.#running.get(jobId);
    let workStopped!: () => void;
    let handBack!: () => void;
    const attempt: Attempt = {
      token,
      controller: new AbortController(),
      workDone: new Promise((resolve) => {
        workStopped = resolve;
      }),
      handedBack: new Promise((resolve) => {
        handBack = resolve;
      }),
    };
    this.#running.set(jobId, attempt);
    try {
      if (previous) {
        previous.successor = attempt;
        previous.controller.abort(new AttemptAbandoned(jobId, "a newer attempt of the job started"));
        await previous.workDone;
      }
      try {
        return await work(attempt.controller.signal);
      } finally {
        workStopped();
      }
    } finally {
      if (this.#running.get(jobId) === attempt) this.#running.delete(jobId);
      if (attempt.successor) await attempt.successor.handedBack;
      handBack();
    }
  }

  /**
   * Aborts the attempt of `jobId` running here unless it holds `lockHolder`, the token the
   * job's lock holds now (its renewal failed: the job may run elsewhere). The token check
   * spares an attempt that started after the failed renewal was sent.
   */
  abandon(jobId: string, why: string, lockHolder?: string | null): void {
    const attempt = this.#running.get(jobId);
    if (attempt && (lockHolder == null || attempt.token !== lockHolder))
      attempt.controller.abort(new AttemptAbandoned(jobId, why));
  }

  /** Job ids with an attempt running here. */
  get running(): string[] {
    return [...this.#running.keys()];
  }
}
