import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpMethod, KubeConfig, RequestContext } from "@kubernetes/client-node";
import { shareConnections } from "./share-connections.ts";

const kubeConfig = (user: string) => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:6443", skipTLSVerify: true }],
    users: [{ name: "a" }, { name: "b" }],
    contexts: [
      { name: "a", cluster: "c", user: "a" },
      { name: "b", cluster: "c", user: "b" },
    ],
    currentContext: user,
  });
  return kc;
};

const dispatcherOf = async (kc: KubeConfig) => {
  const context = new RequestContext("https://127.0.0.1:6443/api", HttpMethod.GET);
  await kc.applySecurityAuthentication(context);
  return context.getDispatcher();
};

describe("shareConnections", () => {
  it("client-node alone builds a new dispatcher per request", async () => {
    const kc = kubeConfig("a");
    assert.notEqual(await dispatcherOf(kc), await dispatcherOf(kc));
  });

  it("reuses one dispatcher per cluster and user, and renews it after maxAgeMs", async () => {
    let clock = 0;
    const kc = shareConnections(kubeConfig("a"), { maxAgeMs: 1_000, now: () => clock });
    assert.equal(shareConnections(kc), kc, "idempotent");
    const first = await dispatcherOf(kc);
    assert.ok(first);
    assert.equal(await dispatcherOf(kc), first);
    kc.setCurrentContext("b");
    const other = await dispatcherOf(kc);
    assert.notEqual(other, first, "another user gets its own pool");
    kc.setCurrentContext("a");
    assert.equal(await dispatcherOf(kc), first);
    clock = 1_000;
    const renewed = await dispatcherOf(kc);
    assert.notEqual(renewed, first);
    assert.equal(await dispatcherOf(kc), renewed);
  });
});
