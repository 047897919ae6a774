import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const openssl = (args: string[]) => run("openssl", args);

/** PEM files of one identity. */
export type CertFiles = { cert: string; key: string };

/** What the control plane needs: one CA (serving and client certs), the admin client and the SA signing key. */
export type ControlPlaneCerts = {
  ca: CertFiles;
  admin: CertFiles;
  serviceAccountKey: string;
  serviceAccountPub: string;
};

const newKey = (path: string) =>
  openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path]);

/** The subject `/CN=<user>/O=<group>...`, escaping what openssl treats as separators. */
const subject = (commonName: string, organizations: readonly string[]) =>
  [`CN=${commonName}`, ...organizations.map((o) => `O=${o}`)]
    .map((part) => `/${part.replace(/[/+\\]/g, "\\$&")}`)
    .join("");

/**
 * Issues a certificate signed by `ca` into `dir`: a client certificate for `user` in
 * `groups`, or a serving one when `sans` are given.
 */
export const issueCert = async (
  ca: CertFiles,
  dir: string,
  name: string,
  options: { user: string; groups?: readonly string[]; sans?: readonly string[] },
): Promise<CertFiles> => {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const usage = options.sans ? "serverAuth" : "clientAuth";
  const sanLine = options.sans ? `subjectAltName=${options.sans.join(",")}\n` : "";
  await writeFile(
    ext,
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${usage}\n${sanLine}`,
  );
  await newKey(files.key);
  await openssl(["req", "-new", "-key", files.key, "-subj", subject(options.user, options.groups ?? []), "-out", csr]);
  await openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    ca.cert,
    "-CAkey",
    ca.key,
    "-set_serial",
    `0x${randomBytes(16).toString("hex")}`,
    "-days",
    "7",
    "-sha256",
    "-extfile",
    ext,
    "-out",
    files.cert,
  ]);
  return files;
};

/**
 * Generates, with the openssl CLI, the CA, the apiserver's serving certificate (written as
 * `apiserver.crt`/`.key` in `certDir`, where kube-apiserver looks for it, valid for
 * 127.0.0.1 and localhost), an admin client certificate (CN admin, O system:masters) and
 * the service-account signing key pair.
 */
export const generateCerts = async (dir: string, certDir: string): Promise<ControlPlaneCerts> => {
  const ca = { cert: join(dir, "ca.crt"), key: join(dir, "ca.key") };
  await newKey(ca.key);
  await openssl([
    "req",
    "-x509",
    "-new",
    "-key",
    ca.key,
    "-subj",
    "/CN=fincoach-test-ca",
    "-days",
    "7",
    "-sha256",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-out",
    ca.cert,
  ]);
  const serving = await issueCert(ca, dir, "serving", {
    user: "kube-apiserver",
    sans: ["IP:127.0.0.1", "DNS:localhost"],
  });
  await run("cp", [serving.cert, join(certDir, "apiserver.crt")]);
  await run("cp", [serving.key, join(certDir, "apiserver.key")]);
  const admin = await issueCert(ca, dir, "admin", { user: "admin", groups: ["system:masters"] });
  const serviceAccountKey = join(dir, "sa.key");
  const serviceAccountPub = join(dir, "sa.pub");
  await newKey(serviceAccountKey);
  await openssl(["pkey", "-in", serviceAccountKey, "-pubout", "-out", serviceAccountPub]);
  return { ca, admin, serviceAccountKey, serviceAccountPub };
};
