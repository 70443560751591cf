/**
 * The identity store's records: entities, aliases and groups, persisted in the mount's storage
 * view and held in memory with their indexes (as Vault's memdb), so resolving a token's entity on
 * a request never reads storage. Writes are serialised; each bumps the generation.
 */
import type { StorageView } from "../../logical/types.js";
import { nameKey } from "./names.js";
import type { AliasRecord, EntityRecord, GroupAliasRecord, GroupRecord } from "./types.js";

const PREFIX = {
  entity: "entities/",
  alias: "aliases/",
  group: "groups/",
  groupAlias: "group-aliases/",
} as const;

export class IdentityRecords {
  readonly entities = new Map<string, EntityRecord>();
  readonly aliases = new Map<string, AliasRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly groupAliases = new Map<string, GroupAliasRecord>();
  private readonly groupAliasByKey = new Map<string, string>();
  private readonly entityByName = new Map<string, string>();
  private readonly groupByName = new Map<string, string>();
  private readonly aliasByKey = new Map<string, string>();
  /** Entity ids merged away (entity/merge) -> the entity they live on in. */
  private readonly mergedInto = new Map<string, string>();
  private gen = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: StorageView) {}

  generation(): number {
    return this.gen;
  }

  /** Reads every record into memory (after mount and after every unseal). */
  async load(): Promise<void> {
    this.clear();
    for (const [kind, prefix] of Object.entries(PREFIX)) {
      for (const key of await this.storage.list(prefix)) {
        if (key.endsWith("/")) continue;
        const rec = await this.storage.getJSON<EntityRecord & AliasRecord & GroupRecord>(prefix + key);
        if (!rec) continue;
        if (kind === "entity") this.indexEntity(rec);
        else if (kind === "alias") this.indexAlias(rec);
        else if (kind === "group") this.indexGroup(rec);
        else this.indexGroupAlias(rec as unknown as GroupAliasRecord);
      }
    }
    this.gen++;
  }

  clear(): void {
    for (const m of [
      this.entities,
      this.aliases,
      this.groups,
      this.entityByName,
      this.groupByName,
      this.aliasByKey,
      this.mergedInto,
      this.groupAliases,
      this.groupAliasByKey,
    ])
      m.clear();
    this.gen++;
  }

  /** Runs `fn` after every earlier write has settled; the generation moves on when it ends. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn).finally(() => {
      this.gen++;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** The entity with this id, or the one it was merged into (its old tokens resolve there). */
  canonicalEntity(id: string): EntityRecord | undefined {
    return this.entities.get(id) ?? this.entities.get(this.mergedInto.get(id) ?? "");
  }

  entityByNameKey(name: string): EntityRecord | undefined {
    const id = this.entityByName.get(nameKey(name));
    return id ? this.entities.get(id) : undefined;
  }

  groupByNameKey(name: string): GroupRecord | undefined {
    const id = this.groupByName.get(nameKey(name));
    return id ? this.groups.get(id) : undefined;
  }

  /** The alias of an already normalised name on a mount. */
  aliasFor(mountAccessor: string, name: string): AliasRecord | undefined {
    const id = this.aliasByKey.get(aliasKey(mountAccessor, name));
    return id ? this.aliases.get(id) : undefined;
  }

  aliasesOf(entityId: string): AliasRecord[] {
    return [...this.aliases.values()].filter((a) => a.canonicalId === entityId);
  }

  /** The group alias with this name on a mount. */
  groupAliasFor(mountAccessor: string, name: string): GroupAliasRecord | undefined {
    const id = this.groupAliasByKey.get(aliasKey(mountAccessor, name));
    return id ? this.groupAliases.get(id) : undefined;
  }

  groupAliasOf(groupId: string): GroupAliasRecord | undefined {
    for (const a of this.groupAliases.values()) if (a.canonicalId === groupId) return a;
    return undefined;
  }

  async putGroupAlias(rec: GroupAliasRecord): Promise<void> {
    await this.storage.putJSON(PREFIX.groupAlias + rec.id, rec);
    const old = this.groupAliases.get(rec.id);
    if (old) this.groupAliasByKey.delete(aliasKey(old.mountAccessor, old.name));
    this.indexGroupAlias(rec);
  }

  async deleteGroupAlias(id: string): Promise<void> {
    const old = this.groupAliases.get(id);
    await this.storage.delete(PREFIX.groupAlias + id);
    if (!old) return;
    this.groupAliases.delete(id);
    this.groupAliasByKey.delete(aliasKey(old.mountAccessor, old.name));
  }

  async putEntity(rec: EntityRecord): Promise<void> {
    await this.storage.putJSON(PREFIX.entity + rec.id, rec);
    const old = this.entities.get(rec.id);
    if (old) this.entityByName.delete(nameKey(old.name));
    this.indexEntity(rec);
  }

  async deleteEntity(id: string): Promise<void> {
    const old = this.entities.get(id);
    await this.storage.delete(PREFIX.entity + id);
    if (!old) return;
    this.entities.delete(id);
    this.entityByName.delete(nameKey(old.name));
    for (const m of old.mergedEntityIds) if (this.mergedInto.get(m) === id) this.mergedInto.delete(m);
  }

  async putAlias(rec: AliasRecord): Promise<void> {
    await this.storage.putJSON(PREFIX.alias + rec.id, rec);
    const old = this.aliases.get(rec.id);
    if (old) this.aliasByKey.delete(aliasKey(old.mountAccessor, old.name));
    this.indexAlias(rec);
  }

  async deleteAlias(id: string): Promise<void> {
    const old = this.aliases.get(id);
    await this.storage.delete(PREFIX.alias + id);
    if (!old) return;
    this.aliases.delete(id);
    this.aliasByKey.delete(aliasKey(old.mountAccessor, old.name));
  }

  async putGroup(rec: GroupRecord): Promise<void> {
    await this.storage.putJSON(PREFIX.group + rec.id, rec);
    const old = this.groups.get(rec.id);
    if (old) this.groupByName.delete(nameKey(old.name));
    this.indexGroup(rec);
  }

  async deleteGroup(id: string): Promise<void> {
    const old = this.groups.get(id);
    await this.storage.delete(PREFIX.group + id);
    if (!old) return;
    this.groups.delete(id);
    this.groupByName.delete(nameKey(old.name));
  }

  private indexEntity(rec: EntityRecord): void {
    this.entities.set(rec.id, rec);
    this.entityByName.set(nameKey(rec.name), rec.id);
    for (const m of rec.mergedEntityIds ?? []) this.mergedInto.set(m, rec.id);
  }

  private indexAlias(rec: AliasRecord): void {
    this.aliases.set(rec.id, rec);
    this.aliasByKey.set(aliasKey(rec.mountAccessor, rec.name), rec.id);
  }

  private indexGroupAlias(rec: GroupAliasRecord): void {
    this.groupAliases.set(rec.id, rec);
    this.groupAliasByKey.set(aliasKey(rec.mountAccessor, rec.name), rec.id);
  }

  private indexGroup(rec: GroupRecord): void {
    this.groups.set(rec.id, rec);
    this.groupByName.set(nameKey(rec.name), rec.id);
  }
}

function aliasKey(mountAccessor: string, name: string): string {
  return `${mountAccessor}\n${name}`;
}
