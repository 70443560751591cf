/** `config`: the API server, its CA, the token reviewer JWT (never read back) and local keys. */
import type { PathDef } from "../../../logical/framework.js";
import { configPath } from "../../common/record-paths.js";
import { configFields, configView, type KubernetesConfigStore, parseConfigWrite } from "../config.js";

export function configPaths(configs: KubernetesConfigStore): PathDef[] {
  return [
    configPath({
      configs,
      fields: configFields,
      view: configView,
      write: (f) => configs.put(parseConfigWrite(f)),
      help:
        "kubernetes_host, kubernetes_ca_cert, token_reviewer_jwt (write-only), pem_keys (verify " +
        "tokens locally instead of calling TokenReview), issuer, disable_local_ca_jwt.",
    }),
  ];
}
