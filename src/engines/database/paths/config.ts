/** config/:name (connections), LIST config/, reset/:name and rotate-root/:name. */
import type { z } from "zod";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type FieldsOf, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import type { LogicalResponse } from "../../../logical/types.js";
import { detailsOf, pluginFor } from "../connections.js";
import type { DatabaseDeps } from "../deps.js";
import { newPassword } from "../passwords.js";
import { hasPasswordTemplate } from "../plugins/connection-url.js";
import { databasePlugins } from "../plugins/index.js";
import type { DatabaseConfig } from "../types.js";
import { renderUsernameTemplate } from "../username-template.js";
import { checkStatements, name, statements } from "./common.js";

const extraFields: z.ZodRawShape = Object.assign(
  {},
  ...[...databasePlugins.values()].map((p) => p.extraFields),
);

const fields = {
  name: field.str(),
  plugin_name: field.str().optional(),
  plugin_version: field.str().optional(),
  verify_connection: field.bool().default(true),
  allowed_roles: field.strings().optional(),
  root_rotation_statements: statements().optional(),
  password_policy: field.str().optional(),
  connection_url: field.str().optional(),
  username: field.str().optional(),
  password: field.str().optional(),
  max_open_connections: field.int().optional(),
  max_idle_connections: field.int().optional(),
  max_connection_lifetime: field.duration().optional(),
  username_template: field.str().optional(),
  disable_escaping: field.bool().optional(),
  ...extraFields,
};
type ConfigFields = FieldsOf<typeof fields>;

const LITERAL_PASSWORD_WARNING =
  "Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.";

/** The stored config after applying a write (new, or merged over the existing one). */
function merge(f: ConfigFields, existing: DatabaseConfig | null): DatabaseConfig {
  const pluginName = f.plugin_name ?? existing?.plugin_name ?? "";
  if (pluginName === "") throw new InvalidRequestError("empty plugin name");
  const plugin = pluginFor(pluginName);
  const prev = existing?.connection_details;
  const options: Record<string, unknown> = { ...(prev?.options ?? {}) };
  const raw = f as Record<string, unknown>;
  for (const key of Object.keys(plugin.extraFields)) if (raw[key] !== undefined) options[key] = raw[key];
  const config: DatabaseConfig = {
    plugin_name: pluginName,
    plugin_version: f.plugin_version ?? existing?.plugin_version ?? "",
    verify_connection: f.verify_connection,
    allowed_roles: f.allowed_roles ?? existing?.allowed_roles ?? [],
    root_rotation_statements: f.root_rotation_statements ?? existing?.root_rotation_statements ?? [],
    password_policy: f.password_policy ?? existing?.password_policy ?? "",
    connection_details: {
      connection_url: f.connection_url ?? prev?.connection_url ?? "",
      username: f.username ?? prev?.username ?? "",
      password: f.password ?? prev?.password ?? "",
      max_open_connections: f.max_open_connections ?? prev?.max_open_connections ?? 4,
      max_idle_connections: f.max_idle_connections ?? prev?.max_idle_connections ?? 0,
      max_connection_lifetime: f.max_connection_lifetime ?? prev?.max_connection_lifetime ?? 0,
      username_template: f.username_template ?? prev?.username_template ?? "",
      disable_escaping: f.disable_escaping ?? prev?.disable_escaping ?? false,
      options,
    },
  };
  const d = config.connection_details;
  if (d.connection_url === "") throw new InvalidRequestError("connection_url cannot be empty");
  if (d.max_open_connections < 1 || d.max_open_connections > 1000) {
    throw new InvalidRequestError("max_open_connections must be between 1 and 1000");
  }
  if (d.max_idle_connections < 0) throw new InvalidRequestError("max_idle_connections cannot be negative");
  plugin.validate(detailsOf(config));
  if (d.username_template !== "") {
    renderUsernameTemplate(d.username_template, { DisplayName: "token", RoleName: "role" }, Date.now());
  }
  checkStatements("root_rotation_statements", config.root_rotation_statements, { password: true });
  return config;
}

