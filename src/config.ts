import { isAbsolute, join, resolve } from 'node:path';

/** Settings read from the environment once, at start. Everything has a default that runs the demo. */
export interface Config {
  /** postgres://… when GONGKAI_DATABASE_URL is set; otherwise the embedded SQLite file. */
  databaseUrl: string | undefined;
  dataDir: string;
  sqliteFile: string;
  host: string;
  port: number;
  /** Secure cookies need HTTPS; off by default so the demo works on http://localhost. */
  secureCookies: boolean;
  sessionHours: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.GONGKAI_DATA_DIR ?? join(process.cwd(), 'data'));
  const file = env.GONGKAI_SQLITE_FILE ?? 'gongkai.sqlite';
  return {
    databaseUrl: env.GONGKAI_DATABASE_URL || undefined,
    dataDir,
    sqliteFile: isAbsolute(file) ? file : join(dataDir, file),
    host: env.GONGKAI_HOST ?? '0.0.0.0',
    port: Number(env.GONGKAI_PORT ?? env.PORT ?? 3000),
    secureCookies: env.GONGKAI_SECURE_COOKIES === '1',
    sessionHours: Number(env.GONGKAI_SESSION_HOURS ?? 12),
    logLevel: env.GONGKAI_LOG_LEVEL ?? 'info',
  };
}
