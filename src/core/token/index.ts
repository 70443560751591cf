export { TOKEN_SUDO_PATHS, tokenBackend } from "./backend.js";
export type { CreateFields } from "./create-plan.js";
export type { TokenTidyReport } from "./revocation.js";
export { type LoginContext, type MintedToken, TokenStore } from "./store.js";
export {
  type LoginRenewal,
  REVOCATION_PENDING,
  type RoleTokenType,
  type TokenEntry,
  type TokenRole,
  type TokenStoreDeps,
  type TokenType,
} from "./types.js";
export { authEnvelope, lookupData, toRequestAuth } from "./views.js";
