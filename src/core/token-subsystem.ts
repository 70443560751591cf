/**
 * Tokens and leases as the rest of the core uses them: the token store and the expiration
 * manager wired to each other and to the router (a lease is renewed or revoked by the backend of
 * the mount that issued it).
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError, InvalidTokenError, PermissionDeniedError } from "../errors.js";
import type { PathDef } from "../logical/framework.js";
import type { IdentityService } from "../logical/identity.js";
import type { Backend, ConnectionInfo, LogicalRequest, StorageView } from "../logical/types.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import { ExpirationManager, LEASE_SUDO_PATHS, leasePaths } from "./expiration/index.js";
import type { LeaseRecord } from "./expiration/types.js";
import { effectivePolicies, type TokenIdentity, tokenIdentity } from "./identity-link.js";
import { LoginFlow } from "./login-flow.js";
import type { Route, Router } from "./mounts/router.js";
import type { MountEntry } from "./mounts/types.js";
import type { Caller, LeasePort, TokenPort } from "./pipeline/deps.js";
import type { LoginRenewal, TokenEntry } from "./token/index.js";
import { TokenStore, tokenBackend, toRequestAuth } from "./token/index.js";
import type { WrappingTokenPort } from "./wrapping.js";

type TTLs = { defaultLeaseTTL: number; maxLeaseTTL: number };

export interface TokenSubsystemDeps {
  storage: StorageView;
  leaseStorage: StorageView;
  clock: Clock;
  logger: Logger;
  router: Router;
  ttlsOf(entry: MountEntry): TTLs;
  policyExists(name: string): Promise<boolean>;
  onTokenRevoked(accessor: string): Promise<void>;
  /** The identity store, once identity/ is mounted (null while sealed). */
  identity(): IdentityService | null;
}

function callerOf(entry: TokenEntry, id: TokenIdentity): Caller {
  return {
    entry,
    tokenHash: entry.hash,
    policies: effectivePolicies(entry.policies, id.identityPolicies),
    identityPolicies: id.identityPolicies,
    identity: id.identity,
    numUses: entry.numUses,
  };
}

const NO_CONNECTION: ConnectionInfo = { remoteAddress: "", remotePort: 0, tls: false };

/** The request a backend sees for a lease's renewal or revocation (by the client's request, if any). */
function leaseRequest(
  path: string,
  route: Route,
  lease: LeaseRecord,
  increment: number,
  connection: ConnectionInfo = NO_CONNECTION,
): LogicalRequest {
  const mountPath = route.mountPath;
  return {
    id: randomUUID(),
    operation: increment >= 0 ? "renew" : "revoke",
    path: path.startsWith(mountPath) ? path.slice(mountPath.length) : path,
    data: {},
    headers: {},
    clientToken: "",
    connection,
    wrapTTL: 0,
    mount: { path: mountPath, type: route.entry.type, accessor: route.entry.accessor },
    lease: {
      leaseId: lease.leaseId,
      internal: lease.internal,
      issueTime: lease.issueTime,
      ttl: lease.ttl,
      increment: Math.max(0, increment),
    },
  };
}

export class TokenSubsystem implements WrappingTokenPort {
  readonly store: TokenStore;
  readonly expiration: ExpirationManager;
  readonly backend: Backend;
  readonly port: TokenPort;
  readonly leases: LeasePort;
  /** Logins: alias to entity, login MFA, minting. */
  readonly logins: LoginFlow;

  constructor(private readonly deps: TokenSubsystemDeps) {
    this.expiration = new ExpirationManager({
      storage: deps.leaseStorage,
      clock: deps.clock,
      logger: deps.logger,
      revokeSecret: (lease) => this.revokeSecret(lease),
      renewSecret: (lease, increment) => this.renewSecret(lease, increment),
      revokeToken: (hash) => this.store.revokeTree(hash),
      tokenExists: (hash) => this.store.exists(hash),
    });
    this.store = new TokenStore({
      storage: deps.storage,
      clock: deps.clock,
      logger: deps.logger,
      expiration: this.expiration,
      policyExists: deps.policyExists,
      ttls: () => this.tokenMountTTLs(),
      mountAccessor: () => deps.router.get("auth/token/")?.entry.accessor ?? "",
      renewLogin: (entry, increment, connection) => this.renewLogin(entry, increment, connection),
      onRevoked: (entry) => deps.onTokenRevoked(entry.accessor),
      entityForAlias: async (name, mountAccessor) => {
        const identity = deps.identity();
        if (!identity) throw new InvalidRequestError("entity aliases are not supported by this server");
        const view = await identity.entityForLogin({ mountAccessor, mountType: "token", name, metadata: {} });
        if (view.disabled) throw new PermissionDeniedError();
        return view.entityId;
      },
      identityPolicies: (entityId) => deps.identity()?.view(entityId)?.policies ?? [],
    });
    this.backend = tokenBackend(this.store);
    this.logins = new LoginFlow(this.store, deps.identity, deps.clock);
    const store = this.store;
    this.port = {
      resolve: async (raw, remote) => {
        const entry = await store.resolve(raw, remote);
        return entry ? callerOf(entry, tokenIdentity(deps.identity(), entry.entityId)) : null;
      },
      toRequestAuth: (caller, hasSudo) => {
        const auth = toRequestAuth(caller.entry as TokenEntry, hasSudo);
        if (caller.identityPolicies.length === 0) return auth;
        return { ...auth, policies: [...caller.policies], identityPolicies: [...caller.identityPolicies] };
      },
      beginUse: async (caller) => {
        const entry = caller.entry as TokenEntry;
        const { allowed, revokeAfter } = await store.consumeUse(entry);
        if (!allowed) throw new InvalidTokenError();
        return { finish: async () => (revokeAfter ? store.revokeTree(entry.hash) : undefined) };
      },
      createFromAuth: (auth, ctx) => this.logins.login(auth, ctx),
    };
    this.leases = {
      registerSecret: async ({ path, mount, secret, caller, ttls }) => {
        const owner = caller ? store.leaseOwner(caller.entry as TokenEntry) : { tokenHash: "" };
        return this.expiration.registerSecret({
          path,
          mountAccessor: mount.accessor,
          secret: {
            ttl: secret.ttl,
            maxTTL: secret.maxTTL,
            renewable: secret.renewable,
            internal: secret.internal,
          },
          tokenHash: owner.tokenHash,
          notAfter: owner.notAfter,
          ttls,
        });
      },
    };
  }

