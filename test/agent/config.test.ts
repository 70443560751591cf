/** The agent's config file: a Vault Agent config loads unchanged; mistakes name file:line. */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadAgentConfig } from "../../src/agent/config/load.js";

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-agent-config-"));
});
after(() => rm(dir, { recursive: true, force: true }));

async function load(text: string, env: Record<string, string> = {}) {
  const path = join(dir, "agent.hcl");
  await writeFile(path, text);
  return loadAgentConfig(path, { cwd: dir, env });
}

async function errorOf(text: string): Promise<string> {
  try {
    await load(text);
    return "";
  } catch (err) {
    return (err as Error).message.replace(join(dir, "agent.hcl"), "agent.hcl").replace(dir, "<dir>");
  }
}

const VAULT_AGENT_CONFIG = `pid_file = "./pidfile"

vault {
  address = "https://vault.example.com:8200"
  retry {
    num_retries = 5
  }
}

auto_auth {
  method "approle" {
    mount_path = "auth/approle"
    config = {
      role_id_file_path = "/etc/vault/role-id"
      secret_id_file_path = "/etc/vault/secret-id"
      remove_secret_id_file_after_reading = false
    }
  }

  sink "file" {
    config = {
      path = "/run/vault/token"
      mode = 0640
    }
  }
}

cache {
  use_auto_auth_token = true
}

listener "tcp" {
  address = "127.0.0.1:8100"
  tls_disable = true
}

template_config {
  static_secret_render_interval = "10m"
  exit_on_retry_failure = true
}

template {
  destination = "/etc/app/db.env"
  perms = "0640"
  command = "systemctl reload app"
  contents = <<EOT
{{ with secret "secret/data/app" }}
DB_PASSWORD={{ .Data.data.password }}
{{ end }}
EOT
}

template {
  source = "./app.ctmpl"
  destination = "app.json"
}
`;

