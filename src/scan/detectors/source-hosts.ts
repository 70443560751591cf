import { crcSuffixCheck, hexCrcTailCheck } from "./checks.js";
import { type DetectorSpec, family } from "./define.js";

/** GitHub's `gh?_` tokens: 30 random base62 characters and a 6-character CRC-32. */
function github(prefix: string, id: string, description: string): DetectorSpec {
  return {
    id,
    description,
    keywords: [prefix],
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}[A-Za-z0-9]{36}(?![A-Za-z0-9_])`),
    check: crcSuffixCheck(4),
  };
}

/** GitLab's prefixed tokens. */
function gitlab(prefix: string, body: string, id: string, description: string): DetectorSpec {
  return {
    id,
    description,
    keywords: [prefix.toLowerCase()],
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${prefix}${body}(?![A-Za-z0-9_-])`),
    minEntropy: 3,
  };
}

/** Source hosting, CI and code-intelligence platforms. */
export const sourceHostDetectors = family("source-host", [
  github("ghp_", "github-pat-classic", "GitHub personal access token (classic)"),
  github("gho_", "github-oauth-token", "GitHub OAuth access token"),
  github("ghu_", "github-user-to-server-token", "GitHub App user-to-server token"),
  github("ghs_", "github-server-to-server-token", "GitHub App installation (server-to-server) token"),
  github("ghr_", "github-refresh-token", "GitHub App refresh token"),
  {
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    keywords: ["github_pat_"],
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/,
    minEntropy: 4,
  },
  gitlab("glpat-", "[A-Za-z0-9_.-]{20,300}", "gitlab-pat", "GitLab personal, project or group access token"),
  gitlab("glptt-", "[0-9a-f]{40}", "gitlab-pipeline-trigger-token", "GitLab pipeline trigger token"),
  gitlab(
    "GR1348941",
    "[A-Za-z0-9_-]{20}",
    "gitlab-runner-registration-token",
    "GitLab runner registration token",
  ),
  gitlab("glrt-", "[A-Za-z0-9_.-]{20,300}", "gitlab-runner-auth-token", "GitLab runner authentication token"),
  gitlab("gldt-", "[A-Za-z0-9_-]{20}", "gitlab-deploy-token", "GitLab deploy token"),
  gitlab("glft-", "[A-Za-z0-9_-]{20}", "gitlab-feed-token", "GitLab feed token"),
  gitlab("gloas-", "[a-f0-9]{64}", "gitlab-oauth-app-secret", "GitLab OAuth application secret"),
  gitlab("glsoat-", "[A-Za-z0-9_-]{20}", "gitlab-scim-token", "GitLab SCIM OAuth token"),
  gitlab("glagent-", "[A-Za-z0-9_-]{50}", "gitlab-agent-token", "GitLab Kubernetes agent token"),
  gitlab("glimt-", "[a-z0-9]{25}", "gitlab-incoming-mail-token", "GitLab incoming mail token"),
  gitlab("glffct-", "[A-Za-z0-9_-]{20}", "gitlab-feature-flag-token", "GitLab feature flags client token"),
  gitlab("glcbt-", "[0-9a-f]{1,5}_[A-Za-z0-9_-]{20}", "gitlab-ci-job-token", "GitLab CI/CD job token"),
  {
    id: "bitbucket-app-password",
    description: "Bitbucket app password",
    keywords: ["atbb"],
    pattern: /(?<![A-Za-z0-9_-])ATBB[A-Za-z0-9_=.-]{24}[A-F0-9]{8}(?![A-Za-z0-9_=.-])/,
    check: hexCrcTailCheck,
    minEntropy: 3.5,
  },
  {
    id: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API token",
    keywords: ["atatt3"],
    pattern: /(?<![A-Za-z0-9_-])ATATT3[A-Za-z0-9_=-]{178}[A-F0-9]{8}(?![A-Za-z0-9_=-])/,
    check: hexCrcTailCheck,
    minEntropy: 4,
  },
  {
    id: "azure-devops-pat",
    description: "Azure DevOps personal access token",
    keywords: ["azdo"],
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])/,
    reach: { before: 90, after: 16 },
    minEntropy: 4,
  },
  {
    id: "sourcegraph-access-token",
    description: "Sourcegraph access token",
    keywords: ["sgp_"],
    pattern: /(?<![A-Za-z0-9_])sgp_(?:(?:[a-f0-9]{16}|local)_)?[a-f0-9]{40}(?![a-f0-9])/,
  },
  {
    id: "circleci-token",
    description: "CircleCI personal API token",
    keywords: ["ccipat_"],
    pattern: /(?<![A-Za-z0-9_])CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}(?![a-f0-9])/,
  },
  {
    id: "buildkite-token",
    description: "Buildkite agent or API access token",
    keywords: ["bkua_"],
    pattern: /(?<![A-Za-z0-9_])bkua_[a-f0-9]{40}(?![a-f0-9])/,
  },
  {
    id: "sonarqube-token",
    description: "SonarQube user, project or analysis token",
    keywords: ["squ_", "sqp_", "sqa_"],
    pattern: /(?<![A-Za-z0-9_])sq[upa]_[a-f0-9]{40}(?![a-f0-9])/,
  },
  {
    id: "harness-access-token",
    description: "Harness personal or service account token",
    keywords: ["pat.", "sat."],
    pattern: /(?<![A-Za-z0-9_.])(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20}(?![A-Za-z0-9])/,
  },
]);
