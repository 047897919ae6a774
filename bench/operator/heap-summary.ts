/**
 * Summarizes a V8 heap snapshot (e.g. from `npm run bench:operator -- --heap-snapshot`):
 * self size and count per node type and constructor name, largest first.
 * Usage: `sh scripts/node.sh bench/operator/heap-summary.ts <file.heapsnapshot> [top]`.
 */
import { readFileSync } from "node:fs";

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: heap-summary.ts <file.heapsnapshot> [top]");
const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [
  number,
  number,
  number,
];
const groups = new Map<string, { count: number; bytes: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += fields.length) {
  const type = types[snap.nodes[i + typeAt] as number] ?? "?";
  const name = type === "object" || type === "native" ? snap.strings[snap.nodes[i + nameAt] as number] : "";
  const key = name ? `${type} ${name}` : type;
  const size = snap.nodes[i + sizeAt] as number;
  total += size;
  const g = groups.get(key) ?? { count: 0, bytes: 0 };
  g.count++;
  g.bytes += size;
  groups.set(key, g);
}
const MiB = (b: number) => (b / 2 ** 20).toFixed(1).padStart(7);
console.log(`${MiB(total)} MiB in ${snap.nodes.length / fields.length} nodes`);
for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArg ?? 30)))
  console.log(`${MiB(g.bytes)} MiB ${String(g.count).padStart(9)}  ${key}`);
