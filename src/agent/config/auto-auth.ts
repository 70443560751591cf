/** The `auto_auth` stanza: one login method and its token sinks. */
import { resolve } from "node:path";
import { KUBERNETES_TOKEN_PATH } from "../../client/auth-login.js";
import { Section } from "./section.js";
import type { AutoAuthSettings, MethodSettings, SinkSettings } from "./types.js";

const METHOD_KEYS = [
  "type",
  "mount_path",
  "namespace",
  "min_backoff",
  "max_backoff",
  "exit_on_err",
  "config",
];
const UNSUPPORTED_METHOD_KEYS = ["wrap_ttl"];
const SINK_UNSUPPORTED = ["dh_type", "dh_path", "derive_key", "aad", "aad_env_var"];

function emptyConfig(m: Section): Section {
  return new Section(m.file, `${m.name}.config`, {}, undefined, m.line, m.warnings);
}

function methodSettings(type: string, m: Section, cwd: string): MethodSettings {
  const c = m.child("config") ?? emptyConfig(m);
  const path = (key: string) => resolve(cwd, c.required(key));
  switch (type) {
    case "token_file":
      c.checkKeys(["token_file_path"]);
      return { type, tokenFilePath: path("token_file_path") };
    case "approle": {
      if (c.has("secret_id_response_wrapping_path"))
        throw c.fail(
          "secret_id_response_wrapping_path",
          "a response-wrapped secret ID file is not supported yet",
        );
      c.checkKeys(["role_id_file_path", "secret_id_file_path", "remove_secret_id_file_after_reading"]);
      const secretId = c.str("secret_id_file_path");
      return {
        type,
        roleIdFilePath: path("role_id_file_path"),
        ...(secretId ? { secretIdFilePath: resolve(cwd, secretId) } : {}),
        removeSecretIdFileAfterReading: c.bool("remove_secret_id_file_after_reading", true),
      };
    }
    case "kubernetes":
      c.checkKeys(["role", "token_path"]);
      return {
        type,
        role: c.required("role"),
        tokenPath: resolve(cwd, c.str("token_path") ?? KUBERNETES_TOKEN_PATH),
      };
    case "jwt":
      c.checkKeys(
        ["role", "path", "remove_jwt_after_reading"],
        ["remove_jwt_follows_symlinks", "jwt_read_period"],
      );
      return {
        type,
        role: c.required("role"),
        path: path("path"),
        removeJwtAfterReading: c.bool("remove_jwt_after_reading", true),
      };
    default:
      throw m.fail(
        undefined,
        `auto_auth method ${JSON.stringify(type)} is not supported (token_file, approle, kubernetes, jwt are)`,
      );
  }
}

function sinkSettings(type: string, s: Section, cwd: string): SinkSettings {
  if (type !== "file") throw s.fail(undefined, `sink ${JSON.stringify(type)} is not supported (only "file")`);
  for (const key of SINK_UNSUPPORTED) {
    if (s.has(key))
      throw s.fail(key, `sink ${key} is not supported: the sink would not be written as configured`);
  }
  s.checkKeys(["type", "config", "wrap_ttl"]);
  const c = s.child("config") ?? new Section(s.file, `${s.name}.config`, {}, undefined, s.line, s.warnings);
  c.checkKeys(["path", "mode"]);
  const settings: SinkSettings = {
    path: resolve(cwd, c.required("path")),
    mode: c.mode("mode", 0o600),
    where: s.where(),
  };
  if (s.has("wrap_ttl")) {
    const ms = s.durationMs("wrap_ttl", 0);
    if (ms < 1000) throw s.fail("wrap_ttl", "wrap_ttl must be at least one second");
    settings.wrapTtlSeconds = Math.floor(ms / 1000);
  }
  return settings;
}

export function readAutoAuth(s: Section, cwd: string): AutoAuthSettings {
  s.checkKeys(["method", "sink"], ["enable_reauth_on_new_credentials"]);
  const methods = s.labelled("method");
  if (methods.length !== 1) throw s.fail(undefined, "auto_auth needs exactly one method block");
  const [type, m] = methods[0];
  for (const key of UNSUPPORTED_METHOD_KEYS) {
    if (m.has(key)) throw m.fail(key, `method ${key} is not supported: the token would not be wrapped`);
  }
  m.checkKeys(METHOD_KEYS);
  const mount = (m.str("mount_path") ?? `auth/${type}`).replace(/^\/+|\/+$/g, "").replace(/^auth\//, "");
  const minBackoffMs = m.durationMs("min_backoff", 1000);
  const maxBackoffMs = m.durationMs("max_backoff", 5 * 60 * 1000);
  if (minBackoffMs <= 0 || maxBackoffMs < minBackoffMs)
    throw m.fail("max_backoff", "max_backoff must be at least min_backoff (and both above zero)");
  return {
    method: {
      ...methodSettings(type, m, cwd),
      mount,
      minBackoffMs,
      maxBackoffMs,
      exitOnErr: m.bool("exit_on_err", false),
      where: m.where(),
    },
    sinks: s.labelled("sink").map(([t, sink]) => sinkSettings(t, sink, cwd)),
  };
}