describe("agent config", () => {
  it("a Vault Agent config loads unchanged; cache and listener are ignored with a warning naming their line", async () => {
    await writeFile(
      join(dir, "app.ctmpl"),
      '{{ with secret "secret/data/app" }}{{ .Data.data | toJSON }}{{ end }}',
    );
    const cfg = await load(VAULT_AGENT_CONFIG);
    assert.equal(cfg.vault.address, "https://vault.example.com:8200");
    assert.match(cfg.vault.addressFrom, /agent\.hcl:4 \(vault\.address\)$/);
    assert.equal(cfg.vault.numRetries, 5);
    assert.equal(cfg.pidFile, join(dir, "pidfile"));
    const method = cfg.autoAuth?.method;
    assert.equal(method?.type, "approle");
    assert.equal(method?.mount, "approle");
    assert.ok(method?.type === "approle" && method.removeSecretIdFileAfterReading === false);
    assert.deepEqual(
      cfg.autoAuth?.sinks.map((s) => [s.path, s.mode.toString(8)]),
      [["/run/vault/token", "640"]],
    );
    assert.equal(cfg.staticSecretRenderIntervalMs, 600_000);
    assert.equal(cfg.exitOnRetryFailure, true);
    assert.equal(cfg.templates.length, 2);
    assert.deepEqual(cfg.templates[0].command, ["sh", "-c", "systemctl reload app"]);
    assert.equal(cfg.templates[0].perms, 0o640);
    assert.equal(cfg.templates[1].perms, 0o600, "templates default to 0600");
    assert.equal(cfg.templates[1].destination, join(dir, "app.json"));
    assert.equal(cfg.templates[0].template.usesVault, true);
    assert.equal(cfg.warnings.length, 2);
    assert.match(cfg.warnings[0], /agent\.hcl:28: cache is not supported by cofre agent and is ignored/);
    assert.match(cfg.warnings[1], /agent\.hcl:32: listener is not supported/);
  });

  it("defaults: render interval 5m, 12 retries, sinks 0600, address from VAULT_ADDR when set", async () => {
    const cfg = await load(
      `auto_auth {\n  method {\n    type = "token_file"\n    config = { token_file_path = "t" }\n  }\n  sink { type = "file"\n config = { path = "s" } }\n}\n`,
      { VAULT_ADDR: "http://127.0.0.1:9999" },
    );
    assert.equal(cfg.staticSecretRenderIntervalMs, 300_000);
    assert.equal(cfg.vault.numRetries, 12);
    assert.equal(cfg.vault.address, "http://127.0.0.1:9999");
    assert.equal(cfg.vault.addressFrom, "VAULT_ADDR");
    assert.equal(cfg.autoAuth?.sinks[0].mode, 0o600);
    assert.equal(cfg.autoAuth?.method.type, "token_file");
    assert.equal(cfg.autoAuth?.method.minBackoffMs, 1000);
  });

  it("an unknown template function names the config file, line and column of an inline template", async () => {
    const msg = await errorOf(
      `template {\n  destination = "x"\n  contents = <<EOT\nline\n  {{ nope "a" }}\nEOT\n}\n`,
    );
    assert.equal(msg, 'agent.hcl:5:6: function "nope" not defined');
    const quoted = await errorOf(`template {\n  destination = "x"\n  contents = "ab{{ nope }}"\n}\n`);
    assert.equal(quoted, 'agent.hcl:3:20: function "nope" not defined');
  });

  it("an unknown function in a source file names that file", async () => {
    await writeFile(join(dir, "bad.ctmpl"), 'ok\n{{ secret "x" | frobnicate }}\n');
    const msg = await errorOf(`template {\n  source = "bad.ctmpl"\n  destination = "x"\n}\n`);
    assert.equal(msg, '<dir>/bad.ctmpl:2:17: function "frobnicate" not defined');
  });

  it("mistakes name the line: unknown keys, missing values, bad types, unsupported features, HCL syntax", async () => {
    assert.equal(
      await errorOf(`template {\n  destinaton = "x"\n  contents = ""\n}\n`),
      'agent.hcl:2: unknown key "template.destinaton"',
    );
    assert.equal(
      await errorOf(`\n\ntemplate {\n  contents = "x"\n}\n`),
      "agent.hcl:3: template.destination is required",
    );
    assert.equal(
      await errorOf(`template {\n  destination = "x"\n}\n`),
      "agent.hcl:1: template needs source or contents",
    );
    assert.equal(
      await errorOf(`template {\n  destination = "x"\n  contents = "x"\n  perms = "rw-"\n}\n`),
      'agent.hcl:4: template.perms must be an octal file mode such as "0600"',
    );
    assert.equal(
      await errorOf(`exit_after_auth = "maybe"\n`),
      "agent.hcl:1: exit_after_auth must be true or false",
    );
    assert.equal(
      await errorOf(`auto_auth {\n  method "aws" {\n    config = {}\n  }\n}\n`),
      'agent.hcl:2: auto_auth method "aws" is not supported (token_file, approle, kubernetes, jwt are)',
    );
    const sink = (line: string) =>
      `auto_auth {\n  method "kubernetes" {\n    config = { role = "r" }\n  }\n  sink "file" {\n    ${line}\n    config = { path = "t" }\n  }\n}\n`;
    assert.equal(
      await errorOf(sink('dh_type = "curve25519"')),
      "agent.hcl:6: sink dh_type is not supported: the sink would not be written as configured",
    );
    assert.equal(await errorOf(sink('wrap_ttl = "0s"')), "agent.hcl:6: wrap_ttl must be at least one second");
    assert.match(await errorOf(sink('wrap_ttl = "soon"')), /^agent\.hcl:6: .*wrap_ttl must be a duration/);
    assert.equal(
      await errorOf(
        `auto_auth {\n  method "approle" {\n    config = {\n      secret_id_file_path = "s"\n    }\n  }\n}\n`,
      ),
      'agent.hcl:3: auto_auth.method "approle".config.role_id_file_path is required',
    );
    assert.equal(await errorOf(`vault {\n  address = "x"\n`), "agent.hcl:3:1: expected '}'");
    assert.equal(await errorOf(`frobnicate = 1\n`), 'agent.hcl:1: unknown key "frobnicate"');
    assert.equal(
      await errorOf(`env_template "A" {\n  contents = "x"\n}\n`),
      "agent.hcl:1: env_template needs an exec block (the command that gets the variables)",
    );
  });

  it("exec, env_template, owner and command forms", async () => {
    const cfg = await load(`exec {
  command = ["node", "app.js"]
  restart_on_secret_changes = "always"
  restart_stop_signal = "SIGINT"
  reload_signal = "hup"
}
env_template "DB_PASSWORD" {
  contents = "{{ with secret \\"secret/data/app\\" }}{{ .Data.data.password }}{{ end }}"
  error_on_missing_key = true
}
template {
  destination = "out"
  contents = "x"
  user = "root"
  group = "0"
  exec {
    command = ["touch", "rendered"]
    timeout = "5s"
  }
}
`);
    assert.deepEqual(cfg.exec?.command, ["node", "app.js"]);
    assert.equal(cfg.exec?.restartStopSignal, "SIGINT");
    assert.equal(cfg.exec?.reloadSignal, "SIGHUP");
    assert.deepEqual(
      cfg.envTemplates.map((e) => e.name),
      ["DB_PASSWORD"],
    );
    assert.equal(cfg.templates[0].uid, 0);
    assert.equal(cfg.templates[0].gid, 0);
    assert.deepEqual(cfg.templates[0].command, ["touch", "rendered"]);
    assert.equal(cfg.templates[0].commandTimeoutMs, 5000);
    assert.match(
      await errorOf(`template {\n  destination = "x"\n  contents = "x"\n  user = "no-such-user-xyz"\n}\n`),
      /agent\.hcl:4: no such user "no-such-user-xyz"/,
    );
  });

  it("a config error never echoes a value from the file", async () => {
    const msg = await errorOf(
      `auto_auth {\n  method "jwt" {\n    config = { role = ["s3cr3t-value"], path = "p" }\n  }\n}\n`,
    );
    assert.match(msg, /agent\.hcl:3: auto_auth.method "jwt".config.role must be a string/);
    assert.ok(!msg.includes("s3cr3t"));
  });
});
