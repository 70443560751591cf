import { ALNUM_DASH, type CorpusCase, prefixed, token } from "./define.js";
import { crcToken, hexCrcTail } from "./makers.js";
import { ALPHABETS as A, mutate } from "./rand.js";

function github(rule: string, prefix: string): CorpusCase {
  return token(
    rule,
    (r) => crcToken(prefix, r),
    (r) => mutate(crcToken(prefix, r), -1),
  );
}

export const hostCases: CorpusCase[] = [
  github("github-pat-classic", "ghp_"),
  github("github-oauth-token", "gho_"),
  github("github-user-to-server-token", "ghu_"),
  github("github-server-to-server-token", "ghs_"),
  github("github-refresh-token", "ghr_"),
  token(
    "github-fine-grained-pat",
    (r) => `github_pat_${r.str(22)}_${r.str(59)}`,
    (r) => `github_pat_${r.str(22)}_${r.str(58)}`,
  ),
  prefixed("gitlab-pat", "glpat-", 20, ALNUM_DASH),
  prefixed("gitlab-pipeline-trigger-token", "glptt-", 40, A.hex),
  prefixed("gitlab-runner-registration-token", "GR1348941", 20, ALNUM_DASH),
  prefixed("gitlab-runner-auth-token", "glrt-", 20, ALNUM_DASH),
  prefixed("gitlab-deploy-token", "gldt-", 20, ALNUM_DASH),
  prefixed("gitlab-feed-token", "glft-", 20, ALNUM_DASH),
  prefixed("gitlab-oauth-app-secret", "gloas-", 64, A.hex),
  prefixed("gitlab-scim-token", "glsoat-", 20, ALNUM_DASH),
  prefixed("gitlab-agent-token", "glagent-", 50, ALNUM_DASH),
  prefixed("gitlab-incoming-mail-token", "glimt-", 25, A.lowerAlnum),
  prefixed("gitlab-feature-flag-token", "glffct-", 20, ALNUM_DASH),
  token(
    "gitlab-ci-job-token",
    (r) => `glcbt-${r.hex(2)}_${r.str(20)}`,
    (r) => `glcbt-${r.hex(2)}_${r.str(19)}`,
  ),
  token(
    "bitbucket-app-password",
    (r) => hexCrcTail(`ATBB${r.str(24)}`),
    (r) => `ATBB${r.str(20)}${r.str(8, A.upperHex)}`,
  ),
  token(
    "atlassian-api-token",
    (r) => hexCrcTail(`ATATT3${r.str(178)}`),
    (r) => `ATATT3${r.str(150)}${r.str(8, A.upperHex)}`,
  ),
  token(
    "azure-devops-pat",
    (r) => `${r.str(76)}AZDO${r.str(4)}`,
    (r) => `${r.str(70)}AZDO${r.str(4)}`,
  ),
  token(
    "sourcegraph-access-token",
    (r) => `sgp_${r.hex(16)}_${r.hex(40)}`,
    (r) => `sgp_${r.hex(39)}`,
  ),
  token(
    "circleci-token",
    (r) => `CCIPAT_${r.str(22)}_${r.hex(40)}`,
    (r) => `CCIPAT_${r.str(22)}_${r.hex(39)}`,
  ),
  prefixed("buildkite-token", "bkua_", 40, A.hex),
  prefixed("sonarqube-token", "squ_", 40, A.hex),
  token(
    "harness-access-token",
    (r) => `pat.${r.str(22, ALNUM_DASH)}.${r.hex(24)}.${r.str(20)}`,
    (r) => `pat.${r.str(22, ALNUM_DASH)}.${r.hex(23)}.${r.str(20)}`,
  ),
];
