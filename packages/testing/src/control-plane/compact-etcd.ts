/** Compacts etcd's history up to its current revision through its JSON gateway. */
export const compactEtcd = async (etcdUrl: string): Promise<void> => {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${etcdUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { header?: { revision?: string } };
  };
  // Any range read answers with the store's current revision in its header.
  const { header } = await post("/v3/kv/range", { key: Buffer.from("\0").toString("base64") });
  await post("/v3/kv/compaction", { revision: header?.revision, physical: true });
};
