/** sys/mounts, sys/auth, tune, remount and sys/internal/ui/mounts. */
import { InvalidRequestError, PermissionDeniedError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalRequest } from "../../logical/types.js";
import { assertUserMountable, normaliseMountPath } from "../mounts/table.js";
import type { MountEntry, MountTableName } from "../mounts/types.js";
import { routePath } from "../mounts/types.js";
import type { SysDeps } from "./deps.js";
import { checkTTLs, parseMountConfig, parseOptions } from "./mount-config.js";
import { mountInfo, tuneInfo } from "./mount-info.js";

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

const tuneFields = {
  path: field.str(),
  description: field.str().optional(),
  default_lease_ttl: field.object().or(field.str()).or(field.int()).optional(),
  max_lease_ttl: field.object().or(field.str()).or(field.int()).optional(),
  options: field.object().nullable().optional(),
  listing_visibility: field.str().optional(),
  audit_non_hmac_request_keys: field.strings().optional(),
  audit_non_hmac_response_keys: field.strings().optional(),
  passthrough_request_headers: field.strings().optional(),
  allowed_response_headers: field.strings().optional(),
  token_type: field.str().optional(),
  plugin_version: field.str().optional(),
};

function tablePaths(deps: SysDeps, table: MountTableName, prefix: string): PathDef[] {
  const isAuth = table === "auth";
  const find = (path: string): MountEntry => {
    const entry = deps.mounts.find(table, normaliseMountPath(path));
    if (!entry) throw new InvalidRequestError(`no mount at ${normaliseMountPath(path)}`);
    return entry;
  };
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
      pattern: `${prefix}/(?<path>.+?)/tune`,
      fields: tuneFields,
      operations: {
        read: async (_req, f) => ({ data: tuneInfo(deps.mounts, find(f.path)) }),
        update: async (req, f) => {
          const entry = find(f.path);
          const config = {
            ...entry.config,
            ...parseMountConfig(req.data as Record<string, unknown>, isAuth),
          };
          checkTTLs(
            config,
            deps.mounts.ttls({ ...entry, config: { ...config, max_lease_ttl: 0 } }).maxLeaseTTL,
          );
          const change: Partial<MountEntry> = { config };
          if (f.description !== undefined) change.description = f.description;
          if (f.plugin_version !== undefined) change.plugin_version = f.plugin_version;
          let reload = false;
          const options = parseOptions(f.options);
          if (options) {
            const merged = { ...(entry.options ?? {}), ...options };
            const oldVersion = entry.options?.version ?? "";
            if (options.version !== undefined && options.version !== oldVersion) {
              if (entry.type !== "kv") {
                throw new InvalidRequestError(
                  `secrets engine "${entry.type}" does not allow setting a version`,
                );
              }
              if ((oldVersion === "2" && options.version !== "2") || !["1", "2"].includes(options.version)) {
                throw new InvalidRequestError("cannot downgrade or set an invalid kv version");
              }
              reload = true;
            }
            change.options = merged;
          }
          await deps.mounts.update(entry, change, reload);
          return null;
        },
      },
      help: "Tune the TTLs and settings of a mount.",
    }),
    definePath({
      pattern: `${prefix}/(?<path>.+)`,
      fields: enableFields,
      operations: {
        read: async (_req, f) => ({ data: mountInfo(find(f.path)) }),
        update: async (_req, f) => {
          let type = f.type;
          if (!type) throw new InvalidRequestError("backend type must be specified as a string");
          const path = normaliseMountPath(f.path);
          if (!isAuth) assertUserMountable(path);
          if (isAuth && path === "token/")
            throw new InvalidRequestError("token credential backend cannot be instantiated");
          let options = parseOptions(f.options) ?? null;
          if (!isAuth && (type === "kv-v1" || type === "kv-v2")) {
            options = { ...(options ?? {}), version: type === "kv-v2" ? "2" : "1" };
            type = "kv";
          }
          if (options?.version !== undefined && type !== "kv") {
            throw new InvalidRequestError(`secrets engine "${type}" does not allow setting a version`);
          }
          const config = {
            default_lease_ttl: 0,
            max_lease_ttl: 0,
            force_no_cache: false,
            ...parseMountConfig((f.config ?? {}) as Record<string, unknown>, isAuth),
          };
          checkTTLs(
            config,
            deps.mounts.ttls({ config: { ...config, max_lease_ttl: 0 } } as MountEntry).maxLeaseTTL,
          );
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
          if (isAuth && path === "token/")
            throw new InvalidRequestError("token credential backend cannot be disabled");
          if (!isAuth && ["sys/", "cubbyhole/", "identity/"].includes(path)) {
            throw new InvalidRequestError(`cannot unmount "${path}"`);
          }
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

function uiMountPaths(deps: SysDeps): PathDef[] {
  const visible = async (req: LogicalRequest) => {
    const acl = await deps.aclFor(req);
    const secret: Record<string, unknown> = {};
    const auth: Record<string, unknown> = {};
    for (const table of ["mounts", "auth"] as const) {
      for (const e of deps.mounts.list(table)) {
        const rp = routePath(e);
        let info: Record<string, unknown> | null = null;
        if (acl?.hasAnyAccessUnder(rp)) info = mountInfo(e);
        else if (e.config.listing_visibility === "unauth") {
          info = { type: e.type, description: e.description, options: e.options };
        }
        if (info) (table === "mounts" ? secret : auth)[e.path] = info;
      }
    }
    return { secret, auth };
  };
  return [
    definePath({
      pattern: "internal/ui/mounts",
      operations: { read: async (req) => ({ data: await visible(req) }) },
      help: "Mounts visible to the caller (used by clients to detect the KV version).",
    }),
    definePath({
      pattern: "internal/ui/mounts/(?<path>.+)",
      fields: { path: field.str() },
      operations: {
        read: async (req, f) => {
          const denied = () =>
            new PermissionDeniedError(
              `preflight capability check returned 403, please ensure client's policies grant access to path "${normaliseMountPath(f.path)}"`,
            );
          const acl = await deps.aclFor(req);
          if (!acl) throw denied();
          const match = deps.mounts.router.match(f.path.replace(/^\/+/, ""));
          if (!match) throw denied();
          const rp = match.route.mountPath;
          if (!acl.hasAnyAccessUnder(rp)) throw denied();
          return { data: { ...mountInfo(match.route.entry), path: match.route.entry.path } };
        },
      },
    }),
  ];
}

export function mountPaths(deps: SysDeps): PathDef[] {
  return [
    ...tablePaths(deps, "mounts", "mounts"),
    ...tablePaths(deps, "auth", "auth"),
    definePath({
      pattern: "remount",
      fields: { from: field.str().optional(), to: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          if (!f.from || !f.to) throw new InvalidRequestError("both 'from' and 'to' paths must be specified");
          const to = normaliseMountPath(f.to);
          assertUserMountable(to);
          const from = normaliseMountPath(f.from);
          if (["sys/", "cubbyhole/", "identity/"].includes(from)) {
            throw new InvalidRequestError(`cannot remount "${from}"`);
          }
          await deps.mounts.remount(from, to);
          return null;
        },
      },
    }),
    ...uiMountPaths(deps),
  ];
}

export const mountSudoPaths = ["auth/*", "remount"];
