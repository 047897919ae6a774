import type { Job, Queue, Worker } from "bullmq";

/**
 * Fair scheduling across people on one queue, with BullMQ OSS's job priority only (group
 * fairness is a BullMQ Pro feature). Each person has a sorted set of their unfinished job ids
 * in that queue (`<prefix>:<queue>:fair:<userId>`, score = enqueue time). A new job's
 * priority is its rank in that set: a person's n-th unfinished job gets priority n, and
 * BullMQ takes lower numbers first, FIFO within equal numbers. So everyone's 1st job runs
 * before anyone's 2nd: 500 jobs of one person queued before one job of another delay that
 * one by at most one job per person, not by 500.
 *
 * Trade-offs (why this and not more):
 * - A priority is fixed when the job is added; it is not lowered as the person's earlier
 *   jobs finish. A person with a long backlog keeps competing with their old numbers, so a
 *   stream of newcomers at saturation is served first: that is the point, but it is
 *   round-robin by arrival rank, not a weighted fair queue.
 * - A set, not a counter: adding the same job id twice (a retried API call, two beat
 *   replicas) does not count twice, and releasing a job twice does nothing.
 * - Crash safety: if a worker dies between finishing a job and releasing it, the id stays
 *   in the set and only makes that person's later jobs a little less urgent. Such stale
 *   entries are dropped once older than STALE_AFTER_MS at the next enqueue, and the whole
 *   set expires with no activity; a lost or emptied set only makes priorities lower (more
 *   urgent), never blocks a job. Priorities clamp to [1, 2^21] (BullMQ's maximum).
 * - Retries keep their slot (a job holds it until completed or failed for good), so a
 *   person whose jobs keep failing does not jump ahead on every attempt.
 * - Jobs added without a priority (plain `queue.add`/`addBulk`) go to BullMQ's wait list,
 *   which is served before any prioritized job: every producer of a fair queue must use
 *   these helpers (`claimFairPriority` / `addFairBulk`) or it jumps the line.
 */

/** BullMQ's largest priority (2^21); lower numbers run sooner. */
export const MAX_PRIORITY = 2 ** 21;
/** Entries older than this are taken for leftovers of a crashed worker and dropped. */
export const STALE_AFTER_MS = 24 * 3600 * 1000;

/** Any count, even a corrupted one, as a valid BullMQ priority. */
export const clampPriority = (n: number): number =>
  Number.isFinite(n) ? Math.min(MAX_PRIORITY, Math.max(1, Math.trunc(n))) : 1;

type HasBackend = Pick<Queue | Worker, "toKey" | "getBackend">;
const fairKey = (q: Pick<Queue | Worker, "toKey">, userId: string): string => q.toKey(`fair:${userId}`);

// One script each, so a claim (prune, add, rank, refresh expiry) is atomic.
const CLAIM = "fincoachFairClaim";
const CLAIM_LUA = `
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", tonumber(ARGV[1]) - tonumber(ARGV[3]))
redis.call("ZADD", KEYS[1], "NX", ARGV[1], ARGV[2])
redis.call("PEXPIRE", KEYS[1], ARGV[3])
return redis.call("ZRANK", KEYS[1], ARGV[2])`;
const RELEASE = "fincoachFairRelease";
const RELEASE_LUA = `return redis.call("ZREM", KEYS[1], ARGV[1])`;
const COUNT = "fincoachFairCount";
const COUNT_LUA = `return redis.call("ZCARD", KEYS[1])`;

type Client = Awaited<ReturnType<Queue["getBackend"]>["client"]>;
const defined = new WeakSet<Client>();
const redisOf = async (where: HasBackend): Promise<Client> => {
  const client = await where.getBackend().client;
  if (!defined.has(client)) {
    client.defineCommand(CLAIM, { numberOfKeys: 1, lua: CLAIM_LUA });
    client.defineCommand(RELEASE, { numberOfKeys: 1, lua: RELEASE_LUA });
    client.defineCommand(COUNT, { numberOfKeys: 1, lua: COUNT_LUA, readOnly: true });
    defined.add(client);
  }
  return client;
};

/**
 * Registers a job as one of the person's unfinished jobs and returns its priority: its
 * rank among them (an id already registered keeps its rank).
 */
export const claimFairPriority = async (queue: Queue, userId: string, bullJobId: string): Promise<number> => {
  const client = await redisOf(queue);
  const rank = await client.runCommand(CLAIM, [fairKey(queue, userId), Date.now(), bullJobId, STALE_AFTER_MS]);
  return clampPriority(typeof rank === "number" ? rank + 1 : 1);
};

/** Frees the person's slot of a job that will not run again (completed, failed for good, or never added). */
export const releaseFairSlot = async (where: HasBackend, userId: string, bullJobId: string): Promise<void> => {
  const client = await redisOf(where);
  await client.runCommand(RELEASE, [fairKey(where, userId), bullJobId]);
};

/** The person's unfinished jobs the fair scheduler counts in a queue (tests, diagnostics). */
export const fairSlotsHeld = async (queue: Queue, userId: string): Promise<number> =>
  Number(await (await redisOf(queue)).runCommand(COUNT, [fairKey(queue, userId)]));

/**
 * After an add, frees the slot if the id belonged to a job that had already finished:
 * BullMQ kept that job (for id de-duplication) and dropped the add, so nothing will release it.
 */
export const releaseIfAlreadyFinished = async (queue: Queue, userId: string, bullJobId: string): Promise<void> => {
  const state = await queue.getJobState(bullJobId);
  if (state === "completed" || state === "failed" || state === "unknown")
    await releaseFairSlot(queue, userId, bullJobId);
};

type BulkJob = { name: string; data: { userId: string }; opts: { jobId: string; priority?: number } };

/** `queue.addBulk` with each job's fair priority (beat's path: many connections per tick). */
export const addFairBulk = async (queue: Queue, jobs: BulkJob[]): Promise<Job[]> => {
  // Claims and checks are sent together: one connection pipelines them, so a tick of 10,000
  // jobs costs a few round trips, not 20,000 (beat's target is 10,000 jobs in under 2 s).
  const priorities = await Promise.all(
    jobs.map((job) => job.opts.priority ?? claimFairPriority(queue, job.data.userId, job.opts.jobId)),
  );
  const prioritized = jobs.map((job, i) => ({ ...job, opts: { ...job.opts, priority: priorities[i]! } }));
  try {
    const added = await queue.addBulk(prioritized);
    await Promise.all(jobs.map((job) => releaseIfAlreadyFinished(queue, job.data.userId, job.opts.jobId)));
    return added;
  } catch (error) {
    await Promise.all(jobs.map((job) => releaseFairSlot(queue, job.data.userId, job.opts.jobId)));
    throw error;
  }
};

/**
 * Releases each job's slot when it finishes for good, on the worker's own connection. A
 * failed attempt that will be retried keeps the slot (BullMQ sets `finishedOn` only on the
 * final failure).
 */
export const releaseFairSlotsOnFinish = (worker: Worker): void => {
  const release = (job: Job | undefined) => {
    const userId = (job?.data as { userId?: unknown } | undefined)?.userId;
    if (!job?.id || typeof userId !== "string") return;
    // A lost release only leaves a stale entry (see above); it must not crash the worker.
    releaseFairSlot(worker, userId, job.id).catch((error: Error) => worker.emit("error", error));
  };
  worker.on("completed", (job) => release(job));
  worker.on("failed", (job) => {
    if (job?.finishedOn) release(job);
  });
};
