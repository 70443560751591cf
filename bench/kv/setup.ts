/**
 * Brings a fresh cofre server to the benchmark's starting state over its HTTP API: initialised
 * (one share), unsealed, kv-v2 at secret/, a `bench` policy on secret/data/bench/*, a token bound
 * to that policy only, and one secret pre-written for the read test.
 */
import { call, callText, initAndUnseal, policyToken } from "../common/api.js";

export interface BenchState {
  /** The policy-bound (non-root) token the load uses. */
  token: string;
  /** API path of the pre-written secret, e.g. "/v1/secret/data/bench/read". */
  readPath: string;
  /** The exact body a read of it returns (its size sets the bare server's body). */
  readBody: string;
  /** The JSON body every write sends. */
  writeBody: string;
}

const POLICY = `path "secret/data/bench/*" {
  capabilities = ["create", "read", "update"]
}
`;

export async function prepareCofre(base: string, secret: Record<string, string>): Promise<BenchState> {
  const root = await initAndUnseal(base);
  await call(base, "POST", "sys/mounts/secret", root, { type: "kv", options: { version: "2" } });
  const token = await policyToken(base, root, "bench", POLICY);
  await call(base, "POST", "secret/data/bench/read", token, { data: secret });
  const readBody = await callText(base, "GET", "secret/data/bench/read", token);
  return {
    token,
    readPath: "/v1/secret/data/bench/read",
    readBody,
    writeBody: JSON.stringify({ data: secret }),
  };
}
