import { randomBytes } from "node:crypto";
import { connections, syncJobs, users } from "@fincoach/db";
import { createConnection, getSyncJob, parseKeyring, requestConnectionSync } from "@fincoach/domain";
import { createJobQueue, enqueueSyncMailbox } from "@fincoach/jobs";
import type { TestDatabase, TestDovecot } from "@fincoach/testing";
import type { Queue } from "bullmq";
import { eq } from "drizzle-orm";
import type { Redis } from "ioredis";

export const KEYS_SPEC = `k1:${randomBytes(32).toString("base64")}`;
export const keyring = parseKeyring(KEYS_SPEC);

/** A person with an IMAP connection to the test Dovecot, and a way to request syncs of it. */
export const createSyncFixture = async (o: {
  database: TestDatabase;
  dovecot: TestDovecot;
  redis: Redis;
  redisPrefix: string;
  syncQueue: string;
  mailbox: { username: string; password: string };
  folders: string[];
}) => {
  const [user] = await o.database.db
    .insert(users)
    .values({ email: `u${randomBytes(6).toString("hex")}@example.com`, passwordHash: "x" })
    .returning();
  const userId = user!.id;
  const ctx = { db: o.database.db, userId, keyring };
  const connection = await createConnection({
    ctx,
    input: {
      type: "imap",
      name: "Alerts",
      host: o.dovecot.host,
      port: o.dovecot.port,
      tls: "none",
      username: o.mailbox.username,
      password: o.mailbox.password,
      folders: o.folders,
      since: "2026-01-01",
    },
  });
  const producerConnection = o.redis.duplicate();
  const queue: Queue = createJobQueue("sync", {
    connection: producerConnection,
    redisPrefix: o.redisPrefix,
    syncQueue: o.syncQueue,
  });
  return {
    userId,
    connectionId: connection.id,
    queue,
    requestSync: async () =>
      (
        await requestConnectionSync({
          ctx,
          input: { id: connection.id },
          queue: { enqueue: async (job) => void (await enqueueSyncMailbox(queue, { ...job, trace: {} })) },
        })
      ).jobId,
    job: (jobId: string) => getSyncJob({ ctx, input: { id: jobId } }),
    connection: async () => {
      const [row] = await o.database.db.select().from(connections).where(eq(connections.id, connection.id));
      return row!;
    },
    jobRow: async (jobId: string) => {
      const [row] = await o.database.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
      return row!;
    },
    close: async () => {
      await queue.close();
      producerConnection.disconnect();
    },
  };
};
