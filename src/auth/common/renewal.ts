/** What every auth method checks when one of its login tokens is renewed. */
import { InvalidRequestError } from "../../errors.js";

/**
 * Vault refuses a renewal when the role (or user) no longer grants the policies the token was
 * issued with: `internal.policies` (kept with the token at login) must equal `current`, in order.
 */
export function checkPoliciesUnchanged(internal: Record<string, unknown>, current: readonly string[]): void {
  const issued = Array.isArray(internal.policies) ? internal.policies.map(String) : [];
  if (issued.length !== current.length || issued.some((p, i) => p !== current[i])) {
    throw new InvalidRequestError("policies have changed, not renewing");
  }
}
