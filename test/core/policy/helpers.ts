import { ACL, type AclCompileOptions } from "../../../src/core/policy/acl.js";
import { parsePolicy } from "../../../src/core/policy/parse.js";
import type { AclCheckRequest } from "../../../src/core/policy/types.js";

/** Compiles policy texts named p0, p1, ... into one ACL. */
export function aclOf(docs: string[], opts?: AclCompileOptions): ACL {
  return ACL.compile(
    docs.map((d, i) => parsePolicy(`p${i}`, d)),
    opts,
  );
}

/** Whether the ACL allows `operation` on `path` (no data, no wrapping). */
export function allows(
  acl: ACL,
  operation: AclCheckRequest["operation"],
  path: string,
  extra: Partial<AclCheckRequest> = {},
) {
  return acl.check({ operation, path, ...extra }).allowed;
}
