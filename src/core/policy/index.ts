/** ACL policies: parse policy documents, compile a token's policies, check requests. */
export { ACL, type AclCompileOptions } from "./acl.js";
export {
  assertPolicyDeletable,
  assertPolicyWritable,
  DEFAULT_POLICY,
  DEFAULT_POLICY_NAME,
  isListedPolicy,
  normalisePolicyName,
  RESPONSE_WRAPPING_POLICY,
  RESPONSE_WRAPPING_POLICY_NAME,
  ROOT_POLICY_NAME,
} from "./builtin.js";
export { capabilityForOperation } from "./capabilities.js";
export { parsePolicy } from "./parse.js";
export type {
  AclCheckRequest,
  AclCheckResult,
  AclPolicy,
  Capability,
  IdentityTemplateInput,
  PathRule,
  TemplateAlias,
} from "./types.js";
