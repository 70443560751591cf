import { randomUUID } from "node:crypto";
import { defaultConfig, newAccessor } from "./mounts/table.js";
import type { MountEntry, MountTableName } from "./mounts/types.js";

/** The mounts a fresh server starts with, as in Vault: sys/, cubbyhole/, identity/ and auth/token/. */
export function defaultMounts(): Record<MountTableName, MountEntry[]> {
  const base = {
    options: null,
    local: false,
    seal_wrap: false,
    external_entropy_access: false,
    plugin_version: "",
  };
  return {
    mounts: [
      {
        ...base,
        table: "mounts",
        path: "cubbyhole/",
        type: "cubbyhole",
        description: "per-token private secret storage",
        accessor: newAccessor("cubbyhole", "mounts"),
        uuid: randomUUID(),
        config: defaultConfig(),
        local: true,
      },
      {
        ...base,
        table: "mounts",
        path: "identity/",
        type: "identity",
        description: "identity store",
        accessor: newAccessor("identity", "mounts"),
        uuid: randomUUID(),
        config: defaultConfig(),
      },
      {
        ...base,
        table: "mounts",
        path: "sys/",
        type: "system",
        description: "system endpoints used for control, policy and debugging",
        accessor: newAccessor("system", "mounts"),
        uuid: randomUUID(),
        config: { ...defaultConfig(), passthrough_request_headers: ["Accept"] },
      },
    ],
    auth: [
      {
        ...base,
        table: "auth",
        path: "token/",
        type: "token",
        description: "token based credentials",
        accessor: newAccessor("token", "auth"),
        uuid: randomUUID(),
        config: defaultConfig(),
      },
    ],
  };
}
