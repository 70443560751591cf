/**
 * Helpers for the HTTP tests of the seal family (init, unseal, seal, health, keyring, rekey,
 * generate-root): every response is checked for Vault's exact headers.
 */
import assert from "node:assert/strict";
import type { RequestOpts, TestResponse, TestServer } from "../helpers/server.js";

export type Send = (method: string, path: string, opts?: RequestOpts) => Promise<TestResponse>;

/** A request function that asserts `Content-Type: application/json` and `Cache-Control: no-store`. */
export function checkedRequests(server: TestServer): Send {
  return async (method, path, opts) => {
    const r = await server.request(method, path, opts);
    assert.equal(r.headers.get("content-type"), "application/json", `${method} ${path}: content-type`);
    assert.equal(r.headers.get("cache-control"), "no-store", `${method} ${path}: cache-control`);
    return r;
  };
}

/** Asserts a Vault error response: the status and exactly these messages. */
export function assertError(r: TestResponse, status: number, ...messages: string[]): void {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(r.body, { errors: messages });
}

export const PERMISSION_DENIED = "1 error occurred:\n\t* permission denied\n\n";

/** Writes an ACL policy (as root) and returns a token holding only it (plus default). */
export async function tokenWithPolicy(server: TestServer, name: string, policy: string): Promise<string> {
  const w = await server.request("PUT", `sys/policies/acl/${name}`, {
    token: server.rootToken,
    body: { policy },
  });
  assert.equal(w.status, 204, w.text);
  const c = await server.request("POST", "auth/token/create", {
    token: server.rootToken,
    body: { policies: [name] },
  });
  assert.equal(c.status, 200, c.text);
  return c.body.auth.client_token as string;
}

/** Decodes a base64 share and re-encodes it as hex (the other form operators type). */
export function toHex(base64Share: string): string {
  return Buffer.from(base64Share, "base64").toString("hex");
}

/** The same share with one byte of its value flipped: right length, wrong key. */
export function forgedShare(base64Share: string): string {
  const bytes = Buffer.from(base64Share, "base64");
  bytes[0] ^= 0xff;
  return bytes.toString("base64");
}

/** Seals `server` as root and checks that it is sealed. */
export async function sealAsRoot(server: TestServer): Promise<void> {
  const r = await server.request("PUT", "sys/seal", { token: server.rootToken });
  assert.equal(r.status, 204, r.text);
  assert.equal((await server.request("GET", "sys/seal-status")).body.sealed, true);
}

/** Submits shares until the server reports unsealed; fails if it does not. */
export async function unsealWith(server: TestServer, shares: string[]): Promise<void> {
  let last: TestResponse | undefined;
  for (const key of shares) {
    last = await server.request("PUT", "sys/unseal", { body: { key } });
    assert.equal(last.status, 200, last.text);
  }
  assert.equal(last?.body.sealed, false, "the shares should have unsealed the server");
}
