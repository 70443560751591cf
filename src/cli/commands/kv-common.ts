/** Pieces shared by the `cofre kv ...` commands. */
import type { Command } from "commander";
import type { KvTarget } from "../../client/kv.js";
import type { SecretResponse } from "../../client/types.js";
import { CommandFailure, EXIT_LOCAL, failWith } from "../errors.js";
import { outputData, outputSecret, rawField } from "../output/secret.js";
import { headerForMap, padEqualSigns } from "../output/table.js";
import type { Session } from "../session.js";
import { withClientFlags } from "../session.js";

export interface KvFlags {
  mount?: string;
}

/** A kv leaf command with the HTTP/output flags and `-mount`. */
export function kvCommand(parent: Command, name: string, description: string): Command {
  return withClientFlags(parent.command(name).description(description))
    .option("--mount <path>", "KV mount; the PATH argument is then relative to it")
    .allowExcessArguments();
}

/** Detects the mount's KV version and rewrites the path for `apiPrefix` (see KvApi.resolve). */
export async function resolveKv(s: Session, path: string, apiPrefix: string, o: KvFlags): Promise<KvTarget> {
  return s.client.kv
    .resolve(path, apiPrefix, { mount: o.mount })
    .catch(failWith(`Error reading the KV mount of ${path}`));
}

/** Refuses a v2-only operation on a v1 mount. */
export function requireV2(target: KvTarget, message: string): void {
  if (target.version !== 2) throw new CommandFailure(message, EXIT_LOCAL);
}

/** `== Secret Path ==` and the path, as Vault prints above a v2 result. */
export function printPath(s: Session, title: string, path: string): void {
  s.out.line(padEqualSigns(title, path.length));
  s.out.line(path);
  s.out.line();
}

/** Output of a KV write (put, patch, rollback): the new version's metadata on v2. */
export function printKvWrite(s: Session, target: KvTarget, secret: SecretResponse | null): number {
  if (!secret) {
    if (s.format === "table") s.out.line(`Success! Data written to: ${target.apiPath}`);
    return 0;
  }
  if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
  if (s.format !== "table" || target.version !== 2 || !secret.data) return outputSecret(s.out, secret);
  s.out.warnings(secret.warnings);
  printPath(s, "Secret Path", target.apiPath);
  s.out.line(headerForMap("Metadata", secret.data));
  return outputData(s.out, secret.data);
}

/** Vault's success line for a delete. */
export function printDeleted(s: Session, path: string): number {
  s.out.line(`Success! Data deleted (if it existed) at: ${path}`);
  return 0;
}
