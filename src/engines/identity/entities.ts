/** Entity and alias writes: create, update, delete, and find-or-create for logins. */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type { IdentityHost, LoginAlias } from "../../logical/identity.js";
import type { Clock } from "../../util/clock.js";
import { cleanAliasName, cleanMetadata, cleanName, cleanPolicies, loginMetadata } from "./names.js";
import type { IdentityRecords } from "./store.js";
import type { AliasRecord, EntityRecord } from "./types.js";

export interface EntityWrite {
  name?: string;
  policies?: string[];
  metadata?: Record<string, string>;
  disabled?: boolean;
}

export interface AliasWrite {
  name?: string;
  canonical_id?: string;
  mount_accessor?: string;
  metadata?: Record<string, string>;
  custom_metadata?: Record<string, string>;
}

export class EntityOps {
  constructor(
    private readonly records: IdentityRecords,
    private readonly host: IdentityHost,
    private readonly clock: Clock,
    /** Called with an entity id once it is deleted (drops its MFA secrets). */
    private readonly onDeleted: (entityId: string) => Promise<void> = async () => {},
  ) {}

  /**
   * Creates an entity, or updates `current` (given by id, or found by the written name). Returns
   * the record and whether it is new.
   */
  upsert(
    current: EntityRecord | undefined,
    w: EntityWrite,
  ): Promise<{ entity: EntityRecord; created: boolean }> {
    return this.records.write(async () => {
      const name = w.name !== undefined && w.name !== "" ? cleanName(w.name, "entity") : undefined;
      let target = current ? this.records.entities.get(current.id) : undefined;
      if (current && !target) throw new InvalidRequestError("entity not found from id");
      if (name !== undefined) {
        const byName = this.records.entityByNameKey(name);
        if (byName && target && byName.id !== target.id)
          throw new InvalidRequestError("entity name is already in use");
        target ??= byName;
      }
      const now = this.clock.now();
      const id = target?.id ?? randomUUID();
      const entity: EntityRecord = {
        id,
        name: name ?? target?.name ?? this.freshName(id),
        policies: w.policies ? cleanPolicies(w.policies) : (target?.policies ?? []),
        metadata: w.metadata ? cleanMetadata(w.metadata) : (target?.metadata ?? {}),
        disabled: w.disabled ?? target?.disabled ?? false,
        creationTime: target?.creationTime ?? now,
        lastUpdateTime: now,
        mergedEntityIds: target?.mergedEntityIds ?? [],
      };
      await this.records.putEntity(entity);
      return { entity, created: !target };
    });
  }

  delete(ids: readonly string[]): Promise<void> {
    return this.records.write(async () => {
      for (const id of ids) {
        if (!this.records.entities.has(id)) continue;
        for (const g of this.records.groups.values()) {
          if (!g.memberEntityIds.includes(id)) continue;
          await this.records.putGroup({
            ...g,
            memberEntityIds: g.memberEntityIds.filter((m) => m !== id),
            lastUpdateTime: this.clock.now(),
          });
        }
        for (const a of this.records.aliasesOf(id)) await this.records.deleteAlias(a.id);
        await this.records.deleteEntity(id);
        await this.onDeleted(id);
      }
    });
  }

  /** Creates or updates an alias; a new alias without canonical_id gets a new entity. */
  upsertAlias(current: AliasRecord | undefined, w: AliasWrite): Promise<AliasRecord> {
    return this.records.write(async () => {
      const accessor = w.mount_accessor || current?.mountAccessor || "";
      if (accessor === "") throw new InvalidRequestError("missing mount_accessor");
      const mount = this.host.authMount(accessor);
      if (!mount) throw new InvalidRequestError("invalid mount accessor");
      const rawName = w.name ?? current?.name ?? "";
      const name = cleanAliasName(rawName, mount.type);
      const clash = this.records.aliasFor(accessor, name);
      if (clash && clash.id !== current?.id)
        throw new InvalidRequestError("combination of mount and alias name is already in use");
      const now = this.clock.now();
      let canonicalId = w.canonical_id || current?.canonicalId || "";
      if (canonicalId === "") {
        canonicalId = randomUUID();
        await this.records.putEntity(this.newEntity(canonicalId, now));
      } else if (!this.records.entities.has(canonicalId)) {
        throw new InvalidRequestError("invalid canonical ID");
      }
      const sibling = this.records
        .aliasesOf(canonicalId)
        .find((a) => a.mountAccessor === accessor && a.id !== current?.id);
      if (sibling)
        throw new InvalidRequestError("alias already exists for requested entity and mount accessor");
      const alias: AliasRecord = {
        id: current?.id ?? randomUUID(),
        canonicalId,
        mountAccessor: accessor,
        name,
        metadata: w.metadata ? cleanMetadata(w.metadata) : (current?.metadata ?? {}),
        customMetadata: w.custom_metadata
          ? cleanMetadata(w.custom_metadata)
          : (current?.customMetadata ?? {}),
        creationTime: current?.creationTime ?? now,
        lastUpdateTime: now,
      };
      await this.records.putAlias(alias);
      return alias;
    });
  }

  deleteAlias(id: string): Promise<void> {
    return this.records.write(() => this.records.deleteAlias(id));
  }

  /** The entity of a login's alias, created (with its alias) on the alias's first login. */
  async forLogin(login: LoginAlias): Promise<EntityRecord> {
    const name = cleanAliasName(login.name, login.mountType);
    const metadata = loginMetadata(login.metadata);
    const found = this.current(login.mountAccessor, name, metadata);
    if (found) return found;
    return this.records.write(async () => {
      const now = this.clock.now();
      const existing = this.records.aliasFor(login.mountAccessor, name);
      let entity = existing ? this.records.entities.get(existing.canonicalId) : undefined;
      if (!entity) {
        entity = this.newEntity(randomUUID(), now);
        await this.records.putEntity(entity);
      }
      await this.records.putAlias({
        id: existing?.id ?? randomUUID(),
        canonicalId: entity.id,
        mountAccessor: login.mountAccessor,
        name,
        metadata,
        customMetadata: existing?.customMetadata ?? {},
        creationTime: existing?.creationTime ?? now,
        lastUpdateTime: now,
      });
      return entity;
    });
  }

  /** The entity of an existing alias whose metadata is unchanged (the common, read-only case). */
  private current(
    accessor: string,
    name: string,
    metadata: Record<string, string>,
  ): EntityRecord | undefined {
    const alias = this.records.aliasFor(accessor, name);
    if (!alias || !sameMap(alias.metadata, metadata)) return undefined;
    return this.records.entities.get(alias.canonicalId);
  }

  private newEntity(id: string, now: number): EntityRecord {
    return {
      id,
      name: this.freshName(id),
      policies: [],
      metadata: {},
      disabled: false,
      creationTime: now,
      lastUpdateTime: now,
      mergedEntityIds: [],
    };
  }

  private freshName(id: string): string {
    const short = `entity_${id.split("-")[0]}`;
    return this.records.entityByNameKey(short) ? `entity_${id}` : short;
  }
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
