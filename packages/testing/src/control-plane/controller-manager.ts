import { join } from "node:path";
import { freePort } from "../free-port.ts";
import { controllerManagerFlags } from "./component-flags.ts";
import { controllerManagerBin } from "./control-plane-binaries.ts";
import { type ManagedProcess, startProcess, stopProcess } from "./managed-process.ts";
import { controllersStarted, waitHealthy } from "./wait-healthy.ts";

/** Starts and stops the control plane's one kube-controller-manager. */
export type ControllerManager = {
  start(controllers: readonly string[]): Promise<void>;
  stop(): Promise<void>;
  /** The running process, for cleanup on exit. */
  process(): ManagedProcess | undefined;
};

/**
 * kube-controller-manager as an identity from `kubeconfig()` (issued on first start), serving
 * /healthz on a free port with the apiserver's certificate from `certDir`, logging to
 * `dir/kube-controller-manager.log`. `onChange` runs whenever its process starts or stops.
 */
export const controllerManager = (o: {
  binDir: string;
  dir: string;
  certDir: string;
  caCert: string;
  kubeconfig: () => Promise<string>;
  extraFlags: readonly string[];
  timeoutMs: number;
  onChange: () => void;
}): ControllerManager => {
  let proc: ManagedProcess | undefined;
  const running = () => (proc && !proc.hasExited() ? proc : undefined);
  const stop = async () => {
    // Nothing of its state matters to a test: no need for a graceful shutdown.
    if (proc) await stopProcess(proc, 2_000);
    o.onChange();
  };
  return {
    process: running,
    stop,
    start: async (controllers) => {
      if (running()) throw new Error("control plane: kube-controller-manager runs already");
      if (controllers.length === 0) throw new Error("control plane: no controllers to run");
      const bin = controllerManagerBin(o.binDir);
      const [kubeconfigPath, port] = await Promise.all([o.kubeconfig(), freePort()]);
      const args = [
        ...controllerManagerFlags({ kubeconfigPath, controllers, port, certDir: o.certDir }),
        ...o.extraFlags,
      ];
      proc = startProcess(bin, args, join(o.dir, "kube-controller-manager.log"));
      o.onChange();
      try {
        await waitHealthy(
          "kube-controller-manager",
          proc,
          controllersStarted(`https://127.0.0.1:${port}`, o.caCert),
          o.timeoutMs,
        );
      } catch (error) {
        await stop();
        throw error;
      }
    },
  };
};
