import { InternalError, InvalidRequestError } from "../../errors.js";
import type { AuthEnvelope, AuthIssue, ConnectionInfo } from "../../logical/types.js";
import { KeyedLock } from "../expiration/keyed-lock.js";
import type { MountTTLs } from "../expiration/ttl.js";
import { BatchTokenCodec } from "./batch-codec.js";
import { addressAllowed } from "./cidr.js";
import { type CreateContext, type CreateFields, planToken, type TokenDraft } from "./create-plan.js";
import { TokenEntryStore } from "./entry-store.js";
import { KeyedHasher } from "./keyed-hash.js";
import { draftFromLogin, rootDraft } from "./login-draft.js";
import { renewalGrant } from "./renewal.js";
import { TokenRevocation, type TokenTidyReport } from "./revocation.js";
import { RoleStore } from "./roles.js";
import { BATCH_PREFIX, MAX_TOKEN_LENGTH, newAccessor, newServiceToken } from "./token-strings.js";
import { REVOCATION_PENDING, type TokenEntry, type TokenStoreDeps } from "./types.js";
import { authEnvelope } from "./views.js";

export interface MintedToken {
  /** The raw token: hand it to the client once, never log or store it. */
  token: string;
  entry: TokenEntry;
  warnings: string[];
}

/** Where a login's token comes from (for createFromAuth). */
export interface LoginContext {
  /** The login request path, e.g. `auth/userpass/login/bob` (the token's path). */
  path: string;
  /** The auth mount's path, e.g. `auth/userpass/`. */
  mountPath: string;
  mountAccessor: string;
  ttls: MountTTLs;
  /** The mount's token_type tuning ("default-service" when absent). */
  mountTokenType?: "service" | "batch" | "default-service" | "default-batch";
  /** The entity the login's alias resolved to ("" or absent: none). */
  entityId?: string;
}

/**
 * The token store: service tokens stored under a keyed hash (never raw) with accessor and parent
 * indexes, batch tokens sealed with AES-GCM (not stored), roles, renewal and revocation. Token
 * expiry is enforced on every lookup, and in the background through each token's auth lease.
 */
export class TokenStore {
  readonly roles: RoleStore;
  private readonly entries: TokenEntryStore;
  private readonly hasher: KeyedHasher;
  private readonly batch: BatchTokenCodec;
  private readonly lock = new KeyedLock();
  private readonly revocation: TokenRevocation;

  constructor(readonly deps: TokenStoreDeps) {
    this.entries = new TokenEntryStore(deps.storage);
    this.hasher = new KeyedHasher(deps.storage);
    this.batch = new BatchTokenCodec(deps.storage);
    this.roles = new RoleStore(deps.storage);
    this.revocation = new TokenRevocation(this.entries, this.hasher, deps, this.lock);
  }

  now(): number {
    return this.deps.clock.now();
  }

  /** The storage id of a raw token. */
  hashOf(raw: string): Promise<string> {
    return this.hasher.token(raw);
  }

  /**
   * The live token for a raw token string, or null (unknown, malformed, expired, used up, being
   * revoked, or a batch token whose parent is gone). An expired service token found here is revoked.
   * `allowPending` also returns a token serving its last use (its own lookup-self, revoke-self).
   */
  async lookup(raw: string, opts: { allowPending?: boolean } = {}): Promise<TokenEntry | null> {
    if (raw === "" || raw.length > MAX_TOKEN_LENGTH) return null;
    const now = this.now();
    if (raw.startsWith(BATCH_PREFIX)) {
      const entry = await this.batch.open(raw);
      if (!entry || entry.expireTime <= now) return null;
      if (entry.parent !== "") {
        const parent = await this.entries.get(entry.parent);
        if (!parent || parent.numUses === REVOCATION_PENDING || expired(parent, now)) return null;
      }
      return entry;
    }
    const hash = await this.hashOf(raw);
    const entry = await this.entries.get(hash);
    if (!entry) return null;
    if (expired(entry, now)) {
      await this.revokeTree(hash).catch((err: unknown) =>
        this.deps.logger.warn("revoking an expired token failed; its lease retries", { error: err }),
      );
      return null;
    }
    if (entry.numUses === REVOCATION_PENDING && !opts.allowPending) return null;
    return entry;
  }

  /** lookup() plus the token's bound CIDRs: what the core uses to authenticate a request. */
  async resolve(raw: string, remoteAddress: string): Promise<TokenEntry | null> {
    const entry = await this.lookup(raw);
    if (!entry || !addressAllowed(entry.boundCIDRs, remoteAddress)) return null;
    return entry;
  }

