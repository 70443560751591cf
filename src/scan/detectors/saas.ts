import { crc32 } from "../validate/crc32.js";
import { base64JsonCheck } from "./checks.js";
import { assigned, type DetectorSpec, family } from "./define.js";

function prefixed(
  prefix: string,
  body: string,
  id: string,
  description: string,
  minEntropy = 3.2,
): DetectorSpec {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    id,
    description,
    keywords: [prefix.toLowerCase()],
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${escaped}${body}(?![A-Za-z0-9_-])`),
    minEntropy,
  };
}

/** Grafana service account tokens end with the little-endian hex CRC-32 of what precedes "_". */
function grafanaServiceAccountCheck({ secret }: { secret: string }): "high" | null {
  const tail = secret.slice(-8);
  const le = Number.parseInt(tail.slice(6, 8) + tail.slice(4, 6) + tail.slice(2, 4) + tail.slice(0, 2), 16);
  return le === crc32(secret.slice(0, -9)) ? "high" : null;
}

/** Monitoring, productivity, messaging APIs and other hosted services. */
export const saasDetectors = family("saas", [
  assigned({
    id: "datadog-api-key",
    description: "Datadog API key",
    keywords: ["datadog", "dd_api_key", "dd-api-key"],
    key: "(?:datadog|dd)[\\w.-]{0,20}api[_.-]?key",
    value: "[a-f0-9]{32}",
  }),
  assigned({
    id: "datadog-app-key",
    description: "Datadog application key",
    keywords: ["datadog", "dd_app_key", "dd-app-key", "dd_application_key"],
    key: "(?:datadog|dd)[\\w.-]{0,20}app(?:lication)?[_.-]?key",
    value: "[a-f0-9]{40}",
  }),
  prefixed("NRAK-", "[A-Z0-9]{27}", "new-relic-user-api-key", "New Relic user API key"),
  prefixed("NRII-", "[A-Za-z0-9_-]{32}", "new-relic-insert-key", "New Relic insert key"),
  {
    ...prefixed("NRJS-", "[a-f0-9]{19}", "new-relic-browser-key", "New Relic browser API key", 3),
    confidence: "low",
  },
  {
    id: "new-relic-license-key",
    description: "New Relic ingest license key",
    keywords: ["nral"],
    pattern: /(?<![A-Za-z0-9])[a-f0-9]{36}NRAL(?![A-Za-z0-9])/,
    reach: { before: 40, after: 8 },
    minEntropy: 3,
  },
  {
    id: "sentry-org-token",
    description: "Sentry organization auth token",
    keywords: ["sntrys_"],
    pattern: /(?<![A-Za-z0-9_])sntrys_eyJ[A-Za-z0-9+/=_-]{80,600}(?![A-Za-z0-9+/=_-])/,
    reach: { before: 8, after: 700 },
    check: base64JsonCheck(7),
  },
  prefixed("sntryu_", "[a-f0-9]{64}", "sentry-user-token", "Sentry user auth token"),
  {
    id: "grafana-service-account-token",
    description: "Grafana service account token",
    keywords: ["glsa_"],
    pattern: /(?<![A-Za-z0-9_])glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}(?![A-Za-z0-9])/,
    check: grafanaServiceAccountCheck,
  },
  {
    id: "grafana-api-key",
    description: "Grafana API key (legacy)",
    keywords: ["eyjrijoi"],
    pattern: /(?<![A-Za-z0-9+/])eyJrIjoi[A-Za-z0-9]{42,400}={0,2}(?![A-Za-z0-9+/=])/,
    check: base64JsonCheck(0),
  },
  prefixed("PMAK-", "[a-f0-9]{24}-[a-f0-9]{34}", "postman-api-key", "Postman API key"),
  prefixed("lin_api_", "[A-Za-z0-9]{40}", "linear-api-key", "Linear API key"),
  prefixed("secret_", "[A-Za-z0-9]{43}", "notion-integration-token", "Notion integration token", 4),
  prefixed("ntn_", "[0-9]{11}[A-Za-z0-9]{35}", "notion-api-token", "Notion API token"),
  prefixed("figd_", "[A-Za-z0-9_-]{40}", "figma-access-token", "Figma personal access token"),
  {
    id: "hubspot-private-app-token",
    description: "HubSpot private app access token",
    keywords: ["pat-na1-", "pat-eu1-"],
    pattern: /pat-(?:na|eu)1-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/,
  },
  assigned({
    id: "okta-api-token",
    description: "Okta API token",
    keywords: ["okta"],
    key: "okta[\\w.-]{0,20}(?:token|key)",
    value: "00[A-Za-z0-9_-]{40}",
    minEntropy: 3.5,
  }),
  {
    id: "twitter-bearer-token",
    description: "Twitter / X app bearer token",
    keywords: ["aaaaaaaaaaaaaaaaaaaaa"],
    pattern: /(?<![A-Za-z0-9%])A{22}[A-Za-z0-9%]{80,120}(?![A-Za-z0-9%])/,
    skipPlaceholderCheck: true,
  },
  {
    id: "facebook-access-token",
    description: "Facebook / Meta Graph API access token",
    keywords: ["EAA"],
    keywordsCaseSensitive: true,
    pattern: /(?<![A-Za-z0-9])EAA[A-Za-z0-9]{100,400}(?![A-Za-z0-9])/,
    reach: { before: 8, after: 420 },
    minEntropy: 4,
  },
  {
    id: "mapbox-secret-token",
    description: "Mapbox secret access token",
    keywords: ["sk.eyj"],
    pattern: /(?<![A-Za-z0-9_.])sk\.eyJ[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/,
  },
  prefixed("CFPAT-", "[A-Za-z0-9_-]{43}", "contentful-pat", "Contentful personal access token"),
  {
    id: "dynatrace-api-token",
    description: "Dynatrace API token",
    keywords: ["dt0c01."],
    pattern: /dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![A-Z0-9])/,
    confidence: "high",
  },
  prefixed("pnu_", "[A-Za-z0-9]{36}", "prefect-api-key", "Prefect API key"),
  prefixed("rdme_", "[a-z0-9]{70}", "readme-api-key", "ReadMe API key"),
  prefixed("tfp_", "[A-Za-z0-9_=.-]{59}", "typeform-token", "Typeform personal access token"),
  prefixed("fio-u-", "[A-Za-z0-9_=-]{64}", "frameio-token", "Frame.io API token"),
  {
    id: "tailscale-key",
    description: "Tailscale API, auth or OAuth client key",
    keywords: ["tskey-"],
    pattern: /tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{8,24}-[A-Za-z0-9]{20,40}(?![A-Za-z0-9])/,
    minEntropy: 3.5,
  },
  assigned({
    id: "ngrok-authtoken",
    description: "ngrok authtoken",
    keywords: ["ngrok"],
    key: "ngrok[\\w.-]{0,20}(?:token|key)",
    value: "[0-9A-Za-z]{27}_[0-9A-Za-z]{21}",
    minEntropy: 3.8,
  }),
  {
    id: "firebase-cloud-messaging-key",
    description: "Firebase Cloud Messaging server key",
    keywords: [":apa91b"],
    pattern: /(?<![A-Za-z0-9_-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}(?![A-Za-z0-9_-])/,
    reach: { before: 16, after: 150 },
  },
  {
    id: "dropbox-access-token",
    description: "Dropbox short-lived access token",
    keywords: ["sl."],
    pattern: /(?<![A-Za-z0-9_.])sl\.(?:u\.)?[A-Za-z0-9_-]{130,1200}(?![A-Za-z0-9_-])/,
    reach: { before: 8, after: 1300 },
    minEntropy: 4,
  },
  assigned({
    id: "algolia-admin-key",
    description: "Algolia admin or write API key",
    keywords: ["algolia"],
    key: "algolia[\\w.-]{0,20}(?:admin|write|secret|api)[\\w.-]{0,10}key",
    value: "[a-f0-9]{32}",
  }),
  assigned({
    id: "snyk-token",
    description: "Snyk API token",
    keywords: ["snyk"],
    key: "snyk[\\w.-]{0,20}(?:token|key)",
    value: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  }),
  assigned({
    id: "fastly-api-token",
    description: "Fastly API token",
    keywords: ["fastly"],
    key: "fastly[\\w.-]{0,20}(?:token|key)",
    value: "[A-Za-z0-9_-]{32}",
    minEntropy: 3.8,
  }),
  prefixed("p8e-", "[A-Za-z0-9]{32}", "adobe-client-secret", "Adobe client secret", 3.5),
]);
