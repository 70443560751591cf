export {
  type AppRoleLogin,
  AuthLoginApi,
  type JwtLogin,
  KUBERNETES_TOKEN_PATH,
  type KubernetesLogin,
} from "./auth-login.js";
export { CofreClient, encodeApiPath, type QueryValue, type RequestOptions } from "./client.js";
export { Cofre, CofreKv, type CofreOptions, type KeptCredentials, type KvReadOptions } from "./cofre.js";
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
export { DatabaseApi, type DatabaseCredentials } from "./database.js";
export { ApiError, ConnectionError, flattenServerErrors } from "./errors.js";
export { KvApi, type KvMount, type KvPathOptions, type KvTarget, type KvVersion } from "./kv.js";
export { addPrefixToKvPath, ensureTrailingSlash, joinPath, sanitizePath } from "./kv-paths.js";
export { LeaseApi, LeaseKeeper, type LeaseKeeperEvents } from "./leases.js";
export { type LeaseInfo, readSecret, type SecretValue, secretFingerprint } from "./secret-source.js";
export { mountPathOf, SysApi } from "./sys.js";
export { realTimers, type Timers } from "./timers.js";
export { TokenApi, type TokenCreateOptions } from "./token.js";
export { TOKEN_FILE, TokenHelper, VAULT_TOKEN_FILE } from "./token-helper.js";
export type * from "./types.js";
export {
  type SecretChange,
  SecretWatcher,
  type SecretWatcherEvents,
  type SecretWatcherOptions,
} from "./watch.js";
