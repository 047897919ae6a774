import { randomUUID } from "node:crypto";
import type { ScheduleHandoff } from "@fincoach/contracts";
import { type ConnectionStatus, type ConnectionType, connections, type Db, users } from "@fincoach/db";
import { createLogger } from "@fincoach/logging";

/** A user with connections of the given types and statuses; their ids. */
export const seedUser = async (
  db: Db,
  conns: { type: ConnectionType; status?: ConnectionStatus }[],
): Promise<{ userId: string; connectionIds: string[] }> => {
  const [user] = await db
    .insert(users)
    .values({ email: `${randomUUID()}@example.test`, passwordHash: "x" })
    .returning({ id: users.id });
  const userId = user!.id;
  if (conns.length === 0) return { userId, connectionIds: [] };
  const rows = await db
    .insert(connections)
    .values(
      conns.map((c) => ({
        userId,
        type: c.type,
        name: `${c.type} connection`,
        // Never read by beat: it only enqueues, the worker decrypts.
        settings: {} as never,
        secretCiphertext: "AA==",
        secretNonce: "AA==",
        secretKeyId: "k1",
        status: c.status ?? "active",
      })),
    )
    .returning({ id: connections.id });
  return { userId, connectionIds: rows.map((r) => r.id) };
};

/** A schedule as the operator would hand it over; `overrides` win. */
export const testSchedule = (overrides: Partial<ScheduleHandoff> = {}): ScheduleHandoff => ({
  // A namespace per schedule: row and job ids derive from namespace, name and tick, so
  // tests sharing a database must not share all three.
  namespace: `ns-${randomUUID().slice(0, 8)}`,
  name: "nightly",
  uid: randomUUID(),
  generation: 1,
  schedule: "*/30 * * * *",
  timeZone: "UTC",
  suspend: false,
  source: "all",
  userSelector: {},
  startingDeadlineSeconds: 600,
  concurrencyPolicy: "Allow",
  queue: `sync-test-${randomUUID().slice(0, 8)}`,
  ...overrides,
});

export const quietLogger = () => createLogger({ service: "beat-test", level: "silent" });

/** A clock tests move by hand. */
export class SimulatedClock {
  #now: number;
  constructor(start: Date) {
    this.#now = start.getTime();
  }
  now = (): Date => new Date(this.#now);
  set(at: Date | number): void {
    this.#now = new Date(at).getTime();
  }
}
