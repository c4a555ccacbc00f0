/** Moved to src/schema (the shared database schema); this path stays for older imports. */
export * from '../schema/refresh-token.entity';
