/** Vault's read shapes for entities, aliases and groups. */
import type { IdentityHost } from "../../logical/identity.js";
import { groupsOfEntity, parentsOf } from "./membership.js";
import type { IdentityRecords } from "./store.js";
import type { AliasRecord, EntityRecord, GroupAliasRecord, GroupRecord } from "./types.js";

const time = (ms: number) => new Date(ms).toISOString();

/** The fields entity and group aliases share. */
function aliasBase(a: AliasRecord | GroupAliasRecord, host: IdentityHost): Record<string, unknown> {
  const mount = host.authMount(a.mountAccessor);
  return {
    id: a.id,
    canonical_id: a.canonicalId,
    mount_accessor: a.mountAccessor,
    mount_type: mount?.type ?? "",
    mount_path: mount?.path ?? "",
    name: a.name,
    creation_time: time(a.creationTime),
    last_update_time: time(a.lastUpdateTime),
    merged_from_canonical_ids: null,
    namespace_id: "root",
  };
}

export function aliasData(a: AliasRecord, host: IdentityHost): Record<string, unknown> {
  return {
    ...aliasBase(a, host),
    metadata: a.metadata,
    custom_metadata: a.customMetadata,
    local: false,
    merged_from_canonical_ids: a.mergedFromCanonicalIds?.length ? a.mergedFromCanonicalIds : null,
  };
}

export function groupAliasData(a: GroupAliasRecord, host: IdentityHost): Record<string, unknown> {
  return { ...aliasBase(a, host), metadata: null };
}

export function entityData(
  e: EntityRecord,
  records: IdentityRecords,
  host: IdentityHost,
): Record<string, unknown> {
  const { direct, inherited } = groupsOfEntity(records, e.id);
  return {
    id: e.id,
    name: e.name,
    metadata: e.metadata,
    policies: e.policies,
    disabled: e.disabled,
    merged_entity_ids: e.mergedEntityIds.length > 0 ? e.mergedEntityIds : null,
    namespace_id: "root",
    creation_time: time(e.creationTime),
    last_update_time: time(e.lastUpdateTime),
    aliases: records.aliasesOf(e.id).map((a) => aliasData(a, host)),
    direct_group_ids: direct.map((g) => g.id),
    inherited_group_ids: inherited.map((g) => g.id),
    group_ids: [...direct, ...inherited].map((g) => g.id),
  };
}

export function groupData(
  g: GroupRecord,
  records: IdentityRecords,
  host: IdentityHost,
): Record<string, unknown> {
  const alias = records.groupAliasOf(g.id);
  return {
    id: g.id,
    name: g.name,
    type: g.type,
    policies: g.policies,
    member_entity_ids: g.memberEntityIds,
    member_group_ids: g.memberGroupIds,
    parent_group_ids: parentsOf(records, g.id).map((p) => p.id),
    metadata: g.metadata,
    alias: alias ? groupAliasData(alias, host) : {},
    namespace_id: "root",
    creation_time: time(g.creationTime),
    last_update_time: time(g.lastUpdateTime),
  };
}

/** A LIST answer with Vault's key_info. */
export function listData(keys: string[], info: Record<string, Record<string, unknown>>) {
  return keys.length === 0 ? null : { data: { keys, key_info: info } };
}
