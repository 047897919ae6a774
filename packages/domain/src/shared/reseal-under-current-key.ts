import type { connections, Db, webhooks } from "@fincoach/db";
import { and, asc, gt, ne, type SQL, sql } from "drizzle-orm";
import { type Keyring, openSecret, sealSecret } from "./secret-box.ts";

/** The tables holding a secret sealed to its row's id: connection credentials and webhook secrets. */
export type SealedTable = typeof connections | typeof webhooks;

export type RotationReport = {
  /** Rows re-sealed under the current key in this run. */
  rotated: number;
  /** Rows whose key the keyring does not hold, or that do not open: left as they were. */
  unopenable: { id: string; keyId: string }[];
};

/**
 * Re-seals every row of `table` not under the keyring's current key, in batches of
 * `batchSize` rows, each batch in one transaction. Idempotent: a second run (or a run after a
 * crash) finds only what is left. Rows locked by someone else are waited for, so an update
 * racing the rotation is never overwritten with a stale secret.
 */
export const resealUnderCurrentKey = async ({
  db,
  keyring,
  table,
  batchSize,
}: {
  db: Db;
  keyring: Keyring;
  table: SealedTable;
  batchSize: number;
}): Promise<RotationReport> => {
  const report: RotationReport = { rotated: 0, unopenable: [] };
  // Both tables name these columns alike; one typed view of them serves either.
  const t = table as typeof webhooks;
  // Keyset by id, so rows that cannot be opened are passed once rather than re-read forever.
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: t.id, ciphertext: t.secretCiphertext, nonce: t.secretNonce, keyId: t.secretKeyId })
        .from(t)
        .where(and(ne(t.secretKeyId, keyring.current.id), gt(t.id, after)))
        .orderBy(asc(t.id))
        .limit(batchSize)
        .for("update");
      const resealed: SQL[] = [];
      for (const row of rows) {
        let secret: string;
        try {
          // Sealed to the row's id: a secret copied onto another row does not open.
          secret = openSecret(keyring, row, row.id);
        } catch {
          report.unopenable.push({ id: row.id, keyId: row.keyId });
          continue;
        }
        const sealed = sealSecret(keyring, secret, row.id);
        resealed.push(sql`(${row.id}::uuid, ${sealed.ciphertext}, ${sealed.nonce}, ${sealed.keyId})`);
      }
      // One statement for the batch rather than a round trip per row; the rows stay locked by
      // the select above until the transaction commits. updated_at moves as an update through
      // drizzle's $onUpdate would move it.
      if (resealed.length > 0) {
        await tx.execute(sql`
          update ${table} c set
            secret_ciphertext = x.ciphertext, secret_nonce = x.nonce, secret_key_id = x.key_id, updated_at = now()
          from (values ${sql.join(resealed, sql`, `)}) as x(id, ciphertext, nonce, key_id)
          where c.id = x.id`);
        report.rotated += resealed.length;
      }
      if (rows.length > 0) after = rows[rows.length - 1]!.id;
      return rows.length < batchSize;
    });
    if (done) return report;
  }
};
