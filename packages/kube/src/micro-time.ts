/**
 * A `metav1.MicroTime` as the apiserver expects it: RFC 3339 with exactly six fraction
 * digits (Leases and events.k8s.io Events reject plain RFC 3339 times).
 */
export const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
