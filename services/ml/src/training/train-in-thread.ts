import { Worker } from "node:worker_threads";
import type { LabelledInput, TrainModelOptions } from "@fincoach/categorizer";
import type { EncodedModel } from "./encode-trained-model.ts";

const THREAD = new URL("./train-thread.ts", import.meta.url);

/**
 * encodeTrainedModel on a worker thread: training is seconds of synchronous CPU, which on the
 * service's own thread would stall every request it is serving meanwhile.
 */
export const trainInThread = (
  rows: readonly LabelledInput[],
  options?: Partial<TrainModelOptions>,
): Promise<EncodedModel> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { workerData: { rows, options } });
    worker.once("message", (result: EncodedModel | { error: string }) => {
      if ("error" in result) reject(new Error(result.error));
      else resolve(result);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`training thread exited with code ${code}`));
    });
  });
