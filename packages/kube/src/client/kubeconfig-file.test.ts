import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseKubeconfig } from "./kubeconfig-file.ts";

const at = { path: "/etc/kube/config", baseDir: "/etc/kube" };
const config = (user: string, extra = "") => `
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority: ca.crt
${extra}
users:
- name: ops
  user:
${user}
contexts:
- name: prod
  context: {cluster: prod, user: ops, namespace: fincoach}
- name: other
  context: {cluster: prod, user: ops}
current-context: prod
`;

describe("parseKubeconfig", () => {
  it("takes the current context's server, namespace and certificates (files relative to the kubeconfig)", () => {
    const cert = Buffer.from("CERT").toString("base64");
    const { settings: s, needs } = parseKubeconfig(
      config(`    client-certificate-data: ${cert}\n    client-key: keys/ops.key`),
      at,
    );
    assert.deepEqual(needs, []);
    assert.equal(s.server, "https://10.0.0.1:6443");
    assert.equal(s.namespace, "fincoach");
    assert.deepEqual(s.ca, { file: "/etc/kube/ca.crt" });
    assert.deepEqual(s.clientCert, { data: Buffer.from("CERT") });
    assert.deepEqual(s.clientKey, { file: "/etc/kube/keys/ops.key" });
    assert.equal(s.token, undefined);
  });

  it("reads tokens and token files, and another context on request", () => {
    const { settings: s } = parseKubeconfig(config("    token: abc\n    tokenFile: /run/token"), {
      ...at,
      context: "other",
    });
    assert.equal(s.token, "abc");
    assert.equal(s.tokenFile, "/run/token");
    assert.equal(s.namespace, "default");
  });

  it("names what only @kubernetes/client-node does: exec, auth-provider, impersonation, proxy-url", () => {
    const needs = (user: string, extra = "") => parseKubeconfig(config(user, extra), at).needs;
    assert.deepEqual(needs("    exec:\n      command: aws"), ['user "ops" has an exec plugin']);
    assert.deepEqual(needs("    auth-provider:\n      name: oidc"), ['user "ops" has an auth-provider']);
    assert.deepEqual(needs("    token: x\n    as: jane"), ['user "ops" impersonates "jane"']);
    assert.deepEqual(needs("    token: x", "    proxy-url: http://proxy:3128"), ['cluster "prod" has a proxy-url']);
  });

  it("refuses basic auth and impersonation it cannot send whole, naming the user", () => {
    assert.throws(
      () => parseKubeconfig(config("    username: admin\n    password: secret"), at),
      /\/etc\/kube\/config: user "ops": basic auth \(username\/password\) is not supported/,
    );
    assert.throws(() => parseKubeconfig(config("    password: secret"), at), /basic auth/);
    assert.throws(
      () => parseKubeconfig(config("    token: x\n    as: jane\n    as-groups: [admins]"), at),
      /user "ops": only "as" impersonation is supported/,
    );
  });

  it("refuses unknown contexts and broken files with the file named", () => {
    assert.throws(
      () => parseKubeconfig(config("    token: x"), { ...at, context: "nope" }),
      /context "nope" not found/,
    );
    assert.throws(() => parseKubeconfig("clusters: [", at), /\/etc\/kube\/config: not valid YAML/);
    assert.throws(
      () => parseKubeconfig("clusters:\n- name: x\n  cluster: {}\n", at),
      /\/etc\/kube\/config: clusters\.0\.cluster\.server/,
    );
  });
});
