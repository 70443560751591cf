import { execFileSync } from "node:child_process";
import { tempDir } from "./helpers.js";

/** A throwaway git repository with fixed identities and dates. */
export async function tempRepo() {
  const t = await tempDir("cofre-scan-git-");
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", ...args], {
      cwd: t.dir,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: t.dir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
      .toString()
      .trim();
  git(["init", "-q", "-b", "main"]);
  const commit = (message: string, author: string, date: string) => {
    const [name, email] = author.split(/ <|>/);
    git(["add", "-A"]);
    git(["-c", `user.name=${name}`, "-c", `user.email=${email}`, "commit", "-q", "-m", message], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
    return git(["rev-parse", "HEAD"]);
  };
  return { ...t, git, commit };
}
