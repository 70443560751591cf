/** sys/mounts and sys/auth: list, enable, read and disable; tune, remount and ui/mounts beside. */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import { assertUserMountable, normaliseMountPath } from "../mounts/table.js";
import type { MountTableName } from "../mounts/types.js";
import { routePath } from "../mounts/types.js";
import type { SysDeps } from "./deps.js";
import { checkEnableTTLs, kvVersionOption, parseMountConfig, parseOptions } from "./mount-config.js";
import { matchingMount, mountInfo } from "./mount-info.js";
import { tunePaths } from "./mount-tune.js";
import { remountPaths, remountSudoPaths } from "./remount.js";
import { uiMountPaths } from "./ui-mounts.js";

const enableFields = {
  path: field.str(),
  type: field.str().optional(),
  description: field.str().optional(),
  config: field.object().optional(),
  options: field.object().nullable().optional(),
  local: field.bool().optional(),
  seal_wrap: field.bool().optional(),
  external_entropy_access: field.bool().optional(),
  plugin_version: field.str().optional(),
};

/** Mounts that exist on every server and cannot be disabled. */
const UNDISABLEABLE = ["sys/", "cubbyhole/", "identity/"];

/** The type and options of a new mount, with the kv-v1/kv-v2 aliases resolved. */
function mountKind(isAuth: boolean, rawType: string | undefined, rawOptions: unknown) {
  if (!rawType) throw new InvalidRequestError("backend type must be specified as a string");
  let type = rawType;
  let options = parseOptions(rawOptions) ?? null;
  if (isAuth) {
    if (options?.version) {
      throw new InvalidRequestError(`auth method "${type}" does not allow setting a version`);
    }
    return { type, options };
  }
  if (type === "kv-v1" || type === "kv-v2") {
    options = { ...(options ?? {}), version: type === "kv-v2" ? "2" : "1" };
    type = "kv";
  } else if (type !== "kv" && options?.version) {
    throw new InvalidRequestError(`secrets engine "${type}" does not allow setting a version`);
  }
  if (type === "kv") kvVersionOption(options);
  return { type, options };
}

function tablePaths(deps: SysDeps, table: MountTableName): PathDef[] {
  const isAuth = table === "auth";
  const prefix = isAuth ? "auth" : "mounts";
  return [
    definePath({
      pattern: prefix,
      operations: {
        read: async () => {
          const data: Record<string, unknown> = {};
          for (const e of deps.mounts.list(table)) data[e.path] = mountInfo(e);
          return { data };
        },
      },
      help: isAuth ? "List the enabled auth methods." : "List the mounted secrets engines.",
    }),
    definePath({
      pattern: `${prefix}/(?<path>.+)`,
      fields: enableFields,
      operations: {
        read: async (_req, f) => {
          const path = normaliseMountPath(f.path);
          const entry = matchingMount(deps, isAuth ? `auth/${path}` : path);
          if (!entry || (isAuth && entry.table !== "auth")) {
            throw new InvalidRequestError(
              isAuth ? `No auth engine at ${path}` : `No secret engine mount at ${path}`,
            );
          }
          return { data: mountInfo(entry) };
        },
        update: async (_req, f) => {
          const { type, options } = mountKind(isAuth, f.type, f.options);
          const path = normaliseMountPath(f.path);
          if (isAuth && path.startsWith("token/")) {
            throw new InvalidRequestError("token credential backend cannot be instantiated");
          }
          if (!isAuth) assertUserMountable(path);
          const config = {
            default_lease_ttl: 0,
            max_lease_ttl: 0,
            force_no_cache: false,
            ...parseMountConfig((f.config ?? {}) as Record<string, unknown>, { isAuth }),
          };
          checkEnableTTLs(config, deps.mounts.systemTTLs().maxLeaseTTL);
          await deps.mounts.enable(table, {
            path,
            type,
            description: f.description,
            config,
            options,
            local: f.local,
            seal_wrap: f.seal_wrap,
            external_entropy_access: f.external_entropy_access,
            plugin_version: f.plugin_version,
          });
          return null;
        },
        delete: async (_req, f) => {
          const path = normaliseMountPath(f.path);
          if (isAuth && path.startsWith("token/")) {
            throw new InvalidRequestError("token credential backend cannot be disabled");
          }
          if (!isAuth && UNDISABLEABLE.includes(path)) {
            throw new InvalidRequestError(`cannot unmount "${path}"`);
          }
          // Nothing mounted exactly there is a success too, so this path does not reveal mounts.
          const entry = deps.mounts.find(table, path);
          if (entry) {
            await deps.onUnmount(entry, routePath(entry));
            await deps.mounts.disable(table, path);
          }
          return null;
        },
      },
      help: isAuth ? "Enable, read or disable an auth method." : "Enable, read or disable a secrets engine.",
    }),
  ];
}

export function mountPaths(deps: SysDeps): PathDef[] {
  return [
    // Tune first: "mounts/<path>/tune" would otherwise match the enable pattern.
    ...tunePaths(deps),
    ...tablePaths(deps, "mounts"),
    ...tablePaths(deps, "auth"),
    ...remountPaths(deps),
    ...uiMountPaths(deps),
  ];
}

/** sys/auth/* needs sudo (enable, disable, tune of auth methods), and so does remount. */
export const mountSudoPaths = ["auth/*", ...remountSudoPaths];
