/** What the database engine stores (inside the barrier, under its mount's view). */

/** `config/<name>`: one database connection. */
export interface DatabaseConfig {
  plugin_name: string;
  plugin_version: string;
  verify_connection: boolean;
  allowed_roles: string[];
  root_rotation_statements: string[];
  password_policy: string;
  connection_details: {
    connection_url: string;
    username: string;
    /** The root password: never returned, never logged. */
    password: string;
    max_open_connections: number;
    max_idle_connections: number;
    max_connection_lifetime: number;
    username_template: string;
    disable_escaping: boolean;
    /** Plugin-specific options. */
    options: Record<string, unknown>;
  };
  /** Set while rotate-root is changing the root password (the new one), so a crash loses nothing. */
  pending_root_password?: string;
}

/** `role/<name>`: a dynamic role (creds/<name> creates a user per request). */
export interface DynamicRole {
  db_name: string;
  creation_statements: string[];
  revocation_statements: string[];
  rollback_statements: string[];
  renew_statements: string[];
  /** Seconds; 0 = the mount's default. */
  default_ttl: number;
  /** Seconds; 0 = the mount's maximum. */
  max_ttl: number;
  /** Overrides the connection's username_template ("" = use it). */
  username_template: string;
  credential_type: "password";
  /** Only `password_policy` (overrides the connection's). */
  credential_config: Record<string, string>;
}

/** `static-role/<name>`: an existing database user whose password cofre rotates. */
export interface StaticRole {
  db_name: string;
  username: string;
  /** Seconds between rotations (0 when a schedule is used). */
  rotation_period: number;
  /** Cron expression ("" when a period is used). */
  rotation_schedule: string;
  /** Seconds after a scheduled time during which a missed rotation may still run (0 = any time). */
  rotation_window: number;
  rotation_statements: string[];
  credential_type: "password";
  /** The current password (never logged). */
  password: string;
  /** ms since the epoch. */
  last_vault_rotation: number;
  /** ms since the epoch: when periodic() rotates next. */
  next_vault_rotation: number;
  /** Set while a rotation is in flight: the new password, written before the database is changed. */
  pending_password?: string;
}
