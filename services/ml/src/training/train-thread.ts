import { parentPort, workerData } from "node:worker_threads";
import { encodeTrainedModel } from "./encode-trained-model.ts";

// The worker thread's entry (train-in-thread.ts): train, answer once, exit.
try {
  const result = encodeTrainedModel(workerData.rows, workerData.options);
  parentPort?.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
} catch (e) {
  parentPort?.postMessage({ error: (e as Error).message });
}
