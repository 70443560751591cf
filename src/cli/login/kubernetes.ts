import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import { readUserFile } from "../input.js";
import type { LoginMethod } from "./method.js";

/** Where Kubernetes mounts a pod's service account token. */
export const SERVICE_ACCOUNT_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/**
 * `-method=kubernetes`: `cofre login -method=kubernetes role=ROLE [jwt=JWT|-|@FILE]`. Without
 * `jwt=`, the pod's own service account token is read from `tokenPath`.
 */
export function kubernetesLoginMethod(tokenPath = SERVICE_ACCOUNT_TOKEN_PATH): LoginMethod {
  return {
    name: "kubernetes",
    usage:
      "cofre login -method=kubernetes role=ROLE [jwt=JWT|-|@FILE] (default: the pod's service account token)",
    async login({ ctx, client, args, mountPath }) {
      const data = await parseDataArgs(ctx, args);
      const role = data.role;
      if (typeof role !== "string" || role.trim() === "") throw new UsageError("role=ROLE is required");
      let jwt = data.jwt;
      if (jwt === undefined) {
        jwt = await readUserFile(ctx, tokenPath).catch(() => {
          throw new UsageError(
            `no jwt=... given and the service account token ${tokenPath} cannot be read (not in a pod?)`,
          );
        });
      }
      if (typeof jwt !== "string" || jwt.trim() === "") throw new UsageError("no JWT given");
      const secret = await client
        .write(`auth/${mountPath}/login`, { role, jwt: jwt.trim() })
        .catch(failWith("Error authenticating"));
      const token = secret?.auth?.client_token;
      if (!secret || !token) throw new UsageError("the server returned no token");
      return { token, secret };
    },
  };
}

export const kubernetesLogin: LoginMethod = kubernetesLoginMethod();
