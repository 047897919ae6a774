import { connections, type Db } from "@fincoach/db";
import { type RotationReport, resealUnderCurrentKey } from "../shared/reseal-under-current-key.ts";
import type { Keyring } from "../shared/secret-box.ts";

export type { RotationReport };

/**
 * Re-seals every connection credential not under the keyring's current key, in batches
 * of `batchSize` rows, each batch in one transaction; idempotent, racing updates waited for
 * (resealUnderCurrentKey). Webhook secrets share the keys: rotateWebhookSecretKeys.
 */
export const rotateConnectionKeys = ({
  db,
  keyring,
  batchSize = 500,
}: {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
}): Promise<RotationReport> => resealUnderCurrentKey({ db, keyring, table: connections, batchSize });
