/**
 * The mount tables (secrets engines and auth methods): persisted inside the barrier, each entry
 * instantiated into a backend with its own storage view and routed by longest prefix.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { InvalidRequestError, PermissionDeniedError } from "../../errors.js";
import { decodeJSON, encodeJSON, PrefixedStorageView } from "../../logical/storage-view.js";
import type { Backend, BackendContext, BackendFactory, SecureStorage } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { Router } from "./router.js";
import type { MountConfig, MountEntry, MountTableName } from "./types.js";
import { routePath } from "./types.js";

export interface SystemTTLs {
  defaultLeaseTTL: number;
  maxLeaseTTL: number;
}

export interface MountTableDeps {
  storage: SecureStorage;
  clock: Clock;
  logger: Logger;
  systemTTLs: SystemTTLs;
  /** The factory for a user-mountable type, or undefined if the type is unknown. */
  factory(table: MountTableName, type: string): BackendFactory | undefined;
  /** Password policies, handed to every backend as BackendContext.generatePassword. */
  generatePassword?(policyName: string): Promise<string>;
}

export interface EnableInput {
  path: string;
  type: string;
  description?: string;
  config?: Partial<MountConfig>;
  options?: Record<string, string> | null;
  local?: boolean;
  seal_wrap?: boolean;
  external_entropy_access?: boolean;
  plugin_version?: string;
}

const TABLE_KEY: Record<MountTableName, string> = { mounts: "sys/mount-table", auth: "sys/auth-table" };
const DATA_PREFIX: Record<MountTableName, string> = { mounts: "logical/", auth: "auth/" };

export function newAccessor(type: string, table: MountTableName): string {
  const id = randomBytes(4).toString("hex");
  return table === "auth" ? `auth_${type}_${id}` : `${type}_${id}`;
}

export function defaultConfig(): MountConfig {
  return { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false };
}

export class MountTable {
  readonly router = new Router();
  /** Routing paths being enabled or moved to right now. */
  private readonly reserved = new Set<string>();
  private entries: Record<MountTableName, MountEntry[]> = { mounts: [], auth: [] };

  constructor(private readonly deps: MountTableDeps) {}

  /** The server-wide lease TTLs (config default_lease_ttl / max_lease_ttl). */
  systemTTLs(): SystemTTLs {
    return { ...this.deps.systemTTLs };
  }

  /** Effective TTLs of a mount: its tuning, else the system's. */
  ttls(entry: MountEntry): SystemTTLs {
    const sys = this.deps.systemTTLs;
    const max = entry.config.max_lease_ttl || sys.maxLeaseTTL;
    const def = entry.config.default_lease_ttl || Math.min(sys.defaultLeaseTTL, max);
    return { defaultLeaseTTL: def, maxLeaseTTL: max };
  }

  list(table: MountTableName): MountEntry[] {
    return [...this.entries[table]].sort((a, b) => a.path.localeCompare(b.path));
  }

  find(table: MountTableName, path: string): MountEntry | undefined {
    const p = path.endsWith("/") ? path : `${path}/`;
    return this.entries[table].find((e) => e.path === p);
  }

  findByAccessor(accessor: string): MountEntry | undefined {
    return [...this.entries.mounts, ...this.entries.auth].find((e) => e.accessor === accessor);
  }

  storageFor(entry: MountEntry): PrefixedStorageView {
    return new PrefixedStorageView(this.deps.storage, `${DATA_PREFIX[entry.table]}${entry.uuid}/`);
  }

  /**
   * Loads both tables from storage and instantiates every backend. `defaults` are the entries a
   * fresh server starts with (only used when a table was never stored).
   */
  async load(defaults: Record<MountTableName, MountEntry[]>, builtins: Map<string, Backend>): Promise<void> {
    this.router.clear();
    for (const table of ["mounts", "auth"] as const) {
      const stored = await this.deps.storage.get(TABLE_KEY[table]);
      this.entries[table] = stored ? decodeJSON<MountEntry[]>(stored.value) : defaults[table];
      if (!stored) await this.persist(table);
      for (const entry of this.entries[table]) {
        const backend = builtins.get(routePath(entry)) ?? (await this.instantiate(entry));
        this.router.add(entry, backend);
      }
    }
  }

  /** Calls cleanup() on every backend (seal) and forgets the routes. */
  async unload(): Promise<void> {
    for (const r of this.router.all()) {
      try {
        await r.backend.cleanup?.();
      } catch (err) {
        this.deps.logger.warn("backend cleanup failed", { mount: r.mountPath, error: err });
      }
    }
    this.router.clear();
  }

  async enable(table: MountTableName, input: EnableInput): Promise<MountEntry> {
    const path = normaliseMountPath(input.path);
    const type = input.type;
    // One instance each, at its fixed path: a second system backend would serve sys/ under paths
    // the operator's policies never meant to open.
    if (SINGLETON_TYPES.includes(type)) {
      throw new PermissionDeniedError(`mount type of "${type}" is not mountable`);
    }
    if (!this.deps.factory(table, type)) {
      throw new InvalidRequestError(
        table === "auth" ? `unknown auth method type "${type}"` : `unknown backend type: "${type}"`,
      );
    }
    const entry: MountEntry = {
      table,
      path,
      type,
      description: input.description ?? "",
      accessor: newAccessor(type, table),
      uuid: randomUUID(),
      config: { ...defaultConfig(), ...(input.config ?? {}) },
      options: input.options ?? null,
      local: input.local ?? false,
      seal_wrap: input.seal_wrap ?? false,
      external_entropy_access: input.external_entropy_access ?? false,
      plugin_version: input.plugin_version ?? "",
    };
    const rp = routePath(entry);
    const clash = this.conflict(rp);
    if (clash) throw new InvalidRequestError(`path is already in use at ${clash}`);
    // Held while the backend initialises, so a concurrent enable cannot take an overlapping path.
    this.reserved.add(rp);
    try {
      const backend = await this.instantiate(entry);
      this.entries[table].push(entry);
      await this.persist(table);
      this.router.add(entry, backend);
    } finally {
      this.reserved.delete(rp);
    }
    return entry;
  }

