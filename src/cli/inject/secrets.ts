/** Reading every path of a `cofre run` plan, and telling an unreachable server from a refusal. */
import type { CofreClient } from "../../client/client.js";
import { ApiError, ConnectionError } from "../../client/errors.js";
import { LeaseApi } from "../../client/leases.js";
import { readSecret, type SecretValue } from "../../client/secret-source.js";
import { CommandFailure, EXIT_REMOTE, failWith } from "../errors.js";

/** The server could not answer (down, sealed, failing): the case a fallback file is for. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof ConnectionError || (err instanceof ApiError && err.status >= 500);
}

/** Reads `path` as `readSecret` does; nothing there is an error (exit 2). */
export async function readRequired(client: CofreClient, path: string): Promise<SecretValue> {
  const value = await readSecret(client, path);
  if (!value) throw new CommandFailure(`No value found at ${path}`, EXIT_REMOTE);
  return value;
}

/**
 * Reads all paths at once. With `passUnreachable`, unreachable-server errors are thrown as they
 * are (for the fallback); other errors become `Error reading PATH: ...` (exit 2).
 * When any read fails, the leases the others obtained are revoked (best effort) before throwing.
 */
export async function readAll(
  client: CofreClient,
  paths: string[],
  passUnreachable = false,
): Promise<Map<string, SecretValue>> {
  const results = await Promise.allSettled(paths.map((path) => readRequired(client, path)));
  const failed = results.findIndex((r) => r.status === "rejected");
  if (failed === -1) {
    const values = results.map((r) => (r as PromiseFulfilledResult<SecretValue>).value);
    return new Map(values.map((v) => [v.path, v]));
  }
  const leases = new LeaseApi(client);
  await Promise.allSettled(
    results.map((r) => (r.status === "fulfilled" && r.value.lease ? leases.revoke(r.value.lease.id) : null)),
  );
  const err = (results[failed] as PromiseRejectedResult).reason;
  if (passUnreachable && isUnreachable(err)) throw err;
  return failWith(`Error reading ${paths[failed]}`)(err);
}
