/**
 * The core: owns the barrier and seal, the mount tables, the policy store, the token store and
 * leases, and runs every request through the pipeline. `cofre server` builds exactly one.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type Barrier, createBarrier } from "../barrier/index.js";
import { InvalidRequestError } from "../errors.js";
import { createBackend } from "../logical/framework.js";
import type { IdentityBackendFactory, IdentityHost, IdentityService } from "../logical/identity.js";
import { PrefixedStorageView } from "../logical/storage-view.js";
import type { Backend, BackendFactory, CoreResponse, LogicalRequest, RequestAuth } from "../logical/types.js";
import type { PhysicalStorage } from "../storage/types.js";
import { type Clock, systemClock } from "../util/clock.js";
import { type Logger, silentLogger } from "../util/logger.js";
import { AuditBroker } from "./audit/broker.js";
import { AuditRegistry } from "./audit/registry.js";
import { defaultMounts } from "./default-mounts.js";
import { tokenIdentity } from "./identity-link.js";
import { deleteTree, MountTable } from "./mounts/table.js";
import type { MountEntry, MountTableName } from "./mounts/types.js";
import { routePath } from "./mounts/types.js";
import { PasswordPolicyStore } from "./passwords/store.js";
import { PeriodicRunner } from "./periodic.js";
import type { PipelineDeps } from "./pipeline/deps.js";
import { handleRequest } from "./pipeline/handle.js";
import { PolicyStore } from "./policy-store.js";
import { auditPaths } from "./sys/audit.js";
import { capabilityPaths } from "./sys/capabilities.js";
import { passwordPolicyPaths } from "./sys/password-policies.js";
import { systemBackend } from "./system-backend.js";
import { TokenSubsystem } from "./token-subsystem.js";
import { WrappingService, wrappingPaths } from "./wrapping.js";

export interface CoreEngines {
  /** User-mountable secrets engines by type. */
  secret: Record<string, BackendFactory>;
  /** User-mountable auth methods by type. */
  auth: Record<string, BackendFactory>;
  cubbyhole: BackendFactory;
  identity: IdentityBackendFactory;
}

export interface CoreOptions {
  storage: PhysicalStorage;
  engines: CoreEngines;
  clock?: Clock;
  logger?: Logger;
  defaultLeaseTTL?: number;
  maxLeaseTTL?: number;
  /** Directories file audit devices may write in (config audit_allowed_dirs). */
  auditAllowedDirs?: string[];
}

const DEFAULT_TTL = 768 * 3600;

export class Core {
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly barrierParts: Barrier;
  private readonly mounts: MountTable;
  private readonly policies: PolicyStore;
  readonly tokens: TokenSubsystem;
  /** Enabled audit devices (sys/audit); the pipeline's audit stage writes through them. */
  readonly auditDevices: AuditRegistry;
  private readonly wrapping: WrappingService;
  private readonly sys: Backend;
  private readonly pipeline: PipelineDeps;
  /** Runs backends' periodic() hooks while unsealed; tests call `periodic.runOnce()`. */
  readonly periodic: PeriodicRunner;
  private cluster: { name: string; id: string } | null = null;
  /** The identity store of the identity/ mount (null until mounted, and while sealed). */
  private identity: IdentityService | null = null;

