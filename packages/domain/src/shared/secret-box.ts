import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "@fincoach/errors";

/** One AES-256 key and the id stored beside everything it seals. */
export type SecretKey = { id: string; key: Buffer };

/** The keys a process may open secrets with; `current` seals every new or rotated one. */
export type Keyring = { current: SecretKey; byId: ReadonlyMap<string, Buffer> };

/** A sealed secret as stored: base64 ciphertext with its GCM tag appended, base64 nonce, key id. */
export type SealedSecret = { ciphertext: string; nonce: string; keyId: string };

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses `id1:base64key,id2:base64key` (the first is current). Throws one line naming
 * what is wrong and where, never the key material itself.
 */
export const parseKeyring = (spec: string): Keyring => {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (entries.length === 0) throw new Error("needs at least one key as id:base64key");
  const byId = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(":");
    const id = colon < 0 ? "" : entry.slice(0, colon);
    const b64 = colon < 0 ? "" : entry.slice(colon + 1);
    const where = `key ${i + 1}${KEY_ID.test(id) ? ` ("${id}")` : ""}`;
    if (!KEY_ID.test(id)) throw new Error(`${where}: must be id:base64key with an id of letters, digits, . _ or -`);
    if (byId.has(id)) throw new Error(`${where}: the id is given twice`);
    const key = Buffer.from(b64, "base64");
    if (!BASE64.test(b64) || key.length !== KEY_BYTES) {
      throw new Error(`${where}: must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
    }
    byId.set(id, key);
  });
  const [firstId] = byId.keys();
  return { current: { id: firstId!, key: byId.get(firstId!)! }, byId };
};

/**
 * Seals a secret under the current key. `boundTo` (a connection's id) is GCM associated
 * data: the ciphertext opens only for the same value, so one copied onto another row fails.
 */
export const sealSecret = (keyring: Keyring, plaintext: string, boundTo: string): SealedSecret => {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: body.toString("base64"), nonce: nonce.toString("base64"), keyId: keyring.current.id };
};

/** A secret that cannot be opened: no retry helps until the keys or the row change. */
const unopenable = (message: string) => new AppError("INTERNAL", message, { retryable: false });

/** Opens a sealed secret; throws (without any secret in the message) on an unknown key or a failed tag. */
export const openSecret = (keyring: Keyring, sealed: SealedSecret, boundTo: string): string => {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) throw unopenable(`secret sealed with key "${sealed.keyId}", which the configured keys do not hold`);
  const body = Buffer.from(sealed.ciphertext, "base64");
  const nonce = Buffer.from(sealed.nonce, "base64");
  if (body.length < TAG_BYTES || nonce.length !== NONCE_BYTES) throw unopenable("sealed secret is malformed");
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(boundTo, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw unopenable(`secret does not open under key "${sealed.keyId}" (another key's, or another row's)`);
  }
};
