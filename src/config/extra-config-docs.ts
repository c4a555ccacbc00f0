/**
 * Settings read by modules with their own schema (channels, bot). Each
 * module exports its docs; they are listed here for .env.example and the README.
 */
export const EXTRA_CONFIG_DOCS: [string, Record<string, string>][] = [];
