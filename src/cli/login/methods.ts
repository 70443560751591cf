import type { LoginMethod } from "./method.js";
import { tokenLogin } from "./token.js";

/** Login methods by name. */
export const LOGIN_METHODS: ReadonlyMap<string, LoginMethod> = new Map([tokenLogin].map((m) => [m.name, m]));
