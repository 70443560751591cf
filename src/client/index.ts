export { CofreClient, encodeApiPath, type QueryValue, type RequestOptions } from "./client.js";
export {
  type ClientEnv,
  type CofreClientOptions,
  clientOptionsFromEnv,
  DEFAULT_ADDRESS,
  DEFAULT_TIMEOUT_MS,
  type Env,
  envValue,
  parseGoBool,
  readCaCert,
  readClientEnv,
} from "./config.js";
export { ApiError, ConnectionError, flattenServerErrors } from "./errors.js";
export { KvApi, type KvMount, type KvPathOptions, type KvTarget, type KvVersion } from "./kv.js";
export { addPrefixToKvPath, ensureTrailingSlash, joinPath, sanitizePath } from "./kv-paths.js";
export { mountPathOf, SysApi } from "./sys.js";
export { TokenApi, type TokenCreateOptions } from "./token.js";
export { TOKEN_FILE, TokenHelper, VAULT_TOKEN_FILE } from "./token-helper.js";
export type * from "./types.js";
