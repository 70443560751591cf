import { isValidBech32 } from "../validate/bech32.js";
import { isCofreToken } from "../validate/checksum-tokens.js";
import { base64JsonCheck } from "./checks.js";
import { family } from "./define.js";

/** Tokens of secrets managers themselves: cofre, HashiCorp Vault / OpenBao, 1Password, age. */
export const secretsManagerDetectors = family("secrets-manager", [
  {
    id: "cofre-token",
    description: "cofre token (checksum verified)",
    keywords: ["hvs.", "hvb.", "hvr."],
    pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[0-9A-Za-z]{24}(?![A-Za-z0-9_.-])/,
    check: ({ secret }) => (isCofreToken(secret) ? "high" : null),
  },
  {
    id: "vault-service-token",
    description: "HashiCorp Vault / OpenBao service token",
    keywords: ["hvs."],
    pattern: /(?<![A-Za-z0-9_.-])hvs\.[A-Za-z0-9_-]{24,400}(?![A-Za-z0-9_.-])/,
    check: ({ secret }) => (isCofreToken(secret) ? null : "medium"),
    minEntropy: 3.5,
  },
  {
    id: "vault-batch-token",
    description: "HashiCorp Vault batch token",
    keywords: ["hvb."],
    pattern: /(?<![A-Za-z0-9_.-])hvb\.[A-Za-z0-9_-]{90,600}(?![A-Za-z0-9_.-])/,
    reach: { before: 8, after: 640 },
    minEntropy: 4,
  },
  {
    id: "vault-recovery-token",
    description: "HashiCorp Vault recovery token",
    keywords: ["hvr."],
    pattern: /(?<![A-Za-z0-9_.-])hvr\.[A-Za-z0-9_-]{25,400}(?![A-Za-z0-9_.-])/,
    minEntropy: 3.5,
  },
  {
    id: "vault-legacy-token",
    description: "HashiCorp Vault legacy (s./b./r.) token",
    keywords: ["vault"],
    pattern: /vault[\w.-]{0,20}token["']?\s*[:=]\s*["']?(?<secret>[sbr]\.[A-Za-z0-9]{24})(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
  },
  {
    id: "vault-unseal-key",
    description: "HashiCorp Vault / cofre unseal key (printed by operator init)",
    keywords: ["unseal key"],
    pattern:
      /Unseal Key(?: \d{1,3})?:\s*(?<secret>[A-Za-z0-9+/]{43,44}={0,2}|[a-f0-9]{64,66})(?![A-Za-z0-9+/=])/i,
    minEntropy: 3.5,
    confidence: "high",
  },
  {
    id: "onepassword-service-account-token",
    description: "1Password service account token",
    keywords: ["ops_eyj"],
    pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/=_-]{250,2000}(?![A-Za-z0-9+/=_-])/,
    reach: { before: 8, after: 2100 },
    check: base64JsonCheck(4),
  },
  {
    id: "onepassword-secret-key",
    description: "1Password account secret key",
    keywords: ["a3-"],
    pattern:
      /(?<![A-Za-z0-9-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9])/,
    minEntropy: 3,
  },
  {
    id: "age-secret-key",
    description: "age encryption secret key",
    keywords: ["age-secret-key-1"],
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Z0-9])/,
    check: ({ secret }) => (isValidBech32(secret) ? "high" : null),
  },
]);
