import { availableParallelism, cpus, totalmem } from "node:os";

/** What the figures were measured on; printed with every run and stored in the JSON results. */
export const describeMachine = () => ({
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});
export type Machine = ReturnType<typeof describeMachine>;
