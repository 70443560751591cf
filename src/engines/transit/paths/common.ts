/** Pieces shared by the transit path groups. */
import { InvalidRequestError } from "../../../errors.js";
import { decodeBase64 } from "../b64.js";
import type { KeyStore } from "../key-store.js";
import type { KeyRing } from "../keyring.js";

/** A key name segment (Vault's GenericNameRegex). */
export const NAME = "(?<name>\\w(?:[\\w.@-]*\\w)?)";

/** Decodes an optional base64 field ("" = absent), with Vault's "failed to base64-decode" text. */
export function optionalBase64(text: string | undefined, field: string): Buffer | null {
  if (text === undefined || text === "") return null;
  try {
    return decodeBase64(text);
  } catch {
    throw new InvalidRequestError(`failed to base64-decode ${field}`);
  }
}

/** The key, or a 400 with `message` (Vault answers use of a missing key with 400, not 404). */
export async function requireKey(store: KeyStore, name: string, message: string): Promise<KeyRing> {
  const ring = await store.get(name);
  if (!ring) throw new InvalidRequestError(message);
  return ring;
}
