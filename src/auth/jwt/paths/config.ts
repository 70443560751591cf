/** `config`: read and (re)write the mount's key source; a write first fetches what it points at. */
import type { PathDef } from "../../../logical/framework.js";
import { configPath } from "../../common/record-paths.js";
import { configFields, configView, type JwtConfigStore, parseConfigWrite } from "../config.js";
import type { JwtKeySource } from "../key-source.js";

export function configPaths(configs: JwtConfigStore, keys: JwtKeySource): PathDef[] {
  return [
    configPath({
      configs,
      fields: configFields,
      view: configView,
      write: async (f) => {
        const config = parseConfigWrite(f);
        await keys.check(config);
        await configs.put(config);
        keys.clear();
      },
      help:
        "Where signing keys come from (exactly one of oidc_discovery_url, jwks_url, " +
        "jwt_validation_pubkeys), bound_issuer, jwt_supported_algs and default_role.",
    }),
  ];
}