  constructor(private readonly opts: CoreOptions) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    const maxLeaseTTL = opts.maxLeaseTTL ?? DEFAULT_TTL;
    const systemTTLs = {
      defaultLeaseTTL: Math.min(opts.defaultLeaseTTL ?? DEFAULT_TTL, maxLeaseTTL),
      maxLeaseTTL,
    };
    this.barrierParts = createBarrier({
      physical: opts.storage,
      clock: this.clock,
      mintRootToken: () => this.tokens.createRoot({ path: "auth/token/root" }),
    });
    const secure = this.barrierParts.barrier;
    const passwordPolicies = new PasswordPolicyStore(new PrefixedStorageView(secure, "sys/password_policy/"));
    this.mounts = new MountTable({
      storage: secure,
      clock: this.clock,
      logger: this.logger,
      systemTTLs,
      factory: (table, type) => this.factory(table, type),
      generatePassword: (name) => passwordPolicies.generate(name),
    });
    this.policies = new PolicyStore(new PrefixedStorageView(secure, "sys/policy/"));
    this.tokens = new TokenSubsystem({
      storage: new PrefixedStorageView(secure, "sys/token/"),
      leaseStorage: new PrefixedStorageView(secure, "sys/expire/"),
      clock: this.clock,
      logger: this.logger,
      router: this.mounts.router,
      ttlsOf: (entry) => this.mounts.ttls(entry),
      policyExists: (name) => this.policies.exists(name),
      onTokenRevoked: (accessor) => this.destroyCubbyhole(accessor),
      identity: () => this.identity,
    });
    this.wrapping = new WrappingService({
      tokens: this.tokens,
      cubbyhole: () => this.cubbyholeStorage(),
      clock: this.clock,
    });
    this.auditDevices = new AuditRegistry({
      storage: new PrefixedStorageView(secure, "sys/audit/"),
      clock: this.clock,
      logger: this.logger,
      allowedDirs: opts.auditAllowedDirs ?? [],
    });
    const sysDeps = {
      mounts: this.mounts,
      policies: this.policies,
      aclFor: async (req: LogicalRequest) => (req.auth ? this.aclOf(req.auth) : null),
      onUnmount: async (_entry: MountEntry, prefix: string) => this.tokens.revokePrefix(prefix),
    };
    this.sys = systemBackend({
      sys: sysDeps,
      seal: {
        seal: this.barrierParts.seal,
        clock: this.clock,
        isSealed: () => this.isSealed(),
        storageType: opts.storage.type,
        cluster: () => this.cluster,
        initialize: (shares, threshold) => this.initialize(shares, threshold),
        afterUnseal: () => this.afterUnseal(),
        sealCore: () => this.sealCore(),
        keyStatus: () => this.barrierParts.barrier.keyStatus(),
        auditSummary: () => this.auditDevices.summary(),
        rotate: async () => {
          await this.barrierParts.barrier.rotate();
        },
      },
      extra: [
        this.tokens.leasePathGroup(),
        this.tokens.logins.pathGroup(),
        capabilityPaths({
          tokens: this.tokens,
          acl: (names, entityId) =>
            this.policies.acl(names, tokenIdentity(this.identity, entityId ?? "").identity),
        }),
        wrappingPaths(this.wrapping),
        auditPaths(this.auditDevices),
        { paths: passwordPolicyPaths(passwordPolicies) },
      ],
    });
    this.pipeline = {
      isSealed: () => this.isSealed(),
      router: this.mounts.router,
      tokens: this.tokens.port,
      acl: (names, identity) => this.policies.acl(names, identity),
      leases: this.tokens.leases,
      wrapping: this.wrapping,
      audit: new AuditBroker({
        registry: this.auditDevices,
        isSealed: () => this.isSealed(),
        clock: this.clock,
        mountConfig: (accessor) => this.mounts.findByAccessor(accessor)?.config,
      }),
      ttlsOf: (entry) => this.mounts.ttls(entry),
      clock: this.clock,
      logger: this.logger,
    };
    this.periodic = new PeriodicRunner(this.mounts.router, this.logger);
    this.routeSysOnly();
  }

  isSealed(): boolean {
    return this.barrierParts.barrier.sealed;
  }

  get seal() {
    return this.barrierParts.seal;
  }

  handle(req: LogicalRequest): Promise<CoreResponse> {
    return handleRequest(this.pipeline, req);
  }

  /** Initialises the seal and mints the first root token (the server stays sealed). */
  async initialize(
    shares: number,
    threshold: number,
    rootTokenId?: string,
  ): Promise<{ keys: Buffer[]; rootToken: string }> {
    let rootToken = "";
    const { keys } = await this.barrierParts.seal.initialize(
      { secretShares: shares, secretThreshold: threshold },
      async () => {
        await this.tokens.setup();
        rootToken = await this.tokens.createRoot({ path: "auth/token/root", id: rootTokenId });
      },
    );
    return { keys, rootToken };
  }

  /** Submits unseal key shares (hex or base64) until the threshold is met. */
  async unseal(keys: Array<Buffer | string>): Promise<void> {
    for (const k of keys) {
      const buf = typeof k === "string" ? Buffer.from(k, /^[0-9a-f]+$/i.test(k) ? "hex" : "base64") : k;
      const st = await this.barrierParts.seal.submitUnsealKey(buf);
      if (!st.sealed) {
        await this.afterUnseal();
        return;
      }
    }
    throw new InvalidRequestError("not enough key shares to unseal");
  }

  /** Everything that needs the barrier open: cluster identity, policies, tokens, mounts, leases. */
  async afterUnseal(): Promise<void> {
    // Audit devices first: until they are open every audited request is refused (fail closed).
    await this.auditDevices.load();
    const secure = this.barrierParts.barrier;
    const stored = await secure.get("sys/cluster");
    if (stored) this.cluster = JSON.parse(Buffer.from(stored.value).toString("utf8"));
    else {
      this.cluster = { name: `vault-cluster-${randomBytes(4).toString("hex")}`, id: randomUUID() };
      await secure.put("sys/cluster", Buffer.from(JSON.stringify(this.cluster)));
    }
    await this.policies.setup();
    await this.tokens.setup();
    const builtins = new Map<string, Backend>([
      ["sys/", this.sys],
      ["auth/token/", this.tokens.backend],
    ]);
    await this.mounts.load(defaultMounts(), builtins);
    await this.tokens.start();
    this.periodic.start();
    this.logger.info("core unsealed");
  }

  async sealCore(): Promise<void> {
    if (this.isSealed()) return;
    this.tokens.stop();
    await this.periodic.stop();
    await this.mounts.unload();
    this.identity = null;
    await this.auditDevices.unload();
    await this.barrierParts.seal.seal();
    this.cluster = null;
    this.routeSysOnly();
    this.logger.info("core sealed");
  }

  async close(): Promise<void> {
    await this.sealCore();
    await this.opts.storage.close();
  }

  /** While sealed only the system backend is routable. */
  private routeSysOnly(): void {
    this.mounts.router.clear();
    const sysEntry = defaultMounts().mounts.find((e) => e.path === "sys/");
    if (sysEntry) this.mounts.router.add(sysEntry, this.sys);
  }

  private factory(table: MountTableName, type: string): BackendFactory | undefined {
    const e = this.opts.engines;
    if (table === "auth") return Object.hasOwn(e.auth, type) ? e.auth[type] : undefined;
    if (type === "cubbyhole") return e.cubbyhole;
    if (type === "identity") {
      return async (ctx) => {
        const backend = await e.identity({ ...ctx, host: this.identityHost() });
        this.identity = backend.identity;
        return backend;
      };
    }
    if (type === "system") return () => this.sys;
    return Object.hasOwn(e.secret, type) ? e.secret[type] : undefined;
  }

  /** The caller's ACL, with templated policies rendered for its entity. */
  private async aclOf(auth: RequestAuth) {
    const { identity } = tokenIdentity(this.identity, auth.entityId);
    return this.policies.acl(auth.policies, identity);
  }

  private identityHost(): IdentityHost {
    const authMount = (e: MountEntry) => ({ accessor: e.accessor, type: e.type, path: routePath(e) });
    return {
      authMount: (accessor) => {
        const e = this.mounts.findByAccessor(accessor);
        return e && e.table === "auth" ? authMount(e) : undefined;
      },
      authMounts: () => this.mounts.list("auth").map(authMount),
      mayAttachRoot: async (auth) => {
        if (!auth) return false;
        if (auth.isRoot) return true;
        const caps = (await this.aclOf(auth)).capabilities("sys/policies/acl/root");
        return caps.includes("sudo") || caps.includes("root");
      },
    };
  }

  private cubbyholeStorage() {
    const entry = this.mounts.find("mounts", "cubbyhole/");
    if (!entry) throw new Error("cubbyhole is not mounted");
    return this.mounts.storageFor(entry);
  }

  private async destroyCubbyhole(accessor: string): Promise<void> {
    const entry = this.mounts.find("mounts", "cubbyhole/");
    if (!entry || accessor === "") return;
    await deleteTree(this.barrierParts.barrier, `logical/${entry.uuid}/${accessor}/`);
  }
}

export { createBackend, routePath };
