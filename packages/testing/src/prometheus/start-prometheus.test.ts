import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { prometheusBinary } from "./prometheus-binary.ts";
import { startPrometheus } from "./start-prometheus.ts";

test("without the binary, the error says how to install it", async () => {
  await assert.rejects(prometheusBinary({ PATH: "/nonexistent" }), /not found on PATH; .*apt-get install -y/);
  await assert.rejects(
    prometheusBinary({ PATH: "", PROMETHEUS_BIN: "prometheus" }),
    /PROMETHEUS_BIN=prometheus is not/,
  );
});

test("scrapes a target with its labels, evaluates rules, reports query errors and cleans up", async () => {
  const exporter = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end("# TYPE answer gauge\nanswer 42\n");
  });
  await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
  // Closed even when Prometheus fails to start: a listening server would keep this file's
  // process alive, and the whole suite would hang instead of failing.
  const prometheus = await startPrometheus({
    jobs: [
      {
        job: "stand-in",
        targets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`],
        labels: { namespace: "t" },
      },
    ],
    rules: {
      doubled: JSON.stringify({ groups: [{ name: "g", rules: [{ record: "answer:doubled", expr: "answer * 2" }] }] }),
    },
  }).catch((error: unknown) => {
    exporter.close();
    throw error;
  });
  try {
    const [scraped] = await prometheus.waitFor('answer{namespace="t"}', (s) => s.length === 1);
    assert.equal(scraped?.value, 42);
    assert.equal(scraped?.metric.job, "stand-in");
    const [recorded] = await prometheus.waitFor("answer:doubled", (s) => s.length === 1);
    assert.equal(recorded?.value, 84);
    await assert.rejects(prometheus.query("sum("), /parse error/);
  } finally {
    await prometheus.stop();
    exporter.close();
  }
  assert.equal(existsSync(prometheus.dir), false);
  assert.throws(() => process.kill(prometheus.pid, 0), /ESRCH/);
  await prometheus.stop();
});
