import { approleLogin } from "./approle.js";
import { certLogin } from "./cert.js";
import { jwtLogin } from "./jwt.js";
import { kubernetesLogin } from "./kubernetes.js";
import type { LoginMethod } from "./method.js";
import { oidcLogin } from "./oidc.js";
import { tokenLogin } from "./token.js";
import { userpassLogin } from "./userpass.js";

/** Login methods by name. */
export const LOGIN_METHODS: ReadonlyMap<string, LoginMethod> = new Map(
  [tokenLogin, userpassLogin, approleLogin, jwtLogin, oidcLogin, kubernetesLogin, certLogin].map((m) => [
    m.name,
    m,
  ]),
);
