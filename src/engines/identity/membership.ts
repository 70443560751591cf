/**
 * Group membership and the per-entity view the core reads on every request: direct groups,
 * inherited groups (a group listed in another group's member_group_ids inherits that group),
 * the policies of the entity and all of them, and the data policy templates read. Views are
 * cached per entity until the next identity write.
 */
import type { IdentityView } from "../../logical/identity.js";
import type { IdentityRecords } from "./store.js";
import type { GroupRecord } from "./types.js";

/** Groups an entity belongs to directly, and those it inherits through group nesting. */
export function groupsOfEntity(
  records: IdentityRecords,
  entityId: string,
): { direct: GroupRecord[]; inherited: GroupRecord[] } {
  const direct = [...records.groups.values()].filter((g) => g.memberEntityIds.includes(entityId));
  const seen = new Set(direct.map((g) => g.id));
  const inherited: GroupRecord[] = [];
  const queue = [...direct];
  while (queue.length > 0) {
    const child = queue.shift() as GroupRecord;
    for (const parent of parentsOf(records, child.id)) {
      if (seen.has(parent.id)) continue;
      seen.add(parent.id);
      inherited.push(parent);
      queue.push(parent);
    }
  }
  return { direct, inherited };
}

/** Groups that list `groupId` as a member group. */
export function parentsOf(records: IdentityRecords, groupId: string): GroupRecord[] {
  return [...records.groups.values()].filter((g) => g.memberGroupIds.includes(groupId));
}

/** Whether `candidate` is `groupId` itself or one of its ancestors (making it a member would loop). */
export function isSelfOrAncestor(records: IdentityRecords, groupId: string, candidate: string): boolean {
  const seen = new Set<string>();
  const queue = [groupId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (id === candidate) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const p of parentsOf(records, id)) queue.push(p.id);
  }
  return false;
}

export class ViewCache {
  private readonly views = new Map<string, IdentityView>();
  private builtAt = -1;

  constructor(private readonly records: IdentityRecords) {}

  get(entityId: string): IdentityView | null {
    const gen = this.records.generation();
    if (gen !== this.builtAt) {
      this.views.clear();
      this.builtAt = gen;
    }
    const hit = this.views.get(entityId);
    if (hit) return hit;
    const view = this.build(entityId, gen);
    if (view) {
      if (this.views.size >= 10_000) this.views.clear();
      this.views.set(entityId, view);
    }
    return view;
  }

  private build(requestedId: string, generation: number): IdentityView | null {
    // A merged-away entity's tokens act as the entity it was merged into.
    const entity = this.records.canonicalEntity(requestedId);
    if (!entity) return null;
    const entityId = entity.id;
    const { direct, inherited } = groupsOfEntity(this.records, entityId);
    const groups = [...direct, ...inherited];
    const policies = new Set(entity.policies);
    for (const g of groups) for (const p of g.policies) policies.add(p);
    const aliases: NonNullable<IdentityView["template"]["entity"]>["aliases"] = {};
    for (const a of this.records.aliasesOf(entityId)) {
      aliases[a.mountAccessor] = {
        id: a.id,
        name: a.name,
        metadata: { ...a.metadata },
        custom_metadata: { ...a.customMetadata },
      };
    }
    return Object.freeze({
      entityId,
      name: entity.name,
      disabled: entity.disabled,
      policies: [...policies].sort(),
      groupIds: groups.map((g) => g.id),
      template: {
        entity: { id: entity.id, name: entity.name, metadata: { ...entity.metadata }, aliases },
        groups: groups.map((g) => ({ id: g.id, name: g.name, metadata: { ...g.metadata } })),
      },
      generation,
    });
  }
}
