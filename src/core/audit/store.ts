/** The audit device table and each device's keys, inside the barrier. */
import { randomBytes, randomUUID } from "node:crypto";
import type { StorageView } from "../../logical/types.js";
import type { AuditDeviceEntry, AuditDeviceKeys } from "./types.js";

const TABLE = "table";

export class AuditStore {
  constructor(private readonly view: StorageView) {}

  async entries(): Promise<AuditDeviceEntry[]> {
    return (await this.view.getJSON<AuditDeviceEntry[]>(TABLE)) ?? [];
  }

  async saveEntries(entries: readonly AuditDeviceEntry[]): Promise<void> {
    await this.view.putJSON(TABLE, entries);
  }

  keys(uuid: string): Promise<AuditDeviceKeys | null> {
    return this.view.getJSON<AuditDeviceKeys>(`keys/${uuid}`);
  }

  /** Fresh keys for a newly enabled device (a re-enabled path hashes differently from before). */
  static newKeys(): AuditDeviceKeys {
    return { salt: randomUUID(), chainKey: randomBytes(32).toString("base64") };
  }

  async saveKeys(uuid: string, keys: AuditDeviceKeys): Promise<void> {
    await this.view.putJSON(`keys/${uuid}`, keys);
  }

  async deleteKeys(uuid: string): Promise<void> {
    await this.view.delete(`keys/${uuid}`);
  }
}