  /**
   * Counts one use of a limited-use token (atomically). `allowed: false` if it was used up
   * meanwhile; `revokeAfter: true` on its last use: the core revokes it (revokeTree) once the
   * request has finished.
   */
  async consumeUse(entry: TokenEntry): Promise<{ allowed: boolean; revokeAfter: boolean }> {
    if (entry.type === "batch" || entry.numUses === 0) return { allowed: true, revokeAfter: false };
    let outcome = { allowed: false, revokeAfter: false };
    await this.entries.update(entry.hash, (cur) => {
      if (cur.numUses === REVOCATION_PENDING) {
        outcome = { allowed: false, revokeAfter: false };
        return null;
      }
      if (cur.numUses === 0) {
        outcome = { allowed: true, revokeAfter: false };
        return null;
      }
      const left = cur.numUses - 1;
      outcome = { allowed: true, revokeAfter: left === 0 };
      return { entry: { ...cur, numUses: left === 0 ? REVOCATION_PENDING : left } };
    });
    return outcome;
  }

  async lookupByAccessor(accessor: string): Promise<TokenEntry | null> {
    if (accessor === "" || accessor.length > 256) return null;
    const record = await this.entries.accessor(await this.hasher.accessor(accessor));
    if (!record) return null;
    const entry = await this.entries.get(record.tokenHash);
    if (!entry || entry.numUses === REVOCATION_PENDING) return null;
    if (expired(entry, this.now())) {
      await this.revokeTree(entry.hash).catch(() => {});
      return null;
    }
    return entry;
  }

  /** Every accessor (LIST auth/token/accessors). */
  async listAccessors(): Promise<string[]> {
    const out: string[] = [];
    for (const accessorHash of await this.entries.accessorHashes()) {
      const record = await this.entries.accessor(accessorHash);
      if (record) out.push(record.accessor);
    }
    return out.sort();
  }

  /** Whether a service token entry exists (for the lease tidy). */
  async exists(hash: string): Promise<boolean> {
    return (await this.entries.get(hash)) !== null;
  }

  /** A root token (sys/init, dev mode's --dev-root-token-id, generate-root): never expires, orphan. */
  async createRoot(opts: { id?: string; displayName?: string; path?: string } = {}): Promise<MintedToken> {
    if (
      opts.id !== undefined &&
      (opts.id === "" || opts.id.startsWith(BATCH_PREFIX) || opts.id.length > 256)
    ) {
      throw new InvalidRequestError("invalid root token ID");
    }
    const draft = rootDraft(this.now(), this.deps.mountAccessor(), opts);
    return { ...(await this.mint(draft, opts.id)), warnings: [] };
  }

  /**
   * A response-wrapping token: single use, only the `response-wrapping` policy, an orphan that
   * lives `ttl` seconds and cannot be renewed.
   */
  async createWrapping(ttl: number, path: string): Promise<MintedToken> {
    if (!Number.isInteger(ttl) || ttl <= 0) throw new InvalidRequestError("wrapping TTL must be positive");
    const now = this.now();
    const draft: TokenDraft = {
      ...rootDraft(now, this.deps.mountAccessor(), { displayName: "", path }),
      policies: ["response-wrapping"],
      numUses: 1,
      creationTTL: ttl,
      ttl,
      explicitMaxTTL: ttl,
      expireTime: now + ttl * 1000,
    };
    return { ...(await this.mint(draft)), warnings: [] };
  }

  /** auth/token/create*: applies the creation rules, then mints. */
  async createFromRequest(
    fields: CreateFields,
    ctx: Pick<CreateContext, "parent" | "isSudo" | "orphanEndpoint" | "role" | "endpoint">,
  ): Promise<MintedToken> {
    const plan = planToken(fields, {
      ...ctx,
      ttls: this.deps.ttls(),
      now: this.now(),
      mountAccessor: this.deps.mountAccessor(),
    });
    if (plan.entityAlias !== undefined) {
      if (!this.deps.entityForAlias)
        throw new InvalidRequestError("entity aliases are not supported by this server");
      plan.draft.entityId = await this.deps.entityForAlias(plan.entityAlias, this.deps.mountAccessor());
    }
    const minted = await this.mint(plan.draft, plan.id);
    const warnings = [...plan.warnings];
    for (const policy of minted.entry.policies) {
      if (policy !== "root" && !(await this.deps.policyExists(policy)))
        warnings.push(`Policy "${policy}" does not exist`);
    }
    return { ...minted, warnings };
  }

