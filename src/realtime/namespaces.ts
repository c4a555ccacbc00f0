/**
 * The officers' console namespace. Its events are a view of what is stored (a console that
 * misses one reloads), unlike the pushes to citizens, so the realtime layer may batch them.
 */
export const CONSOLE_NAMESPACE = '/console';
