/** The version the server reports in sys/seal-status and sys/health (Vault's, plus ours). */
export const VERSION = "1.17.0+cofre.0.1.0";
export const BUILD_DATE = "2026-11-22T00:00:00Z";