  /** A login's token (other auth methods): an orphan with the mount's TTL rules. */
  async createFromAuth(
    auth: AuthIssue,
    ctx: LoginContext,
  ): Promise<MintedToken & { envelope: AuthEnvelope }> {
    const { draft, warnings } = draftFromLogin(auth, ctx, this.now());
    const minted = await this.mint(draft);
    return { ...minted, warnings, envelope: authEnvelope(minted.entry, minted.token) };
  }

  /**
   * Renews a service token (token store rules, or the issuing auth backend's), capped by its maxima.
   * `connection` is the renewing request's (the issuing backend may check it).
   */
  async renew(
    entry: TokenEntry,
    increment: number,
    connection: ConnectionInfo,
  ): Promise<{ entry: TokenEntry; warnings: string[] }> {
    if (entry.type === "batch") throw new InvalidRequestError("batch tokens cannot be renewed");
    return this.lock.run(entry.hash, async () => {
      const current = await this.entries.get(entry.hash);
      if (!current || current.numUses === REVOCATION_PENDING)
        throw new InvalidRequestError("token not found");
      const now = this.now();
      const grant = await renewalGrant(current, increment, now, this.deps, this.roles, connection);
      const updated = await this.entries.update(entry.hash, (e) =>
        e.numUses === REVOCATION_PENDING
          ? null
          : { entry: { ...e, ttl: grant.ttl, expireTime: now + grant.ttl * 1000, lastRenewal: now } },
      );
      if (!updated || updated.numUses === REVOCATION_PENDING)
        throw new InvalidRequestError("token not found");
      await this.deps.expiration.registerAuth(leaseOf(updated));
      return { entry: updated, warnings: grant.warnings };
    });
  }

  revokeTree(hash: string): Promise<void> {
    return this.revocation.revokeTree(hash);
  }

  /** Drops the in-memory copies of token entries (called when the barrier seals). */
  forgetCachedEntries(): void {
    this.entries.clearCache();
  }

  revokeOrphan(hash: string): Promise<void> {
    return this.revocation.revokeOrphan(hash);
  }

  tidy(): Promise<TokenTidyReport> {
    return this.revocation.tidy();
  }

  /**
   * Who owns a lease created with this token, for ExpirationManager.registerSecret: the token
   * itself, or for a batch token its parent (""=none) with the lease capped at the token's expiry.
   */
  leaseOwner(entry: TokenEntry): { tokenHash: string; notAfter?: number } {
    if (entry.type === "batch") return { tokenHash: entry.parent, notAfter: entry.expireTime };
    return { tokenHash: entry.hash };
  }

  private async mint(draft: TokenDraft, id?: string): Promise<{ token: string; entry: TokenEntry }> {
    if (draft.type === "batch") {
      const entry: TokenEntry = { ...draft, hash: "", accessor: "", numUses: 0, internal: {} };
      return { token: await this.batch.seal(entry), entry };
    }
    const duplicate = () => new InvalidRequestError("cannot create a token with a duplicate ID");
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = id ?? newServiceToken();
      const hash = await this.hashOf(token);
      if (id !== undefined && (await this.entries.get(hash))) throw duplicate();
      const entry: TokenEntry = { ...draft, hash, accessor: newAccessor() };
      // The lease first: a crash before the entry is written leaves a lease that expires harmlessly.
      await this.deps.expiration.registerAuth(leaseOf(entry));
      if (await this.entries.create(entry, await this.hasher.accessor(entry.accessor))) {
        await this.checkParentAlive(entry);
        return { token, entry };
      }
      const winner = await this.entries.get(hash);
      if (winner) await this.deps.expiration.registerAuth(leaseOf(winner));
      else await this.deps.expiration.revokeByToken(hash);
      if (id !== undefined) throw duplicate();
    }
    throw new InternalError("could not allocate a unique token");
  }

  /** A child created while its parent was being revoked revokes itself (the parent's sweep may have missed it). */
  private async checkParentAlive(entry: TokenEntry): Promise<void> {
    if (entry.parent === "") return;
    const parent = await this.entries.get(entry.parent);
    if (parent && parent.numUses !== REVOCATION_PENDING) return;
    await this.revokeTree(entry.hash);
    throw new InvalidRequestError("parent token lookup failed: no parent found");
  }
}

function expired(entry: TokenEntry, now: number): boolean {
  return entry.expireTime !== 0 && entry.expireTime <= now;
}

function leaseOf(entry: TokenEntry) {
  return {
    path: entry.path,
    mountAccessor: entry.mountAccessor,
    tokenHash: entry.hash,
    issueTime: entry.creationTime,
    expireTime: entry.expireTime,
    ttl: entry.ttl,
    renewable: entry.renewable,
    lastRenewal: entry.lastRenewal,
  };
}
