import { ApiError, ConnectionError } from "../client/errors.js";
import { CofreError } from "../errors.js";

/** Exit codes, as Vault's CLI uses them. */
export const EXIT_OK = 0;
/** A local error: bad flags or arguments, a file that cannot be read, a field that is absent. */
export const EXIT_LOCAL = 1;
/** A remote error: the server refused the request or could not be reached. */
export const EXIT_REMOTE = 2;

/** Bad flags or arguments; printed as `Error: <message>`, exit 1. */
export class UsageError extends Error {}

/** A failure whose full line and exit code the command chose. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** True for failures of the server or of the connection to it. */
export function isRemoteError(err: unknown): err is ApiError | ConnectionError {
  return err instanceof ApiError || err instanceof ConnectionError;
}

/**
 * Turns a client error into `<what>: <reason>` with exit 2 (remote); other errors pass through.
 * Use as `.catch(failWith("Error reading secret/foo"))`.
 */
export function failWith(what: string, exitCode = EXIT_REMOTE): (err: unknown) => never {
  return (err: unknown) => {
    if (isRemoteError(err)) throw new CommandFailure(`${what}: ${err.message}`, exitCode);
    throw err;
  };
}

/** The one line and exit code for any error that reached the top of a command. */
export function describeFailure(err: unknown): { line: string; exitCode: number } {
  if (err instanceof CommandFailure) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof UsageError) return { line: `Error: ${err.message}`, exitCode: EXIT_LOCAL };
  if (isRemoteError(err)) return { line: `Error: ${err.message}`, exitCode: EXIT_REMOTE };
  if (err instanceof CofreError) return { line: `Error: ${err.message}`, exitCode: EXIT_LOCAL };
  const message = err instanceof Error ? err.message : String(err);
  return { line: `Error: ${message}`, exitCode: EXIT_LOCAL };
}