  /** sys/leases/* and the legacy sys/renew, sys/revoke* paths. */
  leasePathGroup(): { paths: PathDef[]; sudo: string[] } {
    return { paths: leasePaths(this.expiration, this.deps.logger), sudo: [...LEASE_SUDO_PATHS] };
  }

  async setup(): Promise<void> {}

  async start(): Promise<void> {
    await this.expiration.restore();
    this.expiration.start();
  }

  stop(): void {
    void this.expiration.stop();
    this.store.forgetCachedEntries();
    this.logins.clear();
  }

  async createRoot(opts: { id?: string; path?: string } = {}): Promise<string> {
    return (await this.store.createRoot(opts)).token;
  }

  /**
   * Revokes every lease (and, for auth mounts, every token) issued under a mount path, before the
   * mount goes away. Not forced: if a backend cannot revoke one (a database user it cannot drop),
   * this throws and the unmount is refused, so no credential outlives the engine that tracks it.
   */
  async revokePrefix(prefix: string): Promise<void> {
    await this.expiration.revokePrefix(prefix, { sync: true });
  }

  async policiesOfToken(raw: string): Promise<string[] | null> {
    return this.withIdentityPolicies(await this.store.lookup(raw));
  }

  async policiesOfAccessor(accessor: string): Promise<string[] | null> {
    return this.withIdentityPolicies(await this.store.lookupByAccessor(accessor));
  }

  private withIdentityPolicies(entry: TokenEntry | null): string[] | null {
    if (!entry) return null;
    const view = entry.entityId === "" ? null : this.deps.identity()?.view(entry.entityId);
    return effectivePolicies(entry.policies, view?.policies ?? []);
  }

  async createWrappingToken(ttl: number, creationPath: string): Promise<{ token: string; accessor: string }> {
    const minted = await this.store.createWrapping(ttl, creationPath);
    return { token: minted.token, accessor: minted.entry.accessor };
  }

  async resolveWrappingToken(
    raw: string,
    mode: "peek" | "consume" | "alreadyConsumed",
  ): Promise<{ accessor: string } | null> {
    const entry = await this.store.lookup(raw, { allowPending: mode === "alreadyConsumed" });
    const isWrapping = entry?.policies.length === 1 && entry.policies[0] === "response-wrapping";
    if (!entry || !isWrapping) return null;
    if (mode === "consume") {
      const { allowed } = await this.store.consumeUse(entry);
      if (!allowed) return null;
    }
    return { accessor: entry.accessor };
  }

  async revokeRaw(raw: string): Promise<void> {
    const entry = await this.store.lookup(raw, { allowPending: true });
    if (entry?.hash) await this.store.revokeTree(entry.hash);
  }

  private tokenMountTTLs(): TTLs {
    const route = this.deps.router.get("auth/token/");
    return route ? this.deps.ttlsOf(route.entry) : { defaultLeaseTTL: 768 * 3600, maxLeaseTTL: 768 * 3600 };
  }

  private routeByAccessor(accessor: string): Route | undefined {
    return this.deps.router.all().find((r) => r.entry.accessor === accessor);
  }

  private async revokeSecret(lease: LeaseRecord): Promise<void> {
    const route = this.routeByAccessor(lease.mountAccessor);
    if (!route?.backend.revokeSecret) return;
    await route.backend.revokeSecret(leaseRequest(lease.path, route, lease, -1));
  }

  private async renewSecret(
    lease: LeaseRecord,
    increment: number,
  ): Promise<{ ttl: number; maxTTL?: number } | null> {
    const route = this.routeByAccessor(lease.mountAccessor);
    if (!route?.backend.renewSecret) return null;
    const res = await route.backend.renewSecret(leaseRequest(lease.path, route, lease, increment));
    if (!res?.secret) return null;
    return { ttl: res.secret.ttl, maxTTL: res.secret.maxTTL || undefined };
  }

  private async renewLogin(
    entry: TokenEntry,
    increment: number,
    connection: ConnectionInfo,
  ): Promise<LoginRenewal> {
    const route = this.routeByAccessor(entry.mountAccessor);
    if (!route?.backend.renewAuth)
      throw new InvalidRequestError("this token's auth method does not allow renewal");
    const lease = {
      leaseId: `${entry.path}/${entry.hash}`,
      internal: entry.internal,
      issueTime: entry.creationTime,
      ttl: entry.ttl,
    } as LeaseRecord;
    const res = await route.backend.renewAuth(leaseRequest(entry.path, route, lease, increment, connection));
    if (!res?.auth) throw new InvalidRequestError("this token's auth method refused the renewal");
    return {
      ttl: res.auth.ttl,
      maxTTL: res.auth.maxTTL,
      period: res.auth.period,
      explicitMaxTTL: res.auth.explicitMaxTTL,
      ttls: this.deps.ttlsOf(route.entry),
    };
  }
}
