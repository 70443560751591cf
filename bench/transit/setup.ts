/**
 * Brings a fresh cofre server to the transit benchmark's starting state over its HTTP API:
 * initialised, unsealed, transit at transit/, an aes256-gcm96 key `bench`, and a token bound to a
 * policy that may only encrypt and decrypt with that key.
 */
import { call, initAndUnseal, policyToken } from "../common/api.js";

const POLICY = `path "transit/encrypt/bench" { capabilities = ["update"] }
path "transit/decrypt/bench" { capabilities = ["update"] }
`;

/** Returns the policy-bound token. */
export async function prepareTransit(base: string): Promise<string> {
  const root = await initAndUnseal(base);
  await call(base, "POST", "sys/mounts/transit", root, { type: "transit" });
  await call(base, "POST", "transit/keys/bench", root, { type: "aes256-gcm96" });
  return policyToken(base, root, "transit-bench", POLICY);
}

/** Encrypts `plaintexts` (base64) through the API, for the decrypt measures' bodies. */
export async function encryptAll(base: string, token: string, plaintexts: string[]): Promise<string[]> {
  const r = (await call(base, "POST", "transit/encrypt/bench", token, {
    batch_input: plaintexts.map((plaintext) => ({ plaintext })),
  })) as { data: { batch_results: { ciphertext: string }[] } };
  return r.data.batch_results.map((x) => x.ciphertext);
}
