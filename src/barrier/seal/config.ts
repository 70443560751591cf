/**
 * The Shamir seal configuration: how many key shares exist and how many unseal. Stored in
 * plaintext at core/seal-config (it is needed before anything can be decrypted).
 */
import { InternalError } from "../../errors.js";
import { KEY_BYTES } from "../value-format.js";

export interface SealConfig {
  type: "shamir";
  secret_shares: number;
  secret_threshold: number;
}

export interface ShareParams {
  secretShares: number;
  secretThreshold: number;
}

/** Vault's validation of a shares/threshold pair: the problem, or null when valid. */
export function shareParamsProblem(p: ShareParams): string | null {
  if (!Number.isInteger(p.secretShares)) return "shares must be an integer";
  if (!Number.isInteger(p.secretThreshold)) return "threshold must be an integer";
  if (p.secretShares < 1) return "shares must be at least one";
  if (p.secretThreshold < 1) return "threshold must be at least one";
  if (p.secretShares > 1 && p.secretThreshold === 1) {
    return "threshold must be greater than one for multiple shares";
  }
  if (p.secretShares > 255) return "shares must be less than 256";
  if (p.secretThreshold > 255) return "threshold must be less than 256";
  if (p.secretThreshold > p.secretShares) return "threshold cannot be larger than shares";
  return null;
}

export function sealConfigOf(p: ShareParams): SealConfig {
  return { type: "shamir", secret_shares: p.secretShares, secret_threshold: p.secretThreshold };
}

/** Bytes in one key share: the unseal key itself when there is one share, else a Shamir share. */
export function shareLength(config: SealConfig): number {
  return config.secret_shares === 1 ? KEY_BYTES : KEY_BYTES + 1;
}

export function encodeSealConfig(config: SealConfig): Uint8Array {
  return Buffer.from(JSON.stringify(config), "utf8");
}

export function decodeSealConfig(bytes: Uint8Array): SealConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new InternalError("stored seal configuration is not valid JSON");
  }
  const c = parsed as Partial<SealConfig> | null;
  // Number.isInteger (in shareParamsProblem) rejects anything that is not a number.
  const params = { secretShares: c?.secret_shares as number, secretThreshold: c?.secret_threshold as number };
  if (c?.type !== "shamir" || shareParamsProblem(params) !== null) {
    throw new InternalError("stored seal configuration is invalid");
  }
  return sealConfigOf(params);
}
