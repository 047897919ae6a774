/** What a queued import's job carries: the import record it runs, and whose it is. */
export type ImportJobRequest = { importId: string; userId: string };

/**
 * Where a queued import goes to be run (BullMQ's `import-file` queue in the API; the worker
 * consumes it). A port, so queueing an import is one use case the API and tests share.
 */
export type ImportQueue = { enqueue: (job: ImportJobRequest) => Promise<void> };
