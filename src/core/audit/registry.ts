/**
 * The enabled audit devices: enable/disable through sys/audit, persisted in the barrier, opened
 * again after every unseal and on SIGHUP (log rotation). Also answers sys/audit-hash and
 * sys/audit-verify for a device, and reports each device's health.
 */
import { randomUUID } from "node:crypto";
import { InternalError, InvalidRequestError } from "../../errors.js";
import type { StorageView } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { type ChainHead, GENESIS } from "./chain.js";
import { createDevice, type FactoryDeps, filePathOption } from "./create-device.js";
import type { AuditDevice } from "./device.js";
import { FileDevice } from "./devices.js";
import { optionMap } from "./options.js";
import type { WritableLike } from "./sinks/stdout.js";
import { AuditStore } from "./store.js";
import { reasonOf, systemTimers, type Timers } from "./timeout.js";
import { type AuditDeviceEntry, type AuditDeviceType, DEVICE_TYPES, type DeviceHealth } from "./types.js";
import { type VerifyInput, type VerifyResult, verifyLines } from "./verify.js";

export interface RegistryDeps {
  storage: StorageView;
  clock: Clock;
  logger: Logger;
  allowedDirs: readonly string[];
  timers?: Timers;
  stdout?: WritableLike;
}

export interface EnableInput {
  path: string;
  type: string;
  description?: string;
  options?: unknown;
  local?: boolean;
}

export function normaliseDevicePath(raw: string): string {
  let p = raw.trim();
  while (p.startsWith("/")) p = p.slice(1);
  if (!p.endsWith("/")) p += "/";
  if (p === "/" || p.length > 128 || p.includes("//") || p.split("/").some((s) => s === "." || s === "..")) {
    throw new InvalidRequestError("invalid audit device path");
  }
  if (/[^A-Za-z0-9_.\-/]/.test(p))
    throw new InvalidRequestError("audit device path contains invalid characters");
  return p;
}

export class AuditRegistry {
  private readonly store: AuditStore;
  private readonly factory: FactoryDeps;
  private entries: AuditDeviceEntry[] = [];
  private readonly devices = new Map<string, AuditDevice>();
  /** Enabled devices that could not even be built (their reason), e.g. a directory no longer allowed. */
  private readonly broken = new Map<string, string>();
  private lock: Promise<unknown> = Promise.resolve();
  /** False until the table was read after unseal (and again once sealed): audit then fails closed. */
  private loaded = false;

  constructor(deps: RegistryDeps) {
    this.store = new AuditStore(deps.storage);
    this.factory = {
      clock: deps.clock,
      logger: deps.logger,
      timers: deps.timers ?? systemTimers,
      allowedDirs: deps.allowedDirs,
      stdout: deps.stdout,
    };
  }

  /** The devices entries are written to (open or trying to open again). */
  active(): AuditDevice[] {
    return [...this.devices.values()];
  }

  /** Whether any device is enabled (then every request must be recorded). */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** Whether the device table has been read since the barrier last opened. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  list(): AuditDeviceEntry[] {
    return [...this.entries].sort((a, b) => a.path.localeCompare(b.path));
  }

  enable(input: EnableInput): Promise<void> {
    return this.serial(async () => {
      const path = normaliseDevicePath(input.path);
      if (!DEVICE_TYPES.includes(input.type as AuditDeviceType)) {
        throw new InvalidRequestError(`unknown backend type: "${input.type.slice(0, 40)}"`);
      }
      if (this.entries.some((e) => e.path === path))
        throw new InvalidRequestError(`path already in use: ${path}`);
      const entry: AuditDeviceEntry = {
        path,
        type: input.type as AuditDeviceType,
        description: input.description ?? "",
        options: optionMap(input.options),
        local: input.local ?? false,
        uuid: randomUUID(),
      };
      const file = filePathOption(entry);
      if (file !== "" && file !== "stdout" && file !== "discard") {
        const taken = this.entries.find((e) => filePathOption(e) === file);
        if (taken)
          throw new InvalidRequestError(`file_path is already written by audit device ${taken.path}`);
      }
      const keys = AuditStore.newKeys();
      const device = await createDevice(entry, keys, this.factory);
      try {
        await device.open();
      } catch (err) {
        await device.close().catch(() => {});
        throw new InvalidRequestError(
          `sanity check failed; unable to open ${entry.type} audit device ${path} for writing: ${reasonOf(err)}`,
        );
      }
      try {
        await this.store.saveKeys(entry.uuid, keys);
        await this.store.saveEntries([...this.entries, entry]);
      } catch (err) {
        await device.close().catch(() => {});
        throw err;
      }
      await this.store.saveEntries([...this.entries, entry]);
      this.entries = [...this.entries, entry];
      this.devices.set(path, device);
      this.factory.logger.info("audit device enabled", { device: path, kind: entry.type });
    });
  }

