export type { SecretCtx } from "./connection-context.ts";
export {
  CreateConnection,
  CreateImapConnection,
  CreatePlaidConnection,
  UpdateConnection,
} from "./connection-schemas.ts";
export { ConnectionView, toConnectionView } from "./connection-view.ts";
export { createConnection } from "./create-connection.ts";
export { deleteConnection } from "./delete-connection.ts";
export { findConnection } from "./find-connection.ts";
export { getConnection } from "./get-connection.ts";
export { listConnections } from "./list-connections.ts";
export { markConnectionNeedsAttention } from "./mark-connection-needs-attention.ts";
export { type OpenedConnection, readConnectionSecret } from "./read-connection-secret.ts";
export { type RotationReport, rotateConnectionKeys } from "./rotate-connection-keys.ts";
export { ConnectionSyncState, saveSyncState } from "./save-sync-state.ts";
export { ConnectionCheck, type CredentialCheckers, testConnection } from "./test-connection.ts";
export { updateConnection } from "./update-connection.ts";
