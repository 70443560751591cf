import { assigned, family } from "./define.js";

/** E-mail and SMS delivery services. */
export const mailDetectors = family("mail", [
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    keywords: ["sg."],
    pattern: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
  },
  {
    id: "mailgun-api-key",
    description: "Mailgun API key",
    keywords: ["key-"],
    pattern: /(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9])/,
    minEntropy: 3,
  },
  assigned({
    id: "mailgun-private-key",
    description: "Mailgun private API key",
    keywords: ["mailgun"],
    key: "mailgun[\\w.-]{0,20}(?:key|secret|token)",
    value: "[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}",
  }),
  {
    id: "mailchimp-api-key",
    description: "Mailchimp API key",
    keywords: ["-us"],
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9])/,
    reach: { before: 40, after: 8 },
    minEntropy: 3,
  },
  assigned({
    id: "postmark-server-token",
    description: "Postmark server or account token",
    keywords: ["postmark"],
    key: "postmark[\\w.-]{0,20}(?:token|key)",
    value: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  }),
  {
    id: "brevo-api-key",
    description: "Brevo (Sendinblue) API key",
    keywords: ["xkeysib-"],
    pattern: /xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/,
  },
  {
    id: "brevo-smtp-key",
    description: "Brevo (Sendinblue) SMTP key",
    keywords: ["xsmtpsib-"],
    pattern: /xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9])/,
  },
  {
    id: "resend-api-key",
    description: "Resend API key",
    keywords: ["re_"],
    pattern: /(?<![A-Za-z0-9_])re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
  },
  {
    id: "mailersend-api-token",
    description: "MailerSend API token",
    keywords: ["mlsn."],
    pattern: /(?<![A-Za-z0-9_.])mlsn\.[a-f0-9]{64}(?![a-f0-9])/,
  },
  assigned({
    id: "twilio-api-key",
    description: "Twilio API key SID with its secret context",
    keywords: ["twilio"],
    key: "twilio[\\w.-]{0,20}(?:api[_.-]?key|key[_.-]?sid|sid)",
    value: "SK[0-9a-fA-F]{32}",
  }),
  assigned({
    id: "twilio-auth-token",
    description: "Twilio auth token or API secret",
    keywords: ["twilio"],
    key: "twilio[\\w.-]{0,20}(?:auth[_.-]?token|secret|token)",
    value: "[0-9a-f]{32}",
  }),
  assigned({
    id: "sparkpost-api-key",
    description: "SparkPost API key",
    keywords: ["sparkpost"],
    key: "sparkpost[\\w.-]{0,20}(?:key|token)",
    value: "[0-9a-f]{40}",
  }),
  assigned({
    id: "mailjet-api-secret",
    description: "Mailjet API secret key",
    keywords: ["mailjet"],
    key: "mailjet[\\w.-]{0,20}(?:secret|key)",
    value: "[0-9a-f]{32}",
  }),
]);
