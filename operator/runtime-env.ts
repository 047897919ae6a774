/**
 * The V8 and glibc settings the operator image runs with (operator/Dockerfile sets the same
 * ENV; a test holds the two together). A 1 MiB young generation, two malloc arenas instead
 * of one per thread, and glibc returning large freed blocks keep the settled RSS near the
 * live heap; the old generation's cap is sized for ~10,000 SyncSchedules and goes up with
 * the container's memory limit.
 */
export const OPERATOR_RUNTIME_ENV = {
  NODE_OPTIONS: "--max-semi-space-size=1 --max-old-space-size=128",
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
} as const;
