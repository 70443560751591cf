/** `config`: read and (re)write the mount's key source; a write first fetches what it points at. */
import { definePath, type PathDef } from "../../../logical/framework.js";
import { configFields, configView, type JwtConfigStore, parseConfigWrite } from "../config.js";
import type { JwtKeySource } from "../key-source.js";

export function configPaths(configs: JwtConfigStore, keys: JwtKeySource): PathDef[] {
  return [
    definePath({
      pattern: "config",
      fields: configFields,
      operations: {
        read: async () => {
          const config = await configs.get();
          return config ? { data: configView(config) } : null;
        },
        update: async (_req, f) => {
          const config = parseConfigWrite(f);
          await keys.check(config);
          await configs.put(config);
          keys.clear();
          return null;
        },
      },
      help:
        "Where signing keys come from (exactly one of oidc_discovery_url, jwks_url, " +
        "jwt_validation_pubkeys), bound_issuer, jwt_supported_algs and default_role.",
    }),
  ];
}
