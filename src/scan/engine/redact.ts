import { createHash } from "node:crypto";

/**
 * Redaction keeps a short prefix (enough to tell `ghp_` from `sk_live_`, never enough to use) and
 * a fixed mask, so the length of the secret is not shown either.
 */
export function redact(secret: string): string {
  if (secret.length <= 8) return "*****";
  const keep = Math.min(6, Math.floor(secret.length / 5));
  return `${secret.slice(0, keep)}*****`;
}

/**
 * A finding's stable id: the hex SHA-256 prefix of rule, file and secret. It does not change when
 * lines move, so baselines survive edits around an accepted finding. Like the findings themselves,
 * fingerprints of weak passwords can be guessed offline: keep baseline files as private as reports.
 */
export function fingerprint(rule: string, file: string, secret: string): string {
  return createHash("sha256").update(`${rule}\0${file}\0${secret}`).digest("hex").slice(0, 32);
}
