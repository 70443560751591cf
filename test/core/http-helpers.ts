/** Small helpers shared by the HTTP-level core tests (test/core/http-*.test.ts). */
import assert from "node:assert/strict";
import type { TestResponse, TestServer } from "../helpers/server.js";

/** Writes an ACL policy as root; fails the test if the server refuses it. */
export async function writePolicy(s: TestServer, name: string, policy: string): Promise<void> {
  const r = await s.request("PUT", `sys/policies/acl/${name}`, { token: s.rootToken, body: { policy } });
  assert.equal(r.status, 204, `writing policy ${name}: ${r.text}`);
}

/** Every token accessor, as root sees them (to check that a refused request minted nothing). */
export async function accessors(s: TestServer): Promise<string[]> {
  const r = await s.request("LIST", "auth/token/accessors", { token: s.rootToken });
  assert.equal(r.status, 200, r.text);
  return r.body.data.keys as string[];
}

/** The Go multierror text Vault's core answers permission errors with. */
export const PERMISSION_DENIED = "1 error occurred:\n\t* permission denied\n\n";
export const INVALID_TOKEN = "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

/** Asserts a 403 `permission denied` (the caller's token is valid but the ACL refuses). */
export function assertDenied(r: TestResponse): void {
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(r.body, { errors: [PERMISSION_DENIED] });
}

/** Asserts a 403 for a token that is unknown, expired, used up or revoked. */
export function assertInvalidToken(r: TestResponse): void {
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(r.body, { errors: [INVALID_TOKEN] });
}

/** Asserts a 400 whose single error message matches. */
export function assertBadRequest(r: TestResponse, message: string | RegExp): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.errors.length, 1, r.text);
  if (typeof message === "string") assert.equal(r.body.errors[0], message);
  else assert.match(r.body.errors[0], message);
}

/** The envelope keys every JSON success answer carries (reference 1.3). */
export const ENVELOPE_KEYS = [
  "auth",
  "data",
  "lease_duration",
  "lease_id",
  "mount_type",
  "renewable",
  "request_id",
  "warnings",
  "wrap_info",
];

export function assertEnvelope(r: TestResponse, status = 200): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.headers.get("content-type"), "application/json");
  assert.deepEqual(Object.keys(r.body).sort(), ENVELOPE_KEYS);
}
