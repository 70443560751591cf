/** Automatic rotation: each key whose latest version is older than its auto_rotate_period. */
import type { Logger } from "../../util/logger.js";
import type { KeyStore } from "./key-store.js";
import { addVersion, rotationDue } from "./keyring.js";
import { generateVersion } from "./material.js";

export async function autoRotate(store: KeyStore, logger: Logger): Promise<void> {
  for (const name of await store.list()) {
    try {
      const ring = await store.get(name);
      if (!ring || !rotationDue(ring, store.now())) continue;
      await store.change(name, async (current) => {
        // Checked again on the fresh copy: another node may have rotated it meanwhile.
        if (!current || !rotationDue(current, store.now())) return { result: null };
        addVersion(current, await generateVersion(current.type, store.now(), current.keySize));
        return { result: null, ring: current };
      });
      logger.info("transit key rotated automatically", { name });
    } catch (err) {
      logger.warn("transit key auto-rotation failed", { name, error: err });
    }
  }
}
