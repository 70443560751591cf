/**
 * How tokens meet identity: a token's entity adds its own and its groups' policies at request
 * time (read from the identity store's in-memory views: no storage read per request), renders
 * templated policies, and a disabled entity's tokens are refused.
 */
import { PermissionDeniedError } from "../errors.js";
import type { IdentityService, IdentityView } from "../logical/identity.js";
import type { AclIdentity } from "./policy-store.js";

export interface TokenIdentity {
  identityPolicies: string[];
  identity: AclIdentity | null;
}

const NONE: TokenIdentity = Object.freeze({ identityPolicies: [], identity: null }) as TokenIdentity;

/** The identity part of a token with this entity id; throws when the entity is disabled. */
export function tokenIdentity(service: IdentityService | null, entityId: string): TokenIdentity {
  if (entityId === "" || !service) return NONE;
  const view = service.view(entityId);
  if (!view) return NONE;
  if (view.disabled) throw new PermissionDeniedError();
  return fromView(view);
}

export function fromView(view: IdentityView): TokenIdentity {
  return {
    identityPolicies: view.policies,
    identity: { entityId: view.entityId, generation: view.generation, template: view.template },
  };
}

/** The sorted union of a token's own policies and its identity policies. */
export function effectivePolicies(tokenPolicies: string[], identityPolicies: readonly string[]): string[] {
  if (identityPolicies.length === 0) return tokenPolicies;
  return [...new Set([...tokenPolicies, ...identityPolicies])].sort();
}
