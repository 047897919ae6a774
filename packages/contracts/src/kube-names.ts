import { z } from "zod";

/** A DNS-1123 subdomain: the shape of most Kubernetes object names (ConfigMaps, CRs). */
export const ObjectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "must be a DNS-1123 subdomain");
export type ObjectName = z.infer<typeof ObjectName>;

/** A DNS-1035 label: the shape of a Service name (it becomes a DNS name in the cluster). */
export const ServiceName = z
  .string()
  .max(63)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1035 label (a Service name)");
export type ServiceName = z.infer<typeof ServiceName>;

/** An RFC 3339 timestamp with a zone, as Kubernetes writes them (`2025-01-31T02:00:00Z`). */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;
