/** `cofre server`: the one command that builds a core (the rest of the CLI is an HTTP client). */
import type { Command } from "commander";
import { TokenHelper } from "../../client/token-helper.js";
import { startServer } from "../../server/build.js";
import { loadServerConfig } from "../../server/config.js";
import { startDevServer } from "../../server/dev.js";
import { createLogger } from "../../util/logger.js";
import type { CliContext } from "../io.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("server")
    .description("Start a cofre server (--dev for an in-memory, unsealed development server)")
    .option("--config <file>", "server configuration file (HCL or JSON)")
    .option("--dev", "development mode: in-memory storage, unsealed, root token printed")
    .option(
      "--dev-storage <type>",
      "dev mode storage: inmem, or sqlite (the default store, in a temporary folder removed on exit)",
      "inmem",
    )
    .option("--dev-root-token-id <id>", "use this root token in dev mode")
    .option("--dev-no-store-token", "do not store the dev root token in ~/.cofre-token")
    .option(
      "--dev-listen-address <addr>",
      "listen address in dev mode",
      process.env.VAULT_DEV_LISTEN_ADDRESS ?? "127.0.0.1:8200",
    )
    .action(
      async (opts: {
        config?: string;
        dev?: boolean;
        devRootTokenId?: string;
        devStorage: string;
        devListenAddress: string;
        devNoStoreToken?: boolean;
      }) => {
        const out = (s: string) => ctx.io.stdout.write(`${s}\n`);
        let close: () => Promise<void>;
        if (opts.dev) {
          if (opts.devStorage !== "inmem" && opts.devStorage !== "sqlite")
            throw new Error(
              `--dev-storage must be inmem or sqlite, not ${JSON.stringify(opts.devStorage.slice(0, 40))}`,
            );
          const logger = createLogger({ level: "info" });
          const dev = await startDevServer(
            {
              rootTokenId: opts.devRootTokenId ?? ctx.io.env.VAULT_DEV_ROOT_TOKEN_ID,
              listenAddress: opts.devListenAddress,
              storage: opts.devStorage,
            },
            logger,
          );
          close = dev.close;
          const helper = new TokenHelper(ctx.io.homeDir);
          if (!opts.devNoStoreToken) await helper.store(dev.rootToken);
          if (dev.storagePath) {
            out("WARNING! dev mode is enabled! In this mode, cofre stores its data in a temporary");
            out(`SQLite file (${dev.storagePath}), starts unsealed with a single unseal key,`);
            out("and deletes everything when it stops.");
          } else {
            out("WARNING! dev mode is enabled! In this mode, cofre runs entirely in-memory,");
            out("starts unsealed with a single unseal key, and loses everything when it stops.");
          }
          out("");
          out(`    export COFRE_ADDR='http://${dev.addresses[0]}'`);
          out("");
          out(`Unseal Key: ${dev.unsealKey}`);
          out(`Root Token: ${dev.rootToken}`);
          out("");
          if (!opts.devNoStoreToken)
            out(`The root token is stored in ${helper.path}, so the CLI is logged in.`);
          out("Development mode should NOT be used in production installations!");
        } else {
          if (!opts.config)
            throw new Error("a configuration file is required: cofre server --config FILE (or --dev)");
          const config = await loadServerConfig(opts.config);
          const logger = createLogger({ level: config.logLevel });
          for (const w of config.warnings) logger.warn(w);
          const server = await startServer(config, logger);
          close = server.close;
          logger.info("cofre server started", { addresses: server.addresses, storage: config.storage.type });
        }
        let stopping = false;
        const stop = async () => {
          if (stopping) return;
          stopping = true;
          await close();
          process.exit(0);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      },
    );
}
