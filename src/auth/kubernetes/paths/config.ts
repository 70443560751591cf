/** `config`: the API server, its CA, the token reviewer JWT (never read back) and local keys. */
import { definePath, type PathDef } from "../../../logical/framework.js";
import { configFields, configView, type KubernetesConfigStore, parseConfigWrite } from "../config.js";

export function configPaths(configs: KubernetesConfigStore): PathDef[] {
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
          await configs.put(parseConfigWrite(f));
          return null;
        },
      },
      help:
        "kubernetes_host, kubernetes_ca_cert, token_reviewer_jwt (write-only), pem_keys (verify " +
        "tokens locally instead of calling TokenReview), issuer, disable_local_ca_jwt.",
    }),
  ];
}
