export { controlPlaneBinDir } from "./control-plane-binaries.ts";
export type { ControlPlane, ControlPlaneOptions, UserKubeConfig } from "./control-plane-types.ts";
export {
  type StaticToken,
  tokenAuthFlag,
  writeExecPlugin,
  writeKubeconfigDocument,
} from "./kubeconfig-credentials.ts";
export type { KubectlResult } from "./kubectl.ts";
export { startControlPlane } from "./start-control-plane.ts";
