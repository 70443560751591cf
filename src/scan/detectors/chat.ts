import { decodeBase64 } from "../validate/base64.js";
import { assigned, family } from "./define.js";

/** Chat and collaboration platforms: tokens and incoming webhooks. */
export const chatDetectors = family("chat", [
  {
    id: "slack-bot-token",
    description: "Slack bot token",
    keywords: ["xoxb-"],
    pattern: /(?<![A-Za-z0-9-])xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}(?![A-Za-z0-9])/,
  },
  {
    id: "slack-user-token",
    description: "Slack user token",
    keywords: ["xoxp-"],
    pattern: /(?<![A-Za-z0-9-])xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}(?![A-Za-z0-9])/,
  },
  {
    id: "slack-app-token",
    description: "Slack app-level token",
    keywords: ["xapp-"],
    pattern: /(?<![A-Za-z0-9-])xapp-\d-[A-Z0-9]{9,11}-\d{10,13}-[a-f0-9]{64}(?![A-Za-z0-9])/,
  },
  {
    id: "slack-config-token",
    description: "Slack app configuration access token",
    keywords: ["xoxe.xox"],
    pattern: /(?<![A-Za-z0-9-])xoxe\.xox[bp]-\d-[A-Z0-9]{163,166}(?![A-Za-z0-9])/,
  },
  {
    id: "slack-config-refresh-token",
    description: "Slack app configuration refresh token",
    keywords: ["xoxe-"],
    pattern: /(?<![A-Za-z0-9-])xoxe-\d-[A-Z0-9]{146}(?![A-Za-z0-9])/,
  },
  {
    id: "slack-legacy-token",
    description: "Slack legacy workspace, refresh or session token",
    keywords: ["xoxa-", "xoxo-", "xoxr-", "xoxs-"],
    pattern: /(?<![A-Za-z0-9-])xox[aors]-\d{1,13}-[0-9A-Za-z-]{20,120}(?![A-Za-z0-9-])/,
    minEntropy: 3.5,
  },
  {
    id: "slack-webhook-url",
    description: "Slack incoming webhook URL",
    keywords: ["hooks.slack.com/"],
    pattern:
      /hooks\.slack\.com\/(?:services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}|(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/[A-Z0-9]{8,12}\/\d{6,20}\/[A-Za-z0-9]{32})(?![A-Za-z0-9])/,
  },
  {
    id: "discord-webhook-url",
    description: "Discord webhook URL",
    keywords: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
  },
  assigned({
    id: "discord-bot-token",
    description: "Discord bot token",
    keywords: ["discord"],
    key: "discord[\\w.-]{0,20}(?:token|secret|key)",
    value: "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}",
    check: ({ secret }) =>
      /^\d{17,20}$/.test(decodeBase64(secret.split(".")[0])?.toString("latin1") ?? "") ? "high" : null,
  }),
  {
    id: "telegram-bot-token",
    description: "Telegram bot token",
    keywords: [":aa"],
    pattern: /(?<![0-9A-Za-z])(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    reach: { before: 16, after: 40 },
    minEntropy: 3.5,
  },
  {
    id: "microsoft-teams-webhook",
    description: "Microsoft Teams incoming webhook URL",
    keywords: [".webhook.office.com/"],
    pattern:
      /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}/,
    reach: { before: 40, after: 260 },
  },
]);
