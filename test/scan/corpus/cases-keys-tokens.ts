// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import type { CorpusCase, Sample } from "./define.js";
import { code } from "./define.js";
import {
  dsaKeyPem,
  ecJwk,
  ecKeyPem,
  encryptedPkcs8Pem,
  jwt,
  opensshKeyPem,
  pemBlock,
  pgpKeyBlock,
  pkcs8KeyPem,
  puttyKey,
  rsaKeyPem,
  wrap64,
} from "./makers.js";
import { ALPHABETS as A, type Rand } from "./rand.js";

function block(rule: string, make: (r: Rand) => string, label: string): CorpusCase {
  return {
    rule,
    file: "deploy/key.pem",
    positive: (r): Sample => {
      const v = make(r);
      return { text: `${v}\n`, secret: v };
    },
    // Right label, but the body is not the structure the label promises.
    nearMiss: (r) =>
      `${pemBlock(label, wrap64(Buffer.concat([Buffer.from([0x31]), r.bytes(300)]).toString("base64")))}\n`,
  };
}

const basic = (text: string) => Buffer.from(text).toString("base64");

export const keyTokenCases: CorpusCase[] = [
  block("private-key-rsa", rsaKeyPem, "RSA PRIVATE KEY"),
  block("private-key-ec", ecKeyPem, "EC PRIVATE KEY"),
  block("private-key-dsa", dsaKeyPem, "DSA PRIVATE KEY"),
  block("private-key-pkcs8", pkcs8KeyPem, "PRIVATE KEY"),
  {
    ...block("private-key-pkcs8-encrypted", encryptedPkcs8Pem, "ENCRYPTED PRIVATE KEY"),
    nearMiss: () => `${pemBlock("ENCRYPTED PRIVATE KEY", "...")}\n`,
  },
  block("private-key-openssh", opensshKeyPem, "OPENSSH PRIVATE KEY"),
  {
    ...block("private-key-pgp", pgpKeyBlock, "PGP PRIVATE KEY BLOCK"),
    nearMiss: (r) => `${pgpKeyBlock(r).replace(/\n=(.)/, (_, c: string) => `\n=${c === "A" ? "B" : "A"}`)}\n`,
  },
  {
    rule: "private-key-putty",
    file: "keys/deploy.ppk",
    positive: (r) => {
      const v = puttyKey(r);
      return { text: `${v}\n`, secret: v };
    },
    nearMiss: (r) => `${puttyKey(r).split("\nPrivate-Lines")[0]}\n`,
  },
  {
    rule: "private-key-jwk",
    file: "deploy/jwk.json",
    positive: () => {
      const v = ecJwk();
      return { text: `${v}\n`, secret: v };
    },
    nearMiss: () =>
      `${ecJwk()
        .replace(/,"d":"[^"]+"/, "")
        .replace(/"d":"[^"]+",/, "")}\n`,
  },
  {
    rule: "jwt",
    file: "src/session.ts",
    positive: (r) => {
      const v = jwt(r);
      return { text: code(v), secret: v };
    },
    nearMiss: (r) => code(`eyJ${r.str(20)}.eyJ${r.str(20)}.${r.str(30)}`),
  },
  {
    rule: "http-basic-auth-header",
    file: "scripts/call.http",
    positive: (r) => {
      const v = basic(`admin:${r.str(12)}`);
      return { text: `GET /v1/items\nAuthorization: Basic ${v}\n`, secret: v };
    },
    nearMiss: (r) => `GET /v1/items\nAuthorization: Basic ${basic(r.str(15, A.letters))}\n`,
  },
  {
    rule: "http-bearer-token",
    file: "scripts/call.http",
    positive: (r) => {
      const v = r.str(40);
      return { text: `GET /v1/items\nAuthorization: Bearer ${v}\n`, secret: v };
    },
    nearMiss: () => "GET /v1/items\nAuthorization: Bearer ${TOKEN}\n",
  },
  {
    rule: "curl-user-credentials",
    file: "scripts/deploy.sh",
    positive: (r) => {
      const v = r.str(14);
      return { text: `curl -u deploy:${v} https://api.acme.io/v1/items\n`, secret: v };
    },
    nearMiss: () => 'curl -u "$DEPLOY_USER:$DEPLOY_PASS" https://api.acme.io/v1/items\n',
  },
];
