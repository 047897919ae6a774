import type { V1ObjectMeta } from "@fincoach/kube";
import { z } from "zod";
import { API_VERSION } from "./api-group.ts";
import { type CelRule, withCel } from "./cel.ts";
import { ObjectMetaShape } from "./common.ts";
import { customResourceDefinition, resourceSchema } from "./custom-resource-definition.ts";
import { toStructuralSchema } from "./structural-schema.ts";
import { SyncScheduleSpec } from "./sync-schedule-spec.ts";
import { SyncScheduleStatus } from "./sync-schedule-status.ts";

export const SYNC_SCHEDULE_KIND = "SyncSchedule";
export const SYNC_SCHEDULE_PLURAL = "syncschedules";

// 52 like CronJob: room for child-name suffixes, and still a valid label value.
const NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const NAME_RULE = {
  rule: `self.metadata.name.matches(r'${NAME}') && size(self.metadata.name) <= 52`,
  message: "metadata.name must be a DNS-1123 label of at most 52 characters",
} satisfies CelRule;

/** A whole SyncSchedule as read from YAML or the apiserver (metadata checked loosely). */
export const SyncSchedule = withCel(
  z.object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(SYNC_SCHEDULE_KIND),
    metadata: ObjectMetaShape,
    spec: SyncScheduleSpec,
    status: SyncScheduleStatus.optional(),
  }),
  [{ ...NAME_RULE, check: (s) => new RegExp(NAME).test(s.metadata.name) && s.metadata.name.length <= 52 }],
);
/** A SyncSchedule with the apiserver's defaults applied and Kubernetes object metadata. */
export type SyncSchedule = Omit<z.output<typeof SyncSchedule>, "metadata"> & { metadata: V1ObjectMeta };

/** The SyncSchedule CRD (wire form), generated into crds/fincoach.dev_syncschedules.yaml. */
export const syncScheduleCrd = customResourceDefinition(
  { kind: SYNC_SCHEDULE_KIND, plural: SYNC_SCHEDULE_PLURAL, singular: "syncschedule", shortNames: ["ss", "syncsched"] },
  resourceSchema(
    "SyncSchedule syncs mail and bank data on a cron schedule with queue workers scaled on backlog.",
    toStructuralSchema(SyncScheduleSpec),
    toStructuralSchema(SyncScheduleStatus),
    [NAME_RULE],
  ),
  [
    { name: "Schedule", type: "string", jsonPath: ".spec.schedule" },
    { name: "Time Zone", type: "string", jsonPath: ".spec.timeZone", priority: 1 },
    { name: "Source", type: "string", jsonPath: ".spec.source", priority: 1 },
    { name: "Suspend", type: "boolean", jsonPath: ".spec.suspend" },
    { name: "Active", type: "integer", jsonPath: ".status.active", priority: 1 },
    { name: "Queued", type: "integer", jsonPath: ".status.queued" },
    { name: "Last Schedule", type: "date", jsonPath: ".status.lastScheduleTime" },
    // A string, not a date: kubectl renders future dates as "<invalid>".
    { name: "Next Schedule", type: "string", jsonPath: ".status.nextScheduleTime", priority: 1 },
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
);
