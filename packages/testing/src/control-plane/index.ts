// For e2e/cluster (a real node): the same certificates, processes and kubeconfigs.
export { type CertFiles, issueCert } from "./certificates.ts";
export { controlPlaneBinDir } from "./control-plane-binaries.ts";
export type { ControlPlane, ControlPlaneOptions, UserKubeConfig } from "./control-plane-types.ts";
export {
  type StaticToken,
  tokenAuthFlag,
  writeExecPlugin,
  writeKubeconfigDocument,
} from "./kubeconfig-credentials.ts";
export type { KubectlResult } from "./kubectl.ts";
export { type ManagedProcess, startProcess, stopProcess } from "./managed-process.ts";
export { startControlPlane } from "./start-control-plane.ts";
export { waitHealthy } from "./wait-healthy.ts";
export { writeKubeconfig } from "./write-kubeconfig.ts";
