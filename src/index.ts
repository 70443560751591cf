/** cofre's library entry: the typed HTTP client of the API (the public SDK). */
export * from "./client/index.js";
