/** The audit endpoints as the CLI calls them (sys/audit, sys/audit-hash, sys/audit-verify). */
import { realpath } from "node:fs/promises";
import type { CofreClient } from "../../client/client.js";
import { failWith, UsageError } from "../errors.js";

export interface DeviceInfo {
  type: string;
  description: string;
  options: Record<string, string>;
  local: boolean;
  path: string;
}

export async function listDevices(client: CofreClient): Promise<Record<string, DeviceInfo>> {
  const res = await client
    .read<Record<string, DeviceInfo>>("sys/audit")
    .catch(failWith("Error listing audit devices"));
  return (res?.data ?? {}) as Record<string, DeviceInfo>;
}

export async function hashValue(client: CofreClient, device: string, input: string): Promise<string> {
  const res = await client
    .write<{ hash: string }>(`sys/audit-hash/${device}`, { input })
    .catch(failWith(`Error hashing a value with audit device ${device}`));
  const hash = res?.data?.hash;
  if (typeof hash !== "string") throw new UsageError("the server returned no hash");
  return hash;
}

export interface VerifyChunkResult {
  valid: boolean;
  checked: number;
  last_seq: number;
  last_chain: string;
  continues_from: string;
  restarts: number[];
  problem: { line: number; kind: string; message: string } | null;
  head_seq: number;
  head_chain: string;
}

export async function verifyChunk(
  client: CofreClient,
  device: string,
  body: { lines: string[]; first_line: number; after_seq?: number; after_chain?: string },
): Promise<VerifyChunkResult> {
  const res = await client
    .write<VerifyChunkResult>(`sys/audit-verify/${device}`, body)
    .catch(failWith(`Error verifying with audit device ${device}`));
  if (!res?.data) throw new UsageError("the server returned no verification result");
  return res.data as VerifyChunkResult;
}

/**
 * The device that wrote `file`: the one named with -device, else the file device whose file_path
 * is this file, else the only chained file device there is.
 */
export async function deviceFor(client: CofreClient, file: string, explicit?: string): Promise<string> {
  if (explicit) return explicit.replace(/^\/+|\/+$/g, "");
  const devices = Object.values(await listDevices(client)).filter(
    (d) => d.type === "file" && !["stdout", "discard"].includes(d.options.file_path ?? d.options.path ?? ""),
  );
  const real = await realpath(file).catch(() => file);
  const byPath = devices.find((d) => (d.options.file_path ?? d.options.path) === real);
  if (byPath) return byPath.path.replace(/\/+$/, "");
  if (devices.length === 1) return devices[0].path.replace(/\/+$/, "");
  throw new UsageError("cannot tell which audit device wrote this file: name it with -device=PATH");
}
