import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../../src/db/connect.js';
import { buildApp, type RouteInfo } from '../../src/web/app.js';

export interface Running {
  base: string;
  app: FastifyInstance & { routeList: RouteInfo[] };
  close(): Promise<void>;
}

/** The real app on a real port on 127.0.0.1. */
export async function startApp(
  handle: DbHandle,
  opts: { now?: () => Date; extraRoutes?: (app: FastifyInstance) => void; logStream?: { write(line: string): void } } = {},
): Promise<Running> {
  const app = await buildApp({
    handle,
    config: { secureCookies: false, sessionHours: 12 },
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.logStream ? { logger: { level: 'info', stream: opts.logStream } } : {}),
  });
  opts.extraRoutes?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely
  json<T = any>(): T;
  location: string | null;
}

/** A browser-like client over fetch: keeps cookies, finds CSRF tokens in pages, sends forms. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    readonly base: string,
    readonly ip?: string,
  ) {}

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, unknown>; json?: unknown; multipart?: FormData; headers?: Record<string, string> } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | FormData | undefined;
    if (init.multipart) {
      body = init.multipart;
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) p.append(k, String(x));
      body = p.toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const r = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await r.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1]!;
    return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text), location: r.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Posts a form with the CSRF token from the last page seen (fetching one first if needed). */
  async post(path: string, form: Record<string, unknown> = {}) {
    if (!this.csrf) await this.get('/login');
    return this.request('POST', path, { form: { _csrf: this.csrf, ...form } });
  }

  /** Posts a multipart form (files as {name, data}) with the CSRF token from the last page seen. */
  async upload(path: string, files: { field?: string; name: string; data: Uint8Array }[], fields: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/login');
    const form = new FormData();
    form.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.field ?? 'files', new Blob([new Uint8Array(f.data)]), f.name);
    return this.request('POST', path, { multipart: form });
  }

  async login(username: string, password: string) {
    await this.get('/login');
    return this.post('/login', { username, password });
  }
}
