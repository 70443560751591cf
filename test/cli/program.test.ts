/** The lazily loaded command table: each group's names match what it registers. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import { COMMANDS, groupsFor } from "../../src/cli/program.js";
import { Capture, cofre, tempHome } from "./harness.js";

describe("command table", () => {
  it("lists, for every group, exactly the top-level commands (and aliases) it registers", async () => {
    const ctx = {
      io: { env: {}, stdout: new Capture(), stderr: new Capture(), homeDir: "/nonexistent" },
      exitCode: 0,
      stdinUsed: false,
    };
    const seen = new Set<string>();
    for (const group of COMMANDS) {
      const program = new Command("cofre").enablePositionalOptions();
      (await group.load()).register(program, ctx);
      const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      assert.deepEqual([...names].sort(), [...group.names].sort(), `names of ${group.names.join(",")}`);
      for (const n of names) {
        assert.ok(!seen.has(n), `${n} is registered twice`);
        seen.add(n);
      }
    }
  });

  it("loads only the group a command line names; help and unknown words load all", () => {
    assert.deepEqual(
      groupsFor(["run", "--path", "x"]).map((g) => g.names),
      [["run"]],
    );
    assert.deepEqual(groupsFor(["delete", "secret/x"]).length, 1);
    assert.equal(groupsFor(["--help"]).length, COMMANDS.length);
    assert.deepEqual(groupsFor(["--version"]), []);
    assert.equal(groupsFor(["help", "kv"]).length, COMMANDS.length);
    assert.equal(groupsFor(["no-such-command"]).length, COMMANDS.length);
    assert.equal(groupsFor([]).length, COMMANDS.length);
  });

  it("top-level help still lists every command, and an unknown command is exit 1", async () => {
    const home = await tempHome();
    try {
      const help = await cofre(["--help"], { home: home.dir });
      for (const name of ["status", "kv", "run", "server", "scan", "write"]) {
        assert.match(help.stdout, new RegExp(`\\n  ${name}\\b`), name);
      }
      const version = await cofre(["-version"], { home: home.dir });
      assert.equal(version.code, 0);
      assert.equal(version.stdout, "0.1.0\n");
      const bad = await cofre(["no-such-command"], { home: home.dir });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /unknown command/);
    } finally {
      await home.cleanup();
    }
  });
});
