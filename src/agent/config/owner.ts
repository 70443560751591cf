/** A user or group for a rendered file's owner: a numeric id, or a name looked up in /etc/passwd or /etc/group. */
import { readFile } from "node:fs/promises";

/** The id of `value` (a number or a name), or undefined when there is no such user/group. */
export async function lookupId(
  kind: "user" | "group",
  value: string,
  dbPath = kind === "user" ? "/etc/passwd" : "/etc/group",
): Promise<number | undefined> {
  if (/^\d+$/.test(value)) return Number(value);
  let text: string;
  try {
    text = await readFile(dbPath, "utf8");
  } catch {
    return undefined;
  }
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields[0] === value && /^\d+$/.test(fields[2] ?? "")) return Number(fields[2]);
  }
  return undefined;
}
