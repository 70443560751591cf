/** Vault's versioned outputs: `vault:v<N>:<payload>` for ciphertexts, signatures and HMACs. */
import { InvalidRequestError } from "../../errors.js";

const PREFIX = "vault:v";

export function versioned(version: number, payload: string): string {
  return `${PREFIX}${version}:${payload}`;
}

/** Splits `vault:v<N>:<payload>`; `what` names the thing in the error ("ciphertext", "signature"). */
export function parseVersioned(text: string, what: string): { version: number; payload: string } {
  if (!text.startsWith(PREFIX)) throw new InvalidRequestError(`invalid ${what}: no prefix`);
  const rest = text.slice(PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon < 0) throw new InvalidRequestError(`invalid ${what}: wrong number of fields`);
  const digits = rest.slice(0, colon);
  if (!/^[+-]?\d{1,9}$/.test(digits)) {
    throw new InvalidRequestError(`invalid ${what}: version number could not be decoded`);
  }
  return { version: Number(digits), payload: rest.slice(colon + 1) };
}
