/** config: Vault's settings of the cert method (config/rate_limit is the shared auth/common path). */
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { CertRoleStore } from "../role-store.js";

export function configPaths(roles: CertRoleStore): PathDef[] {
  return [
    definePath({
      pattern: "config",
      fields: {
        disable_binding: field.bool().optional(),
        enable_identity_alias_metadata: field.bool().optional(),
      },
      operations: {
        read: async () => {
          const c = await roles.config();
          return {
            data: {
              disable_binding: c.disableBinding,
              enable_identity_alias_metadata: c.enableIdentityAliasMetadata,
            },
          };
        },
        update: async (_req, f) => {
          const c = await roles.config();
          await roles.setConfig({
            disableBinding: f.disable_binding ?? c.disableBinding,
            enableIdentityAliasMetadata: f.enable_identity_alias_metadata ?? c.enableIdentityAliasMetadata,
          });
          return null;
        },
      },
      help: "Settings of the cert auth method (identity alias metadata; binding on renewal).",
    }),
  ];
}
