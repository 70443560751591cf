/** The shapes of parsed ACL policies, the identity data templates read, and ACL check results. */
import type { HclValue } from "../../hcl/index.js";
import type { Operation } from "../../logical/types.js";

/**
 * Capabilities a path stanza may grant. `subscribe` (Vault events) and `recover` are accepted
 * for compatibility with Vault policies; no operation of cofre requires them.
 */
export type Capability =
  | "create"
  | "read"
  | "update"
  | "patch"
  | "delete"
  | "list"
  | "sudo"
  | "deny"
  | "subscribe"
  | "recover";

/** One `path "<pattern>" { ... }` stanza. */
export interface PathRule {
  /** The pattern as written minus one leading "/": may end in `*`, hold `+` segments and templates. */
  path: string;
  /** Sorted and de-duplicated; exactly `["deny"]` for a deny stanza (which keeps no constraints). */
  capabilities: Capability[];
  /** Lower-cased parameter name -> permitted values (an empty list permits any value). */
  allowedParameters?: Record<string, HclValue[]>;
  /** Lower-cased parameter name -> refused values (an empty list refuses any value). */
  deniedParameters?: Record<string, HclValue[]>;
  /** Lower-cased names that must be present in the request data. */
  requiredParameters: string[];
  /** Seconds; 0 = no bound. */
  minWrappingTTL: number;
  maxWrappingTTL: number;
  comment?: string;
  /** True when `path` holds `{{identity...}}` templates, resolved per token by ACL.compile. */
  templated: boolean;
}

export interface AclPolicy {
  name: string;
  /** The policy text as submitted. */
  raw: string;
  paths: PathRule[];
  /** True when any stanza is templated: a compiled ACL then depends on the token's identity. */
  templated: boolean;
}

export interface TemplateAlias {
  id: string;
  name: string;
  metadata: Record<string, string>;
  custom_metadata: Record<string, string>;
}

/** The identity data `{{identity....}}` templates read. */
export interface IdentityTemplateInput {
  entity?: {
    id: string;
    name: string;
    metadata: Record<string, string>;
    /** Keyed by the auth mount accessor. */
    aliases: Record<string, TemplateAlias>;
  };
  groups?: Array<{ id: string; name: string; metadata: Record<string, string> }>;
}

export interface AclCheckRequest {
  operation: Operation;
  /** Full request path (leading slashes are ignored). */
  path: string;
  /** Client-sent request data (parameters are checked for read/create/update/patch). */
  data?: Readonly<Record<string, unknown>>;
  /** Requested response-wrapping TTL in seconds, 0 or absent when none. */
  wrapTTL?: number;
  /** The path is root-protected (a backend sudo path): `sudo` is required as well. */
  rootProtected?: boolean;
}

export interface AclCheckResult {
  allowed: boolean;
  /** The token holds the root policy. */
  isRoot: boolean;
  /** The rule that decided the path grants `sudo` (always true for root). */
  sudo: boolean;
  /** Capabilities of the deciding rule, sorted (`["deny"]` when none, `["root"]` for root). */
  capabilities: string[];
  /** Policies that granted the capability the operation needed. */
  grantingPolicies: string[];
  /** Why access was refused: for server-side diagnostics and audit, never needed by clients. */
  reason?: string;
}
