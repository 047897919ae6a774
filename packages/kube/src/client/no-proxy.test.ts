import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bypassesProxy, proxyFromEnv } from "./no-proxy.ts";

describe("NO_PROXY", () => {
  it("matches hosts, domain suffixes, IPs, CIDRs and *, ignoring ports", () => {
    assert.equal(bypassesProxy("api.example.com", "example.com"), true);
    assert.equal(bypassesProxy("api.example.com", ".example.com"), true);
    assert.equal(bypassesProxy("example.com", ".example.com"), true);
    assert.equal(bypassesProxy("badexample.com", "example.com"), false);
    assert.equal(bypassesProxy("10.96.0.1", "localhost, 10.0.0.0/8"), true);
    assert.equal(bypassesProxy("11.0.0.1", "10.0.0.0/8"), false);
    assert.equal(bypassesProxy("[::1]", "::1"), true);
    assert.equal(bypassesProxy("kube.local", "kube.local:6443"), true);
    assert.equal(bypassesProxy("anything", "*"), true);
    assert.equal(bypassesProxy("anything", undefined), false);
  });

  it("picks HTTPS_PROXY for https servers and HTTP_PROXY for http ones, lower case too", () => {
    const env = { https_proxy: "http://p:1", HTTP_PROXY: "http://q:2", NO_PROXY: "skip.me" };
    assert.equal(proxyFromEnv(new URL("https://k8s:6443"), env), "http://p:1");
    assert.equal(proxyFromEnv(new URL("http://k8s:8080"), env), "http://q:2");
    assert.equal(proxyFromEnv(new URL("https://skip.me"), env), undefined);
    assert.equal(proxyFromEnv(new URL("https://k8s"), {}), undefined);
  });
});
