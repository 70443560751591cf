import { InvalidRequestError } from "../../../errors.js";
import type { LogicalRequest } from "../../../logical/types.js";
import type { TokenStore } from "../store.js";
import type { TokenEntry } from "../types.js";

/** The calling token, as the parent of a token being created. */
export async function parentOf(store: TokenStore, req: LogicalRequest): Promise<TokenEntry> {
  const entry = await store.lookup(req.clientToken);
  if (!entry) throw new InvalidRequestError("parent token lookup failed: no parent found");
  return entry;
}

/** Root, or the ACL granted `sudo` on this request's path. */
export function callerHasSudo(req: LogicalRequest): boolean {
  return req.auth?.hasSudo === true || req.auth?.isRoot === true;
}

export function required(value: string | undefined, message: string): string {
  if (!value) throw new InvalidRequestError(message);
  return value;
}
