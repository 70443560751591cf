import { generateKeyPairSync } from "node:crypto";
import { awsKeyIdBodyFor } from "../../../src/scan/validate/aws.js";
import { encodeBech32 } from "../../../src/scan/validate/bech32.js";
import { checksumSuffix } from "../../../src/scan/validate/checksum-tokens.js";
import { crc32 } from "../../../src/scan/validate/crc32.js";
import { crc24 } from "../../../src/scan/validate/pem.js";
import { ALPHABETS, type Rand } from "./rand.js";

/** Builders of format-valid credentials from random bytes, for the corpus. Nothing here is real. */

// Key block markers are assembled so that no committed file holds a literal key header.
const D5 = "-----";
export const pemBlock = (label: string, body: string): string =>
  `${D5}BEGIN ${label}${D5}\n${body}\n${D5}END ${label}${D5}`;

export function wrap64(b64: string, width = 64): string {
  return b64.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");
}

export function crcToken(prefix: string, r: Rand): string {
  const random = r.str(30);
  return `${prefix}${random}${checksumSuffix(random)}`;
}

export function awsKeyId(r: Rand, prefix = "AKIA"): string {
  return prefix + awsKeyIdBodyFor(r.int(1e12), r.str(6, ALPHABETS.base32));
}

/** An id whose embedded account number is out of range: AWS never issues it. */
export function impossibleAwsKeyId(r: Rand): string {
  return `AKIA${awsKeyIdBodyFor(2 ** 40 - 1 - r.int(1000), r.str(6, ALPHABETS.base32))}`;
}

export function jwt(r: Rand): string {
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({ sub: r.str(10, ALPHABETS.digits), iat: 1700000000 + r.int(1e7) }),
  ).toString("base64url");
  return `${header}.${payload}.${r.base64url(32)}`;
}

export function hexCrcTail(body: string): string {
  return body + crc32(body).toString(16).toUpperCase().padStart(8, "0");
}

export function grafanaServiceAccount(r: Rand): string {
  const head = `glsa_${r.str(32)}`;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(head));
  return `${head}_${sum.toString("hex")}`;
}

export function ageKey(r: Rand): string {
  const words = Array.from(r.bytes(52), (b) => b & 31);
  return encodeBech32("age-secret-key-", words).toUpperCase();
}

// --- key blocks -------------------------------------------------------------------------------

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

/** A structurally valid DSA private key (SEQUENCE of six INTEGERs of random bytes). */
export function dsaKeyPem(r: Rand): string {
  const int = (n: number) => der(0x02, Buffer.concat([Buffer.from([0x00]), r.bytes(n)]));
  const seq = der(
    0x30,
    Buffer.concat([der(0x02, Buffer.from([0])), int(128), int(20), int(128), int(128), int(20)]),
  );
  return pemBlock("DSA PRIVATE KEY", wrap64(seq.toString("base64")));
}

export function rsaKeyPem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 1024 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString()
    .trim();
}

export function ecKeyPem(): string {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .privateKey.export({ type: "sec1", format: "pem" })
    .toString()
    .trim();
}

export function pkcs8KeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim();
}

export function encryptedPkcs8Pem(r: Rand): string {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: r.str(16) })
    .toString()
    .trim();
}

export function ecJwk(): string {
  return JSON.stringify(
    generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "jwk" }),
  );
}

function sshString(b: Buffer | string): Buffer {
  const body = typeof b === "string" ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

export function opensshKeyPem(r: Rand): string {
  const pub = Buffer.concat([sshString("ssh-ed25519"), sshString(r.bytes(32))]);
  const check = r.bytes(4);
  const priv = Buffer.concat([
    check,
    check,
    sshString("ssh-ed25519"),
    sshString(r.bytes(32)),
    sshString(r.bytes(64)),
    sshString(""),
  ]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const blob = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    count,
    sshString(pub),
    sshString(priv),
  ]);
  return pemBlock("OPENSSH PRIVATE KEY", wrap64(blob.toString("base64"), 70));
}

export function pgpKeyBlock(r: Rand): string {
  const body = Buffer.concat([Buffer.from([0x04]), r.bytes(4), Buffer.from([0x16]), r.bytes(200)]);
  const packet = Buffer.concat([Buffer.from([0x95, body.length >> 8, body.length & 0xff]), body]);
  const sum = crc24(packet);
  const armor = Buffer.from([sum >> 16, (sum >> 8) & 0xff, sum & 0xff]).toString("base64");
  return pemBlock("PGP PRIVATE KEY BLOCK", `\n${wrap64(packet.toString("base64"))}\n=${armor}`);
}

export function puttyKey(r: Rand): string {
  return [
    "PuTTY-User-Key-File-2: ssh-rsa",
    "Encryption: none",
    "Comment: rsa-key-20240101",
    "Public-Lines: 2",
    wrap64(r.base64(96)),
    "Private-Lines: 2",
    wrap64(r.base64(96)),
    `Private-MAC: ${r.hex(40)}`,
  ].join("\n");
}
