import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CronSchedule, isTimeZone } from "./cron.ts";
import { Duration, durationToMs } from "./duration.ts";
import { matchesLabelSelector } from "./label-selector.ts";

describe("cron pattern", () => {
  it("accepts CronJob-style expressions and macros", () => {
    for (const c of [
      "0 2 * * *",
      "*/15 * * * *",
      "0 9-17/2 * * MON-FRI",
      "30 6 1,15 JAN,JUL 0",
      "0 0 31 12 7",
      "@daily",
    ]) {
      assert.ok(CronSchedule.safeParse(c).success, c);
    }
  });

  it("rejects wrong field counts, out-of-range values and garbage", () => {
    for (const c of [
      "0 2 * *",
      "0 2 * * * *",
      "60 * * * *",
      "0 24 * * *",
      "0 0 32 * *",
      "0 0 * 13 *",
      "0 0 * * 8",
      "@often",
      "every day",
      "",
    ]) {
      assert.ok(!CronSchedule.safeParse(c).success, c);
    }
  });
});

describe("time zones", () => {
  it("knows IANA names and rejects unknown or malformed ones", () => {
    for (const tz of ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
      assert.ok(isTimeZone(tz), tz);
    for (const tz of ["Mars/Olympus", "Europe/", "+02:00", "../etc/passwd"]) assert.ok(!isTimeZone(tz), tz);
  });
});

describe("durations", () => {
  it("parses Go-style durations", () => {
    assert.equal(durationToMs("1m"), 60_000);
    assert.equal(durationToMs("1h30m"), 5_400_000);
    assert.equal(durationToMs("250ms"), 250);
    assert.ok(!Duration.safeParse("0s").success);
    assert.ok(!Duration.safeParse("1d").success);
    assert.throws(() => durationToMs("1 minute"), RangeError);
  });
});

describe("label selectors", () => {
  const labels = { plan: "pro", region: "eu" };
  it("ANDs matchLabels and matchExpressions, like the apiserver", () => {
    assert.ok(matchesLabelSelector({}, labels));
    assert.ok(matchesLabelSelector({ matchLabels: { plan: "pro" } }, labels));
    assert.ok(!matchesLabelSelector({ matchLabels: { plan: "free" } }, labels));
    assert.ok(
      matchesLabelSelector({ matchExpressions: [{ key: "region", operator: "In", values: ["eu", "us"] }] }, labels),
    );
    assert.ok(matchesLabelSelector({ matchExpressions: [{ key: "beta", operator: "NotIn", values: ["x"] }] }, labels));
    assert.ok(!matchesLabelSelector({ matchExpressions: [{ key: "plan", operator: "DoesNotExist" }] }, labels));
    assert.ok(matchesLabelSelector({ matchExpressions: [{ key: "plan", operator: "Exists" }] }, labels));
  });
});
