/**
 * identity/: entities (one per person or machine), their aliases (one per auth mount and login
 * name), internal and external groups (with their aliases), lookups, and login MFA methods and
 * enforcements. Mounted on every server
 * as in Vault. The core reaches it through `identity` (src/logical/identity.ts): logins find or
 * create their entity here, and every request reads its entity's policies from memory.
 */
import { PermissionDeniedError } from "../../errors.js";
import { createBackend } from "../../logical/framework.js";
import type { IdentityBackend, IdentityBackendContext, IdentityService } from "../../logical/identity.js";
import { EntityOps } from "./entities.js";
import { GroupOps } from "./groups.js";
import { ViewCache } from "./membership.js";
import { EntityMerge } from "./merge.js";
import { LoginMfa } from "./mfa/login.js";
import { MfaStore } from "./mfa/store.js";
import { aliasPaths } from "./paths/alias.js";
import { entityPaths } from "./paths/entity.js";
import { groupPaths } from "./paths/group.js";
import { groupAliasPaths } from "./paths/group-alias.js";
import { lookupPaths } from "./paths/lookup.js";
import { mfaEnforcementPaths } from "./paths/mfa-enforcement.js";
import { mfaMethodPaths } from "./paths/mfa-method.js";
import { IdentityRecords } from "./store.js";

export function identityBackend(ctx: IdentityBackendContext): IdentityBackend {
  const records = new IdentityRecords(ctx.storage);
  const views = new ViewCache(records);
  const mfaStore = new MfaStore(ctx.storage);
  const mfa = new LoginMfa(mfaStore, (id) => views.get(id), ctx.clock);
  const entities = new EntityOps(records, ctx.host, ctx.clock, (id) => mfaStore.forgetEntity(id));
  const groups = new GroupOps(records, ctx.clock, ctx.host);
  const merger = new EntityMerge(records, mfaStore, ctx.clock);
  const identity: IdentityService = {
    generation: () => records.generation(),
    view: (id) => (id === "" ? null : views.get(id)),
    entityForLogin: async (alias) => {
      const entity = await entities.forLogin(alias);
      if (alias.groupNames !== undefined)
        await groups.syncExternalGroups(entity.id, alias.mountAccessor, alias.groupNames);
      const view = views.get(entity.id);
      if (!view) throw new PermissionDeniedError();
      return view;
    },
    mfa,
  };
  const backend = createBackend({
    type: "identity",
    paths: [
      ...entityPaths({ records, ops: entities, host: ctx.host, merger }),
      ...aliasPaths(records, entities, ctx.host),
      ...groupPaths(records, groups, ctx.host),
      ...groupAliasPaths(records, groups, ctx.host),
      ...lookupPaths(records, ctx.host),
      ...mfaMethodPaths(mfaStore, records),
      ...mfaEnforcementPaths(mfaStore, records, ctx.host),
    ],
    help: "Entities, entity aliases, groups and login MFA.",
    initialize: async () => {
      await records.load();
      await mfaStore.load();
    },
    cleanup: async () => {
      records.clear();
      mfaStore.clear();
      mfa.clear();
    },
  });
  return { ...backend, identity };
}