  /** Removes a mount and deletes its stored data. Returns the removed entry, if any. */
  async disable(table: MountTableName, path: string): Promise<MountEntry | undefined> {
    const entry = this.find(table, path);
    if (!entry) return undefined;
    const route = this.router.remove(routePath(entry));
    try {
      await route?.backend.cleanup?.();
    } catch (err) {
      this.deps.logger.warn("backend cleanup failed", { mount: routePath(entry), error: err });
    }
    this.entries[table] = this.entries[table].filter((e) => e !== entry);
    await this.persist(table);
    await deleteTree(this.deps.storage, `${DATA_PREFIX[table]}${entry.uuid}/`);
    return entry;
  }

  /**
   * Applies a change to an entry, persists it and re-instantiates its backend if asked. While the
   * new backend initialises (a KV upgrade migrates data) the mount is not routed; if that fails it
   * stays unrouted (the next unseal retries) rather than serving half-migrated data.
   */
  async update(entry: MountEntry, change: Partial<MountEntry>, reload: boolean): Promise<MountEntry> {
    Object.assign(entry, change);
    await this.persist(entry.table);
    if (reload) {
      await this.retire(routePath(entry));
      this.router.add(entry, await this.instantiate(entry));
    }
    return entry;
  }

  /**
   * Moves a mount to a new routing path ("kv/" -> "kv2/", "auth/a/" -> "auth/b/"), keeping its
   * data (data is keyed by uuid). Both paths are routing paths in the same table.
   */
  async remount(from: string, to: string): Promise<MountEntry> {
    const table: MountTableName = from.startsWith("auth/") ? "auth" : "mounts";
    const strip = (p: string) => (table === "auth" ? p.slice("auth/".length) : p);
    const entry = this.find(table, strip(from));
    if (!entry) throw new InvalidRequestError(`no matching mount at "${from}"`);
    const clash = this.conflict(to);
    if (clash) throw new InvalidRequestError(`path already in use at "${clash}"`);
    this.reserved.add(to);
    try {
      await this.retire(from);
      return await this.update(entry, { path: strip(to) }, true);
    } finally {
      this.reserved.delete(to);
    }
  }

  /** A stored or routed mount overlapping `mountPath` (a prefix of it, or under it), or null. */
  conflict(mountPath: string): string | null {
    const paths = [...[...this.entries.mounts, ...this.entries.auth].map(routePath), ...this.reserved];
    for (const p of paths) if (p.startsWith(mountPath) || mountPath.startsWith(p)) return p;
    return this.router.conflict(mountPath);
  }

  /** Stops routing `mountPath` and cleans its backend up. */
  private async retire(mountPath: string): Promise<void> {
    const old = this.router.remove(mountPath);
    try {
      await old?.backend.cleanup?.();
    } catch (err) {
      this.deps.logger.warn("backend cleanup failed", { mount: mountPath, error: err });
    }
  }

  private async instantiate(entry: MountEntry): Promise<Backend> {
    const factory = this.deps.factory(entry.table, entry.type);
    if (!factory) throw new InvalidRequestError(`unknown backend type: "${entry.type}"`);
    const ctx: BackendContext = {
      storage: this.storageFor(entry),
      clock: this.deps.clock,
      logger: this.deps.logger.child({ mount: routePath(entry) }),
      // Live views of the entry: a tune or remount changes the entry in place, and the backend
      // sees the new options, description and path without being rebuilt.
      mount: {
        get path() {
          return routePath(entry);
        },
        type: entry.type,
        accessor: entry.accessor,
        get options() {
          return entry.options ?? {};
        },
        get description() {
          return entry.description;
        },
      },
      ttls: () => this.ttls(entry),
      generatePassword: this.deps.generatePassword,
    };
    const backend = await factory(ctx);
    await backend.initialize?.();
    return backend;
  }

  private async persist(table: MountTableName): Promise<void> {
    await this.deps.storage.put(TABLE_KEY[table], encodeJSON(this.entries[table]));
  }
}

const PROTECTED = ["sys/", "auth/", "audit/", "cubbyhole/", "identity/"];
const SINGLETON_TYPES = ["system", "cubbyhole", "identity", "token"];

export function normaliseMountPath(path: string): string {
  let p = path.trim();
  while (p.startsWith("/")) p = p.slice(1);
  if (!p.endsWith("/")) p += "/";
  if (p === "/" || p.includes("//") || p.split("/").some((s) => s === "." || s === "..")) {
    throw new InvalidRequestError("invalid mount path");
  }
  if (/[\s*+\\]/.test(p)) throw new InvalidRequestError("mount path contains invalid characters");
  return p;
}

/** Vault answers a mount under a protected prefix with a 403 naming the path. */
export function assertUserMountable(path: string): void {
  for (const prefix of PROTECTED) {
    if (path.startsWith(prefix)) throw new PermissionDeniedError(`cannot mount "${path}"`);
  }
}

/** Whether a routing path lies under a prefix no user mount may take. */
export function isProtectedPath(path: string): boolean {
  return PROTECTED.some((prefix) => path.startsWith(prefix));
}

/** Deletes every key under `prefix` (depth-first). */
export async function deleteTree(storage: SecureStorage, prefix: string): Promise<void> {
  for (const child of await storage.list(prefix)) {
    if (child.endsWith("/")) await deleteTree(storage, prefix + child);
    else await storage.delete(prefix + child);
  }
}
