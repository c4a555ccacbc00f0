import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configDocs } from '../../src/config/config.schema';

const ROOT = join(__dirname, '../..');

// Docker is not available here; at least the compose file must parse and wire the four services.
describe('docker-compose.yml', () => {
  const doc = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });

  it('defines postgres, redis, api and worker', () => {
    expect(Object.keys(doc.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
  });

  it('runs the api and the worker from one image with their roles, on PostgreSQL and Redis', () => {
    expect(doc.services.api.environment.HUB_ROLE).toBe('api');
    expect(doc.services.worker.environment.HUB_ROLE).toBe('worker');
    for (const s of ['api', 'worker']) {
      expect(doc.services[s].environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(doc.services[s].environment.REDIS_URL).toBe('redis://redis:6379');
      expect(doc.services[s].depends_on.postgres.condition).toBe('service_healthy');
    }
  });
});

describe('.env.example', () => {
  it('lists every hub setting', () => {
    const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const name of Object.keys(configDocs).filter((n) => n !== 'HUB_FAULT_POINT')) expect(text).toContain(`#${name}=`);
  });
});
