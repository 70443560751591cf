import { decodeBase64 } from "../validate/base64.js";
import { basicCredentialCheck, crcSuffixCheck } from "./checks.js";
import { family } from "./define.js";

/** Package registries and artifact stores. */
export const registryDetectors = family("registry", [
  {
    id: "npm-access-token",
    description: "npm access token",
    keywords: ["npm_"],
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    check: crcSuffixCheck(4),
  },
  {
    id: "npmrc-auth-token",
    description: "npm registry auth token in .npmrc",
    keywords: ["_authtoken"],
    pattern: /:_authToken\s*=\s*["']?(?<secret>[^\s"'`]{16,})/,
    minEntropy: 3,
  },
  {
    id: "npmrc-basic-auth",
    description: "npm registry basic credentials (_auth) in .npmrc",
    keywords: ["_auth"],
    pattern: /(?<![\w-])_auth\s*=\s*["']?(?<secret>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/,
    check: basicCredentialCheck,
  },
  {
    id: "yarn-npm-auth-token",
    description: "Yarn npmAuthToken",
    keywords: ["npmauthtoken"],
    pattern: /npmAuthToken["']?\s*:\s*["']?(?<secret>[A-Za-z0-9_.-]{16,})/,
    minEntropy: 3,
  },
  {
    id: "pypi-upload-token",
    description: "PyPI upload token",
    keywords: ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
    pattern: /pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
    reach: { before: 8, after: 1100 },
    confidence: "high",
  },
  {
    id: "dockerhub-pat",
    description: "Docker Hub personal access token",
    keywords: ["dckr_pat_"],
    pattern: /dckr_pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  {
    id: "dockerhub-org-token",
    description: "Docker Hub organization access token",
    keywords: ["dckr_oat_"],
    pattern: /dckr_oat_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  {
    id: "docker-config-auth",
    description: "Docker registry credentials in config.json",
    keywords: ['"auth"'],
    pattern: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{12,}={0,2})"/,
    check: basicCredentialCheck,
  },
  {
    id: "rubygems-api-key",
    description: "RubyGems API key",
    keywords: ["rubygems_"],
    pattern: /(?<![A-Za-z0-9_])rubygems_[a-f0-9]{48}(?![a-f0-9])/,
  },
  {
    id: "nuget-api-key",
    description: "NuGet API key",
    keywords: ["oy2"],
    pattern: /(?<![A-Za-z0-9])oy2[a-z0-9]{43}(?![A-Za-z0-9])/,
    minEntropy: 3.5,
  },
  {
    id: "clojars-token",
    description: "Clojars deploy token",
    keywords: ["clojars_"],
    pattern: /CLOJARS_[a-z0-9]{60}(?![a-z0-9])/,
  },
  {
    id: "jfrog-api-key",
    description: "JFrog Artifactory API key",
    keywords: ["akcp"],
    pattern: /(?<![A-Za-z0-9])AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9])/,
    minEntropy: 4,
  },
  {
    id: "jfrog-identity-token",
    description: "JFrog Artifactory identity (reference) token",
    keywords: ["cmvmdgtu"],
    pattern: /(?<![A-Za-z0-9])cmVmdGtu[A-Za-z0-9]{56}(?![A-Za-z0-9])/,
    check: ({ secret }) => (decodeBase64(secret)?.toString("latin1").startsWith("reftkn:") ? "high" : null),
  },
  {
    id: "crates-io-token",
    description: "crates.io API token",
    keywords: ["cio"],
    pattern: /(?<![A-Za-z0-9])cio[A-Za-z0-9]{32}(?![A-Za-z0-9])/,
    minEntropy: 3.8,
  },
]);
