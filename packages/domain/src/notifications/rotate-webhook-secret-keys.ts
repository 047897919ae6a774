import { type Db, webhooks } from "@fincoach/db";
import { type RotationReport, resealUnderCurrentKey } from "../shared/reseal-under-current-key.ts";
import type { Keyring } from "../shared/secret-box.ts";

/**
 * Re-seals every webhook signing secret not under the keyring's current key (they are sealed
 * with CONNECTION_KEYS, bound to the webhook's id), in batches as connection credentials are:
 * without it, dropping an old key would leave those webhooks unable to sign a delivery.
 */
export const rotateWebhookSecretKeys = ({
  db,
  keyring,
  batchSize = 500,
}: {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
}): Promise<RotationReport> => resealUnderCurrentKey({ db, keyring, table: webhooks, batchSize });
