import type { LoginMethod } from "./method.js";
import { tokenLogin } from "./token.js";
import { userpassLogin } from "./userpass.js";

/** Login methods by name. */
export const LOGIN_METHODS: ReadonlyMap<string, LoginMethod> = new Map(
  [tokenLogin, userpassLogin].map((m) => [m.name, m]),
);
