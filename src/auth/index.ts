import type { BackendFactory } from "../logical/types.js";
import { createApproleBackend } from "./approle/index.js";
import { createCertBackend } from "./cert/index.js";
import { createJwtBackend } from "./jwt/index.js";
import { createKubernetesBackend } from "./kubernetes/index.js";
import { createUserpassBackend } from "./userpass/index.js";

/**
 * Auth methods users can enable with `sys/auth/<path>`, by type. The token method is built into
 * the core (auth/token/). Add a method here as one line: `userpass: userpassBackend`.
 */
export const authMethods: Record<string, BackendFactory> = {
  approle: createApproleBackend,
  userpass: createUserpassBackend,
  jwt: createJwtBackend,
  oidc: createJwtBackend,
  kubernetes: (ctx) => createKubernetesBackend(ctx),
  cert: createCertBackend,
};
