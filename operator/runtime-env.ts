/**
 * The V8 and glibc settings the operator image runs with (operator/Dockerfile sets the same
 * ENV; a test holds the two together). A 1 MiB young generation, two malloc arenas instead
 * of one per thread, and glibc returning large freed blocks keep the settled RSS near the
 * live heap. The old generation's cap is a share of the memory the container may use (Node
 * reads the cgroup limit; the whole machine's memory when there is none): at a 256 MiB
 * limit it is the 128 MiB the benchmark measures with (~10,000 SyncSchedules), and it grows
 * with the limit instead of aborting the process past that. To set it yourself, replace
 * NODE_OPTIONS in the pod spec (keep `--max-semi-space-size=1`; the percentage flag wins
 * over `--max-old-space-size` when both are given).
 */
/** The share of the container's memory the old generation may take, in percent. */
export const HEAP_PERCENT_OF_MEMORY = 50;

export const OPERATOR_RUNTIME_ENV = {
  NODE_OPTIONS: `--max-semi-space-size=1 --max-old-space-size-percentage=${HEAP_PERCENT_OF_MEMORY}`,
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
  MALLOC_TRIM_THRESHOLD_: "131072",
} as const;
