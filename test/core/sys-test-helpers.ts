/** Helpers of the HTTP-level sys/ tests (mounts, auth, policies, capabilities, tools). */
import assert from "node:assert/strict";
import { type TestResponse, type TestServer, tokenWith } from "../helpers/server.js";

/** The body of a core ACL refusal (Go multierror text, as Vault sends it). */
export const DENIED = { errors: ["1 error occurred:\n\t* permission denied\n\n"] };

/** Asserts an error status with exactly one error message (equal, or matching a pattern). */
export function assertError(r: TestResponse, status: number, message: string | RegExp): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.errors?.length, 1, r.text);
  if (typeof message === "string") assert.equal(r.body.errors[0], message);
  else assert.match(r.body.errors[0], message);
}

/** Asserts the core's ACL refused the request. */
export function assertDenied(r: TestResponse): void {
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(r.body, DENIED);
}

/** Writes an ACL policy as root and returns a fresh token holding it (and `default`). */
export async function tokenWithPolicy(s: TestServer, name: string, policy: string): Promise<string> {
  const w = await s.request("PUT", `sys/policies/acl/${name}`, { token: s.rootToken, body: { policy } });
  assert.equal(w.status, 204, w.text);
  return tokenWith(s, [name]);
}

/** GET as root, asserting 200, returning the envelope's data. */
export async function readData(s: TestServer, path: string): Promise<Record<string, unknown>> {
  const r = await s.request("GET", path, { token: s.rootToken });
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.body.data;
}

/** The sorted paths of sys/mounts (or sys/auth), as root sees them. */
export async function mountPaths(s: TestServer, table: "mounts" | "auth" = "mounts"): Promise<string[]> {
  return Object.keys(await readData(s, `sys/${table}`)).sort();
}
