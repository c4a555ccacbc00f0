import { Client } from 'pg';
import { PG_URL } from './hub-process';

/** Terminates every PostgreSQL connection whose application_name is `app` (set on the hub with PGAPPNAME); returns how many. */
export async function terminateConnections(app: string, client?: Client): Promise<number> {
  const c = client ?? new Client({ connectionString: PG_URL });
  if (!client) await c.connect();
  try {
    const r = await c.query(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1',
      [app],
    );
    return r.rows.filter((x: { ok: boolean }) => x.ok).length;
  } finally {
    if (!client) await c.end();
  }
}
