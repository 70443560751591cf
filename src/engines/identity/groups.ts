/**
 * Group writes: members must exist, and nesting may never loop. An external group's member
 * entities are not written by hand: logins set them from the group names their auth method
 * reports (see syncExternalGroups).
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type { IdentityHost } from "../../logical/identity.js";
import type { Clock } from "../../util/clock.js";
import { isSelfOrAncestor } from "./membership.js";
import { cleanMetadata, cleanName, cleanPolicies } from "./names.js";
import type { IdentityRecords } from "./store.js";
import type { GroupAliasRecord, GroupRecord } from "./types.js";

export interface GroupWrite {
  name?: string;
  type?: string;
  policies?: string[];
  member_entity_ids?: string[];
  member_group_ids?: string[];
  metadata?: Record<string, string>;
}

export class GroupOps {
  constructor(
    private readonly records: IdentityRecords,
    private readonly clock: Clock,
    private readonly host: IdentityHost,
  ) {}

  upsert(current: GroupRecord | undefined, w: GroupWrite): Promise<{ group: GroupRecord; created: boolean }> {
    return this.records.write(async () => {
      const type = w.type === undefined || w.type === "" ? undefined : w.type;
      if (type !== undefined && type !== "internal" && type !== "external")
        throw new InvalidRequestError("invalid group type");
      let target = current ? this.records.groups.get(current.id) : undefined;
      if (current && !target) throw new InvalidRequestError("group not found from id");
      const name = w.name !== undefined && w.name !== "" ? cleanName(w.name, "group") : undefined;
      if (name !== undefined) {
        const byName = this.records.groupByNameKey(name);
        if (byName && target && byName.id !== target.id)
          throw new InvalidRequestError("group name is already in use");
        target ??= byName;
      }
      if (target && type !== undefined && type !== target.type)
        throw new InvalidRequestError("group type cannot be changed");
      const groupType = target?.type ?? type ?? "internal";
      if (groupType === "external" && w.member_entity_ids !== undefined)
        throw new InvalidRequestError("member entities can't be set manually for external groups");
      const id = target?.id ?? randomUUID();
      const entities = w.member_entity_ids ? unique(w.member_entity_ids) : (target?.memberEntityIds ?? []);
      for (const e of entities) {
        if (!this.records.entities.has(e)) throw new InvalidRequestError(`entity "${e}" does not exist`);
      }
      const groups = w.member_group_ids ? unique(w.member_group_ids) : (target?.memberGroupIds ?? []);
      for (const g of groups) {
        if (!this.records.groups.has(g)) throw new InvalidRequestError(`group "${g}" does not exist`);
        if (isSelfOrAncestor(this.records, id, g))
          throw new InvalidRequestError(
            `group "${g}" is this group or one of its parents; it cannot be a member`,
          );
      }
      const now = this.clock.now();
      const group: GroupRecord = {
        id,
        name: name ?? target?.name ?? `group_${id.split("-")[0]}`,
        type: groupType,
        policies: w.policies ? cleanPolicies(w.policies) : (target?.policies ?? []),
        memberEntityIds: entities,
        memberGroupIds: groups,
        metadata: w.metadata ? cleanMetadata(w.metadata) : (target?.metadata ?? {}),
        creationTime: target?.creationTime ?? now,
        lastUpdateTime: now,
      };
      await this.records.putGroup(group);
      return { group, created: !target };
    });
  }

  delete(id: string): Promise<void> {
    return this.records.write(async () => {
      if (!this.records.groups.has(id)) return;
      for (const g of this.records.groups.values()) {
        if (!g.memberGroupIds.includes(id)) continue;
        await this.records.putGroup({
          ...g,
          memberGroupIds: g.memberGroupIds.filter((m) => m !== id),
          lastUpdateTime: this.clock.now(),
        });
      }
      const alias = this.records.groupAliasOf(id);
      if (alias) await this.records.deleteGroupAlias(alias.id);
      await this.records.deleteGroup(id);
    });
  }

  /**
   * Sets the external group memberships an entity has through one auth mount to the groups whose
   * alias on that mount is among `names` (the groups its login reported): joins the new ones,
   * leaves the others. Names without a group alias are ignored, as in Vault.
   */
  syncExternalGroups(entityId: string, mountAccessor: string, names: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    for (const n of names) {
      const alias = this.records.groupAliasFor(mountAccessor, n);
      if (alias) wanted.add(alias.canonicalId);
    }
    const changes = this.externalChanges(entityId, mountAccessor, wanted);
    if (changes.length === 0) return Promise.resolve();
    return this.records.write(async () => {
      for (const g of this.externalChanges(entityId, mountAccessor, wanted)) {
        const members = wanted.has(g.id)
          ? [...g.memberEntityIds, entityId]
          : g.memberEntityIds.filter((m) => m !== entityId);
        await this.records.putGroup({ ...g, memberEntityIds: members, lastUpdateTime: this.clock.now() });
      }
    });
  }

  /** External groups aliased on this mount whose membership of `entityId` must change. */
  private externalChanges(entityId: string, mountAccessor: string, wanted: Set<string>): GroupRecord[] {
    const out: GroupRecord[] = [];
    for (const a of this.records.groupAliases.values()) {
      if (a.mountAccessor !== mountAccessor) continue;
      const g = this.records.groups.get(a.canonicalId);
      if (g?.type !== "external") continue;
      if (wanted.has(g.id) !== g.memberEntityIds.includes(entityId)) out.push(g);
    }
    return out;
  }

  /** Creates or updates the alias of an external group (one per group; name unique per mount). */
  upsertAlias(current: GroupAliasRecord | undefined, w: GroupAliasWrite): Promise<GroupAliasRecord> {
    return this.records.write(async () => {
      const accessor = w.mount_accessor || current?.mountAccessor || "";
      if (accessor === "") throw new InvalidRequestError("missing mount_accessor");
      if (!this.host.authMount(accessor)) throw new InvalidRequestError("invalid mount accessor");
      const name = (w.name ?? current?.name ?? "").trim();
      if (name === "") throw new InvalidRequestError("missing alias name");
      if (name.length > 512) throw new InvalidRequestError("alias name is longer than 512 characters");
      const clash = this.records.groupAliasFor(accessor, name);
      if (clash && clash.id !== current?.id)
        throw new InvalidRequestError("combination of mount and group alias name is already in use");
      const canonicalId = w.canonical_id || current?.canonicalId || "";
      if (canonicalId === "") throw new InvalidRequestError("missing canonical_id");
      const group = this.records.groups.get(canonicalId);
      if (!group) throw new InvalidRequestError("invalid canonical ID");
      if (group.type !== "external") throw new InvalidRequestError("alias can't be set on an internal group");
      const other = this.records.groupAliasOf(canonicalId);
      if (other && other.id !== current?.id)
        throw new InvalidRequestError("group already has an alias; update or delete it first");
      const now = this.clock.now();
      const alias: GroupAliasRecord = {
        id: current?.id ?? randomUUID(),
        canonicalId,
        mountAccessor: accessor,
        name,
        creationTime: current?.creationTime ?? now,
        lastUpdateTime: now,
      };
      // A new name or mount: the group's members came from the old one, so they leave until they log in again.
      if (
        current &&
        (current.name !== name || current.mountAccessor !== accessor || current.canonicalId !== canonicalId)
      )
        await this.emptyGroup(current.canonicalId);
      await this.records.putGroupAlias(alias);
      return alias;
    });
  }

  deleteAlias(id: string): Promise<void> {
    return this.records.write(async () => {
      const alias = this.records.groupAliases.get(id);
      if (!alias) return;
      await this.emptyGroup(alias.canonicalId);
      await this.records.deleteGroupAlias(id);
    });
  }

  /** An external group whose alias changed or went: its members came from it, so they leave. */
  private async emptyGroup(groupId: string): Promise<void> {
    const group = this.records.groups.get(groupId);
    if (group && group.memberEntityIds.length > 0)
      await this.records.putGroup({ ...group, memberEntityIds: [], lastUpdateTime: this.clock.now() });
  }
}

export interface GroupAliasWrite {
  name?: string;
  mount_accessor?: string;
  canonical_id?: string;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter((s) => s !== ""))];
}
