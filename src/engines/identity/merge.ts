/**
 * `entity/merge`: folds entities into one (a person who logged in through two methods before
 * their aliases were tied together). The from-entities' aliases move to the target (two aliases on
 * one mount: refused, unless `conflicting_alias_ids_to_keep` names the one to keep), their group
 * memberships and TOTP enrolments follow (an enrolment for a method the target also has: refused
 * unless `force`, which keeps the moved one), and they are deleted; their ids are kept in the
 * target's `merged_entity_ids`, so tokens issued to them act as the target from now on. Policies
 * are not merged. Everything is checked before anything changes.
 */
import { InvalidRequestError } from "../../errors.js";
import type { Clock } from "../../util/clock.js";
import type { MfaStore, TotpSecret } from "./mfa/store.js";
import type { IdentityRecords } from "./store.js";
import type { AliasRecord } from "./types.js";

export interface MergeRequest {
  toEntityId: string;
  fromEntityIds: string[];
  keepAliasIds: string[];
  force: boolean;
}

export class EntityMerge {
  constructor(
    private readonly records: IdentityRecords,
    private readonly mfa: MfaStore,
    private readonly clock: Clock,
  ) {}

  merge(m: MergeRequest): Promise<void> {
    return this.records.write(async () => {
      const to = this.records.entities.get(m.toEntityId);
      if (!to) throw new InvalidRequestError("entity id to merge to is invalid");
      const fromIds = [...new Set(m.fromEntityIds.map((s) => s.trim()).filter((s) => s !== ""))];
      if (fromIds.length === 0) throw new InvalidRequestError("missing entity ids to merge from");
      if (fromIds.length > 1 && m.keepAliasIds.length > 1)
        throw new InvalidRequestError(
          "aliases conflicts cannot be resolved with multiple from entity ids - merge one entity at a time",
        );
      for (const id of fromIds) {
        if (id === to.id)
          throw new InvalidRequestError("to_entity_id should not be present in from_entity_ids");
        if (!this.records.entities.has(id))
          throw new InvalidRequestError("entity id to merge from is invalid");
      }
      const drop = this.aliasPlan(to.id, fromIds, m.keepAliasIds);
      const moves = await this.mfaPlan(to.id, fromIds, m.force);

      const now = this.clock.now();
      for (const id of drop) await this.records.deleteAlias(id);
      const merged = [...to.mergedEntityIds];
      for (const fromId of fromIds) {
        const from = this.records.entities.get(fromId);
        if (!from) continue;
        for (const a of this.records.aliasesOf(fromId)) {
          await this.records.putAlias({
            ...a,
            canonicalId: to.id,
            mergedFromCanonicalIds: [...(a.mergedFromCanonicalIds ?? []), fromId],
            lastUpdateTime: now,
          });
        }
        for (const g of this.records.groups.values()) {
          if (!g.memberEntityIds.includes(fromId)) continue;
          const members = g.memberEntityIds.filter((e) => e !== fromId);
          if (!members.includes(to.id)) members.push(to.id);
          await this.records.putGroup({ ...g, memberEntityIds: members, lastUpdateTime: now });
        }
        merged.push(...from.mergedEntityIds, fromId);
        await this.records.deleteEntity(fromId);
      }
      for (const mv of moves) {
        await this.mfa.putSecret(mv.methodId, to.id, mv.secret);
        await this.mfa.deleteSecret(mv.methodId, mv.fromId);
      }
      await this.records.putEntity({ ...to, mergedEntityIds: [...new Set(merged)], lastUpdateTime: now });
    });
  }

  /** The alias ids to delete so that the target keeps one alias per mount; throws on a clash. */
  private aliasPlan(toId: string, fromIds: string[], keep: string[]): string[] {
    const toByMount = new Map<string, AliasRecord>();
    for (const a of this.records.aliasesOf(toId)) toByMount.set(a.mountAccessor, a);
    const fromByMount = new Map<string, string>();
    const clashes: string[] = [];
    const drop: string[] = [];
    for (const fromId of fromIds) {
      for (const a of this.records.aliasesOf(fromId)) {
        const other = fromByMount.get(a.mountAccessor);
        if (other !== undefined && other !== fromId)
          throw new InvalidRequestError(
            `mount accessor ${a.mountAccessor} found in multiple fromEntities, merge should be done with one fromEntity at a time`,
          );
        fromByMount.set(a.mountAccessor, fromId);
        const mine = toByMount.get(a.mountAccessor);
        if (!mine) continue;
        if (keep.length === 0) {
          clashes.push(
            `mountAccessor: ${a.mountAccessor}, toEntity ID: ${toId}, fromEntity ID: ${fromId}, conflicting toEntity alias ID: ${mine.id}, conflicting fromEntity alias ID: ${a.id}`,
          );
        } else if (keep.includes(mine.id)) drop.push(a.id);
        else if (keep.includes(a.id)) drop.push(mine.id);
        else
          throw new InvalidRequestError(
            `conflicting mount accessors in following alias IDs and neither were present in conflicting_alias_ids_to_keep: ${a.id}, ${mine.id}`,
          );
      }
    }
    if (clashes.length > 0)
      throw new InvalidRequestError(
        `toEntity and at least one fromEntity have aliases with the same mount accessor, repeat the merge request specifying exactly one fromEntity, clashes: ${clashes.join("; ")}`,
      );
    return drop;
  }

  /** The TOTP enrolments to move to the target; throws on a method both have unless forced. */
  private async mfaPlan(toId: string, fromIds: string[], force: boolean) {
    const moves: Array<{ methodId: string; fromId: string; secret: TotpSecret }> = [];
    for (const methodId of this.mfa.methods.keys()) {
      const mine = await this.mfa.secret(methodId, toId);
      for (const fromId of fromIds) {
        const secret = await this.mfa.secret(methodId, fromId);
        if (!secret) continue;
        if (mine && !force)
          throw new InvalidRequestError(`conflicting MFA config ID "${methodId}" in entity ID "${fromId}"`);
        moves.push({ methodId, fromId, secret });
      }
    }
    return moves;
  }
}
