import assert from "node:assert/strict";
import { test } from "node:test";
import { fincoachDashboards } from "./index.ts";

type Panel = {
  id?: number;
  type: string;
  title?: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; refId?: string }[];
  gridPos?: { x: number; w: number };
};

test("four dashboards with distinct uids", () => {
  assert.deepEqual(
    fincoachDashboards().map((d) => d.uid),
    ["fincoach-overview", "fincoach-sync-pipeline", "fincoach-ml-ab", "fincoach-operator"],
  );
});

test("every panel has a unique id, fits the 24-column grid, and queries the chosen data source", () => {
  for (const d of fincoachDashboards()) {
    const panels = (d.panels ?? []) as Panel[];
    const ids = panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, `${d.uid}: duplicate panel ids`);
    assert.ok(
      ids.every((id) => typeof id === "number" && id > 0),
      `${d.uid}: a panel without an id`,
    );
    for (const p of panels) {
      assert.ok((p.gridPos?.x ?? 0) + (p.gridPos?.w ?? 0) <= 24, `${d.uid} "${p.title}" overflows the grid`);
      if (p.type === "row") continue;
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template.
      assert.equal(p.datasource?.uid, "${datasource}", `${d.uid} "${p.title}"`);
      assert.ok((p.targets ?? []).length > 0, `${d.uid} "${p.title}" has no query`);
      const refIds = (p.targets ?? []).map((t) => t.refId);
      assert.equal(new Set(refIds).size, refIds.length, `${d.uid} "${p.title}": duplicate refIds`);
      assert.ok(
        (p.targets ?? []).every((t) => t.expr),
        `${d.uid} "${p.title}": an empty query`,
      );
    }
  }
});

test("every query is scoped to the dashboard's namespace variable", () => {
  for (const d of fincoachDashboards())
    for (const p of (d.panels ?? []) as Panel[])
      for (const t of p.targets ?? [])
        assert.match(t.expr ?? "", /namespace=~"\$namespace"/, `${d.uid} "${p.title}": ${t.expr}`);
});
