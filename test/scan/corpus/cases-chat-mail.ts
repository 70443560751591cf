// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import { ALNUM_DASH, type CorpusCase, env, prefixed, token } from "./define.js";
import { ALPHABETS as A, type Rand } from "./rand.js";

const digits = (r: Rand, n: number) => r.str(n, A.digits);

export const chatMailCases: CorpusCase[] = [
  token(
    "slack-bot-token",
    (r) => `xoxb-${digits(r, 12)}-${digits(r, 13)}-${r.str(24)}`,
    (r) => `xoxb-${digits(r, 12)}-${digits(r, 13)}-${r.str(23)}`,
  ),
  token(
    "slack-user-token",
    (r) => `xoxp-${digits(r, 12)}-${digits(r, 12)}-${digits(r, 13)}-${r.hex(32)}`,
    (r) => `xoxp-${digits(r, 12)}-${digits(r, 12)}-${digits(r, 13)}-${r.hex(31)}`,
  ),
  token(
    "slack-app-token",
    (r) => `xapp-1-${r.str(11, A.upperAlnum)}-${digits(r, 13)}-${r.hex(64)}`,
    (r) => `xapp-1-${r.str(11, A.upperAlnum)}-${digits(r, 13)}-${r.hex(63)}`,
  ),
  token(
    "slack-config-token",
    (r) => `xoxe.xoxp-1-${r.str(164, A.upperAlnum)}`,
    (r) => `xoxe.xoxp-1-${r.str(100, A.upperAlnum)}`,
  ),
  token(
    "slack-config-refresh-token",
    (r) => `xoxe-1-${r.str(146, A.upperAlnum)}`,
    (r) => `xoxe-1-${r.str(100, A.upperAlnum)}`,
  ),
  token(
    "slack-legacy-token",
    (r) => `xoxs-${digits(r, 12)}-${r.str(48)}`,
    (r) => `xoxs-${digits(r, 12)}-${r.str(12)}`,
  ),
  token(
    "slack-webhook-url",
    (r) =>
      `https://hooks.slack.com/services/T${r.str(10, A.upperAlnum)}/B${r.str(10, A.upperAlnum)}/${r.str(24)}`,
    (r) =>
      `https://hooks.slack.com/services/T${r.str(10, A.upperAlnum)}/B${r.str(10, A.upperAlnum)}/${r.str(23)}`,
  ),
  token(
    "discord-webhook-url",
    (r) => `https://discord.com/api/webhooks/${digits(r, 18)}/${r.str(68, ALNUM_DASH)}`,
    (r) => `https://discord.com/api/webhooks/${digits(r, 18)}/${r.str(40, ALNUM_DASH)}`,
  ),
  env(
    "discord-bot-token",
    "DISCORD_BOT_TOKEN",
    (r) =>
      `${Buffer.from(`1${digits(r, 17)}`).toString("base64")}.${r.str(6, ALNUM_DASH)}.${r.str(38, ALNUM_DASH)}`,
    (r) => `DISCORD_CLIENT_ID=${digits(r, 18)}`,
  ),
  token(
    "telegram-bot-token",
    (r) => `${digits(r, 10)}:AA${r.str(33, ALNUM_DASH)}`,
    (r) => `${digits(r, 10)}:AA${r.str(32, ALNUM_DASH)}`,
  ),
  token(
    "microsoft-teams-webhook",
    (r) =>
      `https://acme.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.hex(32)}/${r.uuid()}`,
    (r) =>
      `https://acme.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.hex(31)}/${r.uuid()}`,
  ),
  token(
    "sendgrid-api-key",
    (r) => `SG.${r.str(22, ALNUM_DASH)}.${r.str(43, ALNUM_DASH)}`,
    (r) => `SG.${r.str(22, ALNUM_DASH)}.${r.str(42, ALNUM_DASH)}`,
  ),
  prefixed("mailgun-api-key", "key-", 32, A.hex),
  env(
    "mailgun-private-key",
    "MAILGUN_API_KEY",
    (r) => `${r.hex(32)}-${r.hex(8)}-${r.hex(8)}`,
    () => "MAILGUN_DOMAIN=mg.acme.io",
  ),
  token(
    "mailchimp-api-key",
    (r) => `${r.hex(32)}-us${digits(r, 2)}`,
    (r) => `${r.hex(31)}-us${digits(r, 2)}`,
  ),
  env(
    "postmark-server-token",
    "POSTMARK_SERVER_TOKEN",
    (r) => r.uuid(),
    () => "POSTMARK_MESSAGE_STREAM=outbound",
  ),
  token(
    "brevo-api-key",
    (r) => `xkeysib-${r.hex(64)}-${r.str(16)}`,
    (r) => `xkeysib-${r.hex(64)}-${r.str(15)}`,
  ),
  token(
    "brevo-smtp-key",
    (r) => `xsmtpsib-${r.hex(64)}-${r.str(16)}`,
    (r) => `xsmtpsib-${r.hex(64)}-${r.str(15)}`,
  ),
  token(
    "resend-api-key",
    (r) => `re_${r.str(8)}_${r.str(24)}`,
    (r) => `re_${r.str(8)}_${r.str(23)}`,
  ),
  prefixed("mailersend-api-token", "mlsn.", 64, A.hex),
  env(
    "twilio-api-key",
    "TWILIO_API_KEY",
    (r) => `SK${r.hex(32)}`,
    (r) => `TWILIO_ACCOUNT_SID=AC${r.hex(32)}`,
  ),
  env(
    "twilio-auth-token",
    "TWILIO_AUTH_TOKEN",
    (r) => r.hex(32),
    () => "TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}",
  ),
  env(
    "sparkpost-api-key",
    "SPARKPOST_API_KEY",
    (r) => r.hex(40),
    () => "SPARKPOST_HOST=api.eu.sparkpost.com",
  ),
  env(
    "mailjet-api-secret",
    "MAILJET_API_SECRET",
    (r) => r.hex(32),
    () => "MAILJET_SENDER=noreply@acme.io",
  ),
];
