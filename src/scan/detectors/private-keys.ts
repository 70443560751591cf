import type { CheckInput, Confidence } from "../types.js";
import { checkDerKey, checkOpenSshKey, checkPgpKey } from "../validate/pem.js";
import { type DetectorSpec, family } from "./define.js";

// Markers are assembled from parts so this file holds no literal key header.
const DASHES = "-{5}";
const REACH = { before: 16, after: 70000, multiline: true };

function block(
  id: string,
  description: string,
  label: string,
  check: (inner: string) => Confidence | null,
): DetectorSpec {
  const pattern = new RegExp(
    `${DASHES}BEGIN ${label}${DASHES}(?<secret>[\\s\\S]{40,65536}?)${DASHES}END ${label}${DASHES}`,
  );
  return {
    id,
    description,
    keywords: [`begin ${label.toLowerCase()}`],
    pattern,
    reach: REACH,
    skipPlaceholderCheck: true,
    check: ({ secret }: CheckInput) => check(secret),
  };
}

const PK = "PRIVATE KEY";

/** Private key blocks (PEM, OpenSSH, OpenPGP, PuTTY) validated by their structure. */
export const privateKeyDetectors = family("private-key", [
  block("private-key-rsa", "RSA private key (PKCS#1 PEM)", `RSA ${PK}`, (s) => checkDerKey(s, false)),
  block("private-key-ec", "EC private key (SEC1 PEM)", `EC ${PK}`, (s) => checkDerKey(s, false)),
  block("private-key-dsa", "DSA private key (PEM)", `DSA ${PK}`, (s) => checkDerKey(s, false)),
  block("private-key-pkcs8", "Private key (PKCS#8 PEM)", PK, (s) => checkDerKey(s, false)),
  block("private-key-pkcs8-encrypted", "Encrypted private key (PKCS#8 PEM)", `ENCRYPTED ${PK}`, (s) =>
    checkDerKey(s, true),
  ),
  block("private-key-openssh", "OpenSSH private key", `OPENSSH ${PK}`, checkOpenSshKey),
  block("private-key-pgp", "OpenPGP private key block", `PGP ${PK} BLOCK`, checkPgpKey),
  {
    id: "private-key-putty",
    description: "PuTTY private key (.ppk)",
    keywords: ["putty-user-key-file-"],
    pattern:
      /PuTTY-User-Key-File-[23]: [a-z0-9-]+\r?\nEncryption: (?<enc>[a-z0-9-]+)[\s\S]{0,8000}?Private-Lines: \d+\r?\n(?<secret>[A-Za-z0-9+/=\r\n]{40,8000}?)\r?\nPrivate-MAC: [a-f0-9]{40,64}/,
    reach: { before: 8, after: 20000, multiline: true },
    skipPlaceholderCheck: true,
    check: ({ match }) => (match.groups?.enc === "none" ? "high" : "medium"),
  },
  {
    id: "private-key-jwk",
    description: "JSON Web Key with private parameters",
    keywords: ['"kty"'],
    pattern:
      /"kty"\s*:\s*"(?:RSA|EC|OKP)"[^{}]{0,4000}?"d"\s*:\s*"(?<secret>[A-Za-z0-9_-]{32,1000})"|"d"\s*:\s*"(?<secret2>[A-Za-z0-9_-]{32,1000})"[^{}]{0,4000}?"kty"\s*:\s*"(?:RSA|EC|OKP)"/,
    reach: { before: 4200, after: 4200, multiline: true },
    confidence: "high",
    minEntropy: 4,
  },
]);
