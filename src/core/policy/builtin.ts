/**
 * Built-in policies and the rules for their names (vault-api-core 2.7, 3.6):
 * - `root`: implicit, never stored, cannot be read as text, written or deleted; allows everything.
 * - `default`: stored at first unseal if absent (never overwritten), editable, not deletable.
 * - `response-wrapping`: held by wrapping tokens only; immutable, unassignable, hidden from lists.
 */
import { InvalidRequestError } from "../../errors.js";

export const ROOT_POLICY_NAME = "root";
export const DEFAULT_POLICY_NAME = "default";
export const RESPONSE_WRAPPING_POLICY_NAME = "response-wrapping";

/** Lets a token look after itself and use the common utilities. */
export const DEFAULT_POLICY = `# The default policy: attached to every token unless it was created with no_default_policy.
# It lets a token look itself up, renew and revoke itself, check its own capabilities and use a
# few utilities. Edit it to suit; it cannot be deleted.

path "auth/token/lookup-self" {
  capabilities = ["read"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/revoke-self" {
  capabilities = ["update"]
}

path "sys/capabilities-self" {
  capabilities = ["update"]
}

# The UI asks which paths the token's policies open.
path "sys/internal/ui/resultant-acl" {
  capabilities = ["read"]
}

# Renewing and looking up leases (the token must still know the lease id).
path "sys/renew" {
  capabilities = ["update"]
}

path "sys/leases/renew" {
  capabilities = ["update"]
}

path "sys/leases/lookup" {
  capabilities = ["update"]
}

# Every token has a private cubbyhole that dies with it.
path "cubbyhole/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

# Response wrapping: wrap data, look up and unwrap wrapping tokens.
path "sys/wrapping/wrap" {
  capabilities = ["update"]
}

path "sys/wrapping/lookup" {
  capabilities = ["update"]
}

path "sys/wrapping/unwrap" {
  capabilities = ["update"]
}

# Hashing helpers.
path "sys/tools/hash" {
  capabilities = ["update"]
}

path "sys/tools/hash/*" {
  capabilities = ["update"]
}

# OIDC provider authorization endpoint.
path "identity/oidc/provider/+/authorize" {
  capabilities = ["read", "update"]
}
`;

/** What a wrapping token may do: read its cubbyhole response and unwrap. */
export const RESPONSE_WRAPPING_POLICY = `path "cubbyhole/response" {
  capabilities = ["create", "read"]
}

path "sys/wrapping/unwrap" {
  capabilities = ["update"]
}
`;

/** Policy names are stored trimmed and lower-cased. */
export function normalisePolicyName(name: string): string {
  return name.trim().toLowerCase();
}

/** Throws unless a policy of this (normalised) name may be created or replaced through the API. */
export function assertPolicyWritable(name: string): void {
  if (name === "") throw new InvalidRequestError("policy name is missing");
  if (name === ROOT_POLICY_NAME) throw new InvalidRequestError('cannot update "root" policy');
  if (name === RESPONSE_WRAPPING_POLICY_NAME) {
    throw new InvalidRequestError('cannot update "response-wrapping" policy');
  }
}

/** Throws unless a policy of this (normalised) name may be deleted. */
export function assertPolicyDeletable(name: string): void {
  if (name === ROOT_POLICY_NAME) throw new InvalidRequestError('cannot delete "root" policy');
  if (name === DEFAULT_POLICY_NAME) throw new InvalidRequestError("cannot delete default policy");
  if (name === RESPONSE_WRAPPING_POLICY_NAME) {
    throw new InvalidRequestError('cannot delete "response-wrapping" policy');
  }
}

/** Whether a stored policy name appears in policy lists (response-wrapping is hidden). */
export function isListedPolicy(name: string): boolean {
  return name !== RESPONSE_WRAPPING_POLICY_NAME;
}
