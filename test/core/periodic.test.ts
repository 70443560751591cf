import assert from "node:assert/strict";
import { test } from "node:test";
import { Router } from "../../src/core/mounts/router.js";
import type { MountEntry } from "../../src/core/mounts/types.js";
import { PeriodicRunner } from "../../src/core/periodic.js";
import { createBackend } from "../../src/logical/framework.js";
import { silentLogger } from "../../src/util/logger.js";

function entry(path: string): MountEntry {
  return {
    table: "mounts",
    path,
    type: "t",
    description: "",
    accessor: `t_${path}`,
    uuid: path,
    config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
    options: null,
    local: false,
    seal_wrap: false,
    external_entropy_access: false,
    plugin_version: "",
  };
}

test("runs every backend's periodic hook; one failure does not stop the others", async () => {
  const calls: string[] = [];
  const router = new Router();
  router.add(entry("a/"), {
    ...createBackend({ type: "t", paths: [] }),
    periodic: async () => {
      calls.push("a");
      throw new Error("boom");
    },
  });
  router.add(entry("b/"), {
    ...createBackend({ type: "t", paths: [] }),
    periodic: async () => {
      calls.push("b");
    },
  });
  router.add(entry("c/"), createBackend({ type: "t", paths: [] }));
  const runner = new PeriodicRunner(router, silentLogger);
  await Promise.all([runner.runOnce(), runner.runOnce()]);
  assert.deepEqual(calls, ["a", "b"], "concurrent runOnce calls share one pass");
  await runner.runOnce();
  assert.deepEqual(calls, ["a", "b", "a", "b"]);
  runner.start();
  await runner.stop();
});
