/** The system backend (sys/): one backend assembled from the path groups in core/sys/. */

import type { PathDef } from "../logical/framework.js";
import { createBackend } from "../logical/framework.js";
import type { Backend } from "../logical/types.js";
import type { SysDeps } from "./sys/deps.js";
import { mountPaths, mountSudoPaths } from "./sys/mounts.js";
import { policyPaths } from "./sys/policies.js";
import type { SealDeps } from "./sys/seal.js";
import { sealPaths, sealSudoPaths, sealUnauthenticatedPaths } from "./sys/seal.js";
import { toolPaths } from "./sys/tools.js";

export interface SystemBackendParts {
  sys: SysDeps;
  seal: SealDeps;
  /** Extra path groups (leases, capabilities, wrapping) with their special paths. */
  extra: Array<{ paths: PathDef[]; sudo?: string[]; unauthenticated?: string[] }>;
}

export function systemBackend(parts: SystemBackendParts): Backend {
  return createBackend({
    type: "system",
    paths: [
      ...sealPaths(parts.seal),
      ...mountPaths(parts.sys),
      ...policyPaths(parts.sys),
      ...toolPaths(),
      ...parts.extra.flatMap((e) => e.paths),
    ],
    sudoPaths: [...sealSudoPaths, ...mountSudoPaths, ...parts.extra.flatMap((e) => e.sudo ?? [])],
    unauthenticatedPaths: [
      ...sealUnauthenticatedPaths,
      "internal/ui/mounts",
      "internal/ui/mounts/*",
      ...parts.extra.flatMap((e) => e.unauthenticated ?? []),
    ],
  });
}
