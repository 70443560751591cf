import type { LogicalRequest } from "../../logical/types.js";
import type { MountTable } from "../mounts/table.js";
import type { MountEntry } from "../mounts/types.js";
import type { ACL } from "../policy/acl.js";
import type { PolicyStore } from "../policy-store.js";

/** What the system backend's path groups need from the core. */
export interface SysDeps {
  mounts: MountTable;
  policies: PolicyStore;
  /** The compiled ACL of the request's caller, or null when the request carries no valid token. */
  aclFor(req: LogicalRequest): Promise<ACL | null>;
  /** Called after a mount was disabled: revoke its leases (prefix = routing path). */
  onUnmount(entry: MountEntry, routingPath: string): Promise<void>;
}
