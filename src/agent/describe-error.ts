/** One safe line for an error the agent reports: what failed and where, never a value. */
import { ConnectionError } from "../client/errors.js";
import type { VaultSettings } from "./config/types.js";

export function describeError(err: unknown, vault: Pick<VaultSettings, "address" | "addressFrom">): string {
  if (err instanceof ConnectionError) {
    return `cannot reach the server at ${vault.address} (address from ${vault.addressFrom}): ${err.message}`;
  }
  if (err instanceof Error) return err.message;
  return "unknown error";
}

/** The agent cannot go on (a login failed with exit_on_err, retries ran out with exit_on_retry_failure). */
export class AgentFatalError extends Error {}

/** Work given up because the agent is stopping (not a failure). */
export class AgentStoppedError extends Error {}