function readView(config: DatabaseConfig): Record<string, unknown> {
  const plugin = pluginFor(config.plugin_name);
  const d = config.connection_details;
  const details: Record<string, unknown> = {
    connection_url: plugin.redactUrl(d.connection_url),
    username: d.username,
    max_open_connections: d.max_open_connections,
    max_idle_connections: d.max_idle_connections,
    max_connection_lifetime: d.max_connection_lifetime,
    ...d.options,
  };
  if (d.username_template !== "") details.username_template = d.username_template;
  if (d.disable_escaping) details.disable_escaping = true;
  return {
    plugin_name: config.plugin_name,
    plugin_version: config.plugin_version,
    connection_details: details,
    allowed_roles: config.allowed_roles,
    root_credentials_rotate_statements: config.root_rotation_statements,
    password_policy: config.password_policy,
    verify_connection: config.verify_connection,
  };
}

export function configPaths(deps: DatabaseDeps): PathDef[] {
  const { store, connections, locks, ctx } = deps;

  const write = async (f: ConfigFields): Promise<LogicalResponse | null> =>
    locks.run(`config/${f.name}`, async () => {
      const config = merge(f, await store.config(f.name));
      if (config.password_policy !== "") await newPassword(ctx, config.password_policy);
      if (config.verify_connection) {
        const conn = pluginFor(config.plugin_name).connect(detailsOf(config));
        try {
          await conn.verify();
        } catch (err) {
          throw new InvalidRequestError(`error creating database object: ${(err as Error).message}`);
        } finally {
          await conn.close();
        }
      }
      await store.putConfig(f.name, config);
      await connections.close(f.name);
      const url = config.connection_details.connection_url;
      const literal = pluginFor(config.plugin_name).redactUrl(url) !== url;
      return literal ? { warnings: [LITERAL_PASSWORD_WARNING] } : null;
    });

  const rotateRoot = async (configName: string) =>
    locks.run(`config/${configName}`, async () => {
      const config = await store.config(configName);
      if (!config) throw new InvalidRequestError(`no database configuration named "${configName}"`);
      const d = config.connection_details;
      if (d.username === "") {
        throw new InvalidRequestError("unable to rotate root credentials: no username in configuration");
      }
      const plugin = pluginFor(config.plugin_name);
      if (!hasPasswordTemplate(d.connection_url) && plugin.redactUrl(d.connection_url) !== d.connection_url) {
        throw new InvalidRequestError(
          "unable to rotate root credentials: connection_url holds a literal password",
        );
      }
      const { conn } = await connections.get(configName);
      const password = await newPassword(ctx, config.password_policy);
      // Written first, so a crash after the database changed still knows the new password.
      await store.putConfig(configName, { ...config, pending_root_password: password });
      try {
        await conn.setPassword(config.root_rotation_statements, { name: d.username, password });
      } catch (err) {
        // A statement the database refused changed nothing; anything else stays pending.
        if (err instanceof InvalidRequestError) await store.putConfig(configName, config);
        await connections.close(configName);
        throw err;
      }
      await store.putConfig(configName, {
        ...config,
        connection_details: { ...d, password },
        pending_root_password: undefined,
      });
      await connections.close(configName);
      ctx.logger.info("rotated the root credential of a database connection", { connection: configName });
      return null;
    });

  return [
    listPath("config/?", () => store.configs(), "List the database connections."),
    definePath({
      pattern: `config/${name()}`,
      fields,
      existenceCheck: async (_req, f) => (await store.config(f.name)) !== null,
      operations: {
        update: async (_req, f) => write(f),
        read: async (_req, f) => {
          const config = await store.config(f.name);
          return config ? { data: readView(config) } : null;
        },
        delete: async (_req, f) =>
          locks.run(`config/${f.name}`, async () => {
            await store.deleteConfig(f.name);
            await connections.close(f.name);
            return null;
          }),
      },
      help: "Configure a database connection (plugin_name, connection_url, username, password, allowed_roles, ...).",
    }),
    definePath({
      pattern: `reset/${name()}`,
      fields: { name: field.str() },
      operations: {
        update: async (_req, f) => {
          if (!(await store.config(f.name))) {
            throw new InvalidRequestError(`no database configuration named "${f.name}"`);
          }
          await connections.close(f.name);
          await (await connections.get(f.name)).conn.verify();
          return null;
        },
      },
      help: "Close a connection's pool and reconnect with its stored configuration.",
    }),
    definePath({
      pattern: `rotate-root/${name()}`,
      fields: { name: field.str() },
      operations: { update: async (_req, f) => rotateRoot(f.name) },
      help: "Rotate the password cofre uses to connect; afterwards only cofre knows it.",
    }),
  ];
}
