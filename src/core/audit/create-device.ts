/** Builds a device from its stored entry: checks its options, picks its sink. Bad options are 400s. */
import { InvalidRequestError } from "../../errors.js";
import { allowedFilePath } from "./allowed-dirs.js";
import type { AuditDevice, DeviceDeps } from "./device.js";
import { DiscardDevice, FileDevice, SocketDevice, SyslogDevice } from "./devices.js";
import { checkOptionNames, commonSettings, parseFileMode, parseHostPort } from "./options.js";
import { FileSink } from "./sinks/file.js";
import { StreamSink, UdpSink } from "./sinks/socket.js";
import { StdoutSink, type WritableLike } from "./sinks/stdout.js";
import type { AuditSink } from "./sinks/types.js";
import { syslogHeader } from "./syslog-format.js";
import type { AuditDeviceEntry, AuditDeviceKeys } from "./types.js";

export interface FactoryDeps extends DeviceDeps {
  allowedDirs: readonly string[];
  /** Where `file_path = "stdout"` writes (process.stdout unless a test says otherwise). */
  stdout?: WritableLike;
}

const NULL_SINK: AuditSink = {
  isOpen: true,
  open: async () => {},
  write: async () => {},
  abort: () => {},
  close: async () => {},
};

/** The file a file device writes, as given ("" for stdout/discard and other types). */
export function filePathOption(entry: Pick<AuditDeviceEntry, "type" | "options">): string {
  if (entry.type !== "file") return "";
  return entry.options.file_path ?? entry.options.path ?? "";
}

function socketType(value: string | undefined, allowed: string[], fallback: string): string {
  const t = (value ?? fallback).toLowerCase();
  if (!allowed.includes(t)) {
    throw new InvalidRequestError(`option socket_type must be one of ${allowed.join(", ")}`);
  }
  return t;
}

export async function createDevice(
  entry: AuditDeviceEntry,
  keys: AuditDeviceKeys,
  deps: FactoryDeps,
): Promise<AuditDevice> {
  const o = entry.options;
  checkOptionNames(entry.type, o);
  const settings = commonSettings(o);
  if (entry.type === "file") {
    const target = filePathOption(entry);
    if (target === "") throw new InvalidRequestError("file_path is required");
    if (target === "discard") return new DiscardDevice(entry, keys.salt, settings, NULL_SINK, deps);
    const chainKey = Buffer.from(keys.chainKey, "base64");
    if (target === "stdout") {
      return new FileDevice(entry, keys.salt, chainKey, settings, new StdoutSink(deps.stdout), deps);
    }
    const path = await allowedFilePath(target, deps.allowedDirs);
    const mode = o.mode === "0000" || o.mode === "000" ? null : parseFileMode(o.mode);
    return new FileDevice(entry, keys.salt, chainKey, settings, new FileSink(path, mode), deps);
  }
  if (entry.type === "socket") {
    const { host, port } = parseHostPort(o.address, "address");
    const kind = socketType(o.socket_type, ["tcp", "udp"], "tcp");
    const sink = kind === "udp" ? new UdpSink(host, port) : new StreamSink({ host, port });
    return new SocketDevice(entry, keys.salt, settings, sink, deps);
  }
  const header = syslogHeader(o);
  const kind = socketType(o.socket_type, ["udp", "tcp", "unix"], "udp");
  if (kind === "unix") {
    if (!o.address) throw new InvalidRequestError("option address must name the unix socket's path");
    const unixPath = await allowedFilePath(o.address, deps.allowedDirs);
    return new SyslogDevice(entry, keys.salt, settings, new StreamSink({ unixPath }), deps, header, true);
  }
  const { host, port } = parseHostPort(o.address ?? "127.0.0.1:514", "address");
  const sink = kind === "udp" ? new UdpSink(host, port) : new StreamSink({ host, port });
  return new SyslogDevice(entry, keys.salt, settings, sink, deps, header, kind !== "udp");
}
