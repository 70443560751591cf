/**
 * The contract between the core and the identity store (identity/): the core resolves login
 * aliases into entities, adds entity and group policies to a token's own at request time, renders
 * `{{identity...}}` policy templates and enforces login MFA through this port; the identity store
 * asks the core about auth mounts and the caller's privileges through its host.
 */
import type { Backend, BackendContext, RequestAuth } from "./types.js";

/** The data `{{identity....}}` policy templates read (same shape as the policy layer's input). */
export interface IdentityTemplateData {
  entity?: {
    id: string;
    name: string;
    metadata: Record<string, string>;
    /** Keyed by the auth mount accessor. */
    aliases: Record<
      string,
      { id: string; name: string; metadata: Record<string, string>; custom_metadata: Record<string, string> }
    >;
  };
  groups?: Array<{ id: string; name: string; metadata: Record<string, string> }>;
}

/** An entity as the core sees it on every request: computed once per identity change. */
export interface IdentityView {
  entityId: string;
  name: string;
  disabled: boolean;
  /** The entity's policies and those of every group it belongs to (transitively): sorted, unique. */
  policies: string[];
  /** Direct and inherited group ids. */
  groupIds: string[];
  template: IdentityTemplateData;
  /** The identity generation this view was computed under. */
  generation: number;
}

export interface LoginAlias {
  mountAccessor: string;
  mountType: string;
  name: string;
  metadata: Record<string, string>;
  /**
   * The group names the auth method reported (jwt's groups_claim). When given, the entity's
   * external group memberships through this mount are set to the groups aliased by these names.
   */
  groupNames?: string[];
}

/** One login MFA enforcement that applies to a login, as Vault's `mfa_constraints` shows it. */
export interface MfaConstraint {
  enforcement: string;
  methods: Array<{ type: string; id: string; name: string; uses_passcode: boolean }>;
}

export interface LoginMfaPort {
  /** The enforcements that apply to a login on this mount by this entity (empty: no MFA). */
  constraintsFor(login: { mountAccessor: string; mountType: string; entityId: string }): MfaConstraint[];
  /**
   * Checks the credentials (method id or name -> passcodes) against every constraint; throws
   * PermissionDeniedError when one is not satisfied. A code accepted once is never accepted again.
   */
  validate(entityId: string, constraints: MfaConstraint[], creds: Record<string, string[]>): Promise<void>;
}

export interface IdentityService {
  /** Bumped by every identity write; views and templated ACLs built under an older one are stale. */
  generation(): number;
  /** The entity's current view, from memory (no storage read), or null when there is none. */
  view(entityId: string): IdentityView | null;
  /** Finds or creates the entity of a login alias (one per mount accessor and normalised name). */
  entityForLogin(alias: LoginAlias): Promise<IdentityView>;
  readonly mfa: LoginMfaPort;
}

/** What the identity store needs from the core. */
export interface IdentityHost {
  /** The auth mount with this accessor, if one is mounted. */
  authMount(accessor: string): { type: string; path: string } | undefined;
  /** Every auth mount. */
  authMounts(): Array<{ accessor: string; type: string; path: string }>;
  /** Whether this caller may attach the `root` policy: root, or `sudo` on sys/policies/acl/*. */
  mayAttachRoot(auth: RequestAuth | undefined): Promise<boolean>;
}

export interface IdentityBackendContext extends BackendContext {
  host: IdentityHost;
}

export interface IdentityBackend extends Backend {
  readonly identity: IdentityService;
}

export type IdentityBackendFactory = (
  ctx: IdentityBackendContext,
) => Promise<IdentityBackend> | IdentityBackend;
