/** A file sink: the agent's current token, written atomically with the sink's mode (0600 by default). */

import { writeFileAtomic } from "./atomic-write.js";
import type { SinkSettings } from "./config/types.js";

export class FileSink {
  constructor(readonly settings: SinkSettings) {}

  /** Writes the token as the whole file (no newline, as Vault Agent does). */
  write(token: string): Promise<void> {
    return writeFileAtomic(this.settings.path, token, { mode: this.settings.mode, createDirs: true });
  }
}
