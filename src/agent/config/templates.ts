/** `template` and `env_template` blocks: where each template comes from and what is done with its output. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CompiledTemplate, compileTemplate, TemplateSource } from "../template/index.js";
import { lookupId } from "./owner.js";
import type { Section } from "./section.js";
import type { EnvTemplateSettings, TemplateSettings } from "./types.js";

const TEMPLATE_KEYS = [
  "source",
  "contents",
  "destination",
  "perms",
  "user",
  "group",
  "create_dest_dirs",
  "command",
  "command_timeout",
  "exec",
  "error_on_missing_key",
  "left_delimiter",
  "right_delimiter",
];
const TEMPLATE_IGNORED = [
  "backup",
  "wait",
  "sandbox_path",
  "function_denylist",
  "function_blacklist",
  "map_to_environment_variable",
];
const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/** Compiles the block's `source` file or inline `contents` (positions count from the config file). */
async function compile(t: Section, cwd: string): Promise<CompiledTemplate> {
  const source = t.str("source");
  const contents = t.str("contents");
  if (source !== undefined && contents !== undefined)
    throw t.fail("contents", `${t.name}: give source or contents, not both`);
  let src: TemplateSource;
  if (source !== undefined) {
    const path = resolve(cwd, source);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      throw t.fail(
        "source",
        `cannot read template file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    src = new TemplateSource(path, text);
  } else if (contents !== undefined) {
    const v = t.item("contents")?.value;
    const heredoc = v?.kind === "heredoc";
    src = new TemplateSource(
      t.file,
      contents,
      v ? v.line + (heredoc ? 1 : 0) : 1,
      v && !heredoc ? v.column + 1 : 1,
    );
  } else {
    throw t.fail(undefined, `${t.name} needs source or contents`);
  }
  return compileTemplate(src, {
    leftDelimiter: t.str("left_delimiter"),
    rightDelimiter: t.str("right_delimiter"),
    errorOnMissingKey: t.bool("error_on_missing_key", false),
  });
}

async function owner(t: Section, kind: "user" | "group"): Promise<number | undefined> {
  const name = t.str(kind);
  if (name === undefined) return undefined;
  const id = await lookupId(kind, name);
  if (id === undefined) throw t.fail(kind, `no such ${kind} ${JSON.stringify(name)}`);
  return id;
}

function command(t: Section): { argv?: string[]; timeoutMs: number } {
  const exec = t.child("exec");
  if (exec) {
    if (t.has("command")) throw t.fail("exec", "give command or exec, not both");
    exec.checkKeys(["command", "timeout"]);
    const argv = exec.strings("command");
    if (!argv || argv.length === 0) throw exec.fail(undefined, "exec.command is required");
    return {
      argv: argv.length === 1 ? ["sh", "-c", argv[0]] : argv,
      timeoutMs: exec.durationMs("timeout", DEFAULT_COMMAND_TIMEOUT_MS),
    };
  }
  const cmd = t.strings("command");
  const timeoutMs = t.durationMs("command_timeout", DEFAULT_COMMAND_TIMEOUT_MS);
  if (!cmd || cmd.length === 0 || (cmd.length === 1 && cmd[0].trim() === "")) return { timeoutMs };
  return { argv: cmd.length === 1 ? ["sh", "-c", cmd[0]] : cmd, timeoutMs };
}

export async function readTemplate(t: Section, cwd: string): Promise<TemplateSettings> {
  t.checkKeys(TEMPLATE_KEYS, TEMPLATE_IGNORED);
  const destination = resolve(cwd, t.required("destination"));
  const template = await compile(t, cwd);
  const { argv, timeoutMs } = command(t);
  const uid = await owner(t, "user");
  const gid = await owner(t, "group");
  return {
    where: t.where(),
    destination,
    perms: t.mode("perms", 0o600),
    ...(uid === undefined ? {} : { uid }),
    ...(gid === undefined ? {} : { gid }),
    createDestDirs: t.bool("create_dest_dirs", true),
    ...(argv ? { command: argv } : {}),
    commandTimeoutMs: timeoutMs,
    template,
  };
}

export async function readEnvTemplate(name: string, t: Section, cwd: string): Promise<EnvTemplateSettings> {
  t.checkKeys(["contents", "source", "error_on_missing_key", "left_delimiter", "right_delimiter"]);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw t.fail(undefined, `env_template name ${JSON.stringify(name)} is not a valid variable name`);
  return { name, where: t.where(), template: await compile(t, cwd) };
}