  disable(rawPath: string): Promise<void> {
    return this.serial(async () => {
      const path = normaliseDevicePath(rawPath);
      const entry = this.entries.find((e) => e.path === path);
      if (!entry) return;
      const device = this.devices.get(path);
      this.devices.delete(path);
      this.broken.delete(path);
      const rest = this.entries.filter((e) => e.path !== path);
      await this.store.saveEntries(rest);
      this.entries = rest;
      await this.store.deleteKeys(entry.uuid);
      await device?.close().catch(() => {});
      this.factory.logger.info("audit device disabled", { device: path, kind: entry.type });
    });
  }

  /**
   * Opens every enabled device after unseal. One that cannot be opened is logged and retried on
   * each write; if none of the enabled devices opens, this throws (the core then stays sealed:
   * nothing could be recorded, so nothing may be served).
   */
  load(): Promise<void> {
    return this.serial(async () => {
      this.loaded = false;
      await this.closeAll();
      this.entries = await this.store.entries();
      let opened = 0;
      for (const entry of this.entries) {
        const device = await this.build(entry);
        if (!device) continue;
        this.devices.set(entry.path, device);
        try {
          await device.open();
          opened++;
        } catch (err) {
          this.factory.logger.error("audit device could not be opened at unseal; retrying on each write", {
            device: entry.path,
            kind: entry.type,
            reason: reasonOf(err),
          });
        }
      }
      if (this.entries.length > 0 && opened === 0) {
        this.factory.logger.error("no enabled audit device could be opened: refusing to unseal", {
          devices: this.entries.length,
        });
        throw new InternalError("no enabled audit device could be opened; the server stays sealed");
      }
      this.loaded = true;
    });
  }

  /** Closes every device (on seal). */
  unload(): Promise<void> {
    return this.serial(async () => {
      this.loaded = false;
      await this.closeAll();
      this.entries = [];
    });
  }

  /** Re-opens every device's target (SIGHUP after log rotation). */
  reopen(): Promise<void> {
    return this.serial(async () => {
      for (const [path, device] of this.devices) {
        try {
          await device.reopen();
        } catch (err) {
          this.factory.logger.error("audit device could not be re-opened", {
            device: path,
            reason: reasonOf(err),
          });
        }
      }
    });
  }

  /** `sys/audit-hash`: the device's HMAC of `input`. */
  hash(rawPath: string, input: string): string {
    return this.device(rawPath).hasher.hash(input);
  }

  /** `sys/audit-verify`: checks lines of a file device's log against its chain key. */
  verify(rawPath: string, input: Omit<VerifyInput, "prefix">): VerifyResult & { head: ChainHead } {
    const device = this.device(rawPath);
    if (!(device instanceof FileDevice)) {
      throw new InvalidRequestError("only file audit devices keep a hash chain");
    }
    const result = verifyLines(device.key(), { ...input, prefix: device.settings.prefix });
    return { ...result, head: device.chainHead() ?? GENESIS };
  }

  /** For sys/health: how many devices are enabled and how many of them are failing. */
  summary(): { enabled: number; failing: number } {
    return { enabled: this.entries.length, failing: this.health().filter((h) => !h.healthy).length };
  }

  health(): DeviceHealth[] {
    const out = [...this.devices.values()].map((d) => d.health());
    for (const [path, reason] of this.broken) {
      const entry = this.entries.find((e) => e.path === path);
      out.push({
        path,
        type: entry?.type ?? "file",
        healthy: false,
        writes: 0,
        failures: 0,
        consecutiveFailures: 0,
        lastFailureTime: "",
        lastError: reason,
      });
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  private device(rawPath: string): AuditDevice {
    const device = this.devices.get(normaliseDevicePath(rawPath));
    if (!device) throw new InvalidRequestError("unknown audit backend");
    return device;
  }

  private async build(entry: AuditDeviceEntry): Promise<AuditDevice | null> {
    const keys = await this.store.keys(entry.uuid);
    try {
      if (!keys) throw new Error("the device's keys are missing from storage");
      return await createDevice(entry, keys, this.factory);
    } catch (err) {
      const reason = err instanceof InvalidRequestError ? err.message : "the device's keys are missing";
      this.broken.set(entry.path, reason);
      this.factory.logger.error("audit device cannot be set up", { device: entry.path, reason });
      return null;
    }
  }

  private async closeAll(): Promise<void> {
    const all = [...this.devices.values()];
    this.devices.clear();
    this.broken.clear();
    for (const d of all) await d.close().catch(() => {});
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => {});
    return run;
  }
}
