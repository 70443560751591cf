/** Internal group writes: members must exist, and nesting may never loop. */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type { Clock } from "../../util/clock.js";
import { isSelfOrAncestor } from "./membership.js";
import { cleanMetadata, cleanName, cleanPolicies } from "./names.js";
import type { IdentityRecords } from "./store.js";
import type { GroupRecord } from "./types.js";

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
  ) {}

  upsert(current: GroupRecord | undefined, w: GroupWrite): Promise<{ group: GroupRecord; created: boolean }> {
    return this.records.write(async () => {
      if (w.type !== undefined && w.type !== "" && w.type !== "internal") {
        throw new InvalidRequestError(
          w.type === "external" ? "external groups are not supported" : "invalid group type",
        );
      }
      let target = current ? this.records.groups.get(current.id) : undefined;
      if (current && !target) throw new InvalidRequestError("group not found from id");
      const name = w.name !== undefined && w.name !== "" ? cleanName(w.name, "group") : undefined;
      if (name !== undefined) {
        const byName = this.records.groupByNameKey(name);
        if (byName && target && byName.id !== target.id)
          throw new InvalidRequestError("group name is already in use");
        target ??= byName;
      }
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
        type: "internal",
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
      await this.records.deleteGroup(id);
    });
  }
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter((s) => s !== ""))];
}
