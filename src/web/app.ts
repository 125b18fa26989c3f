import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { VNode } from 'preact';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/connect.js';
import { InputError, isUserFacing, NotFoundError } from '../errors.js';
import { requireAgency } from '../features/access.js';
import { registerAccountRoutes } from '../features/accounts/routes.js';
import { loadSession, SESSION_COOKIE } from '../features/accounts/sessions.js';
import { registerAgencyRoutes } from '../features/agencies/routes.js';
import { registerAppealRoutes } from '../features/appeals/routes.js';
import { registerPublicApplicationRoutes } from '../features/applications/publicRoutes.js';
import { registerApplicationRoutes } from '../features/applications/routes.js';
import { registerAuditRoutes } from '../features/audit/routes.js';
import { registerCalendarRoutes } from '../features/calendar/routes.js';
import { MAX_ATTACHMENT_BYTES } from '../features/catalog/attachments.js';
import { registerCatalogRoutes } from '../features/catalog/routes.js';
import type { Ctx } from '../features/context.js';
import { registerHomeRoutes } from '../features/home/routes.js';
import { isPublicApi, PUBLIC_API_HEADERS } from '../features/portal/api.js';
import { registerPortalRoutes } from '../features/portal/routes.js';
import { registerReaderRoutes } from '../features/reader/routes.js';
import { registerReportRoutes } from '../features/reports/routes.js';
import type { Access } from './access.js';
import { ErrorPage } from './errorPages.js';
import { RATE_LIMIT } from './request.js';
import { type PageEnv, renderPage } from './ui.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyReply {
    /** Renders a page with the layout's environment (user, CSRF token, notice). */
    page(status: number, view: (env: PageEnv) => VNode): FastifyReply;
    /** Redirects after a successful POST and shows the notice on the next page. */
    doneTo(url: string, notice?: string): FastifyReply;
  }
}

export interface AppOptions {
  handle: DbHandle;
  config: Pick<Config, 'secureCookies' | 'sessionHours'>;
  logger?: FastifyServerOptions['logger'];
  /** Fixed clock for tests. */
  now?: () => Date;
}

export const NOTICE_COOKIE = 'gk_notice';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

/** Every route registered, for the tenant-isolation test and the route list in the docs. */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance & { routeList: RouteInfo[] }> {
  const { handle, config } = opts;
  const now = opts.now ?? (() => new Date());
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: () => randomBytes(6).toString('hex'),
    trustProxy: process.env.GONGKAI_TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL Fastify cannot decode (a broken %-escape such as /gk/%E0%A4%A) or with a path segment
    // past maxParamLength fails in the router, before any hook or route runs, so neither the error
    // handler nor the not-found handler sees it: answered here, as they would answer.
    frameworkErrors: (err, req, reply) => frameworkError(err, req, reply, securityHeaders),
    clientErrorHandler,
  });
  const routeList: RouteInfo[] = [];

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 },
  });
  await app.register(fastifyCsrf, {
    // Forms send the token as a field (a plain value, or {value} from a multipart form); scripts as a header.
    getToken: (req) => {
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof field === 'string') return field;
      if (field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string')
        return (field as { value: string }).value;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : '';
    },
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies, signed: false },
  });
  // Security headers from helmet's middleware, built once: @fastify/helmet builds it again on
  // every request, which cost an item page ~15% of its time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
  // A coarse per-address flood guard. Login attempts are counted in the database as well (see
  // accounts/service.ts), so that limit holds across every process behind a load balancer.
  await app.register(fastifyRateLimit, { global: true, ...RATE_LIMIT });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });
  // The body editor (static/editor.js) is Quill's own build, served from the package as it was
  // installed: its script and theme, not its source maps.
  await app.register(fastifyStatic, {
    root: dirname(createRequire(import.meta.url).resolve('quill/dist/quill.js')),
    prefix: '/static/vendor/quill/',
    decorateReply: false,
    allowedPath: (path) => path === '/quill.js' || path === '/quill.snow.css',
    maxAge: '1h',
  });

  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateReply('page', function (this: FastifyReply, status: number, view: (env: PageEnv) => VNode) {
    const req = this.request;
    const notice = req.cookies[NOTICE_COOKIE] ? safeDecode(req.cookies[NOTICE_COOKIE]) : null;
    if (notice) this.clearCookie(NOTICE_COOKIE, { path: '/' });
    const reply = this;
    let csrfToken: string | undefined;
    const env: PageEnv = {
      user: req.ctx?.principal.kind === 'user' ? req.ctx.principal.user : null,
      // Made when a view writes a form that posts: a page without one sets no _csrf cookie (and
      // skips the hashing), which is most portal pages.
      get csrfToken() {
        csrfToken ??= reply.generateCsrf();
        return csrfToken;
      },
      notice,
      path: req.url.split('?')[0] ?? '/',
    };
    return this.code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderPage(view(env)));
  });
  app.decorateReply('doneTo', function (this: FastifyReply, url: string, notice?: string) {
    if (notice) this.setCookie(NOTICE_COOKIE, encodeURIComponent(notice), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
    return this.redirect(url, 303);
  });

  // Who is asking: every request gets a context, signed in or not.
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    const user = token ? await loadSession(handle.db, token, now(), config.sessionHours) : null;
    req.ctx = {
      db: handle.db,
      dbKind: handle.kind,
      principal: user ? { kind: 'user', user } : { kind: 'anonymous' },
      actor: user ? { id: user.id, label: user.username } : { id: null, label: 'public' },
      now,
    };
  });

  // Every route must declare its access; CSRF and the access check are attached here, once, so a
  // route cannot forget them.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const access = route.config?.access;
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    // HEAD routes that Fastify adds for each GET get the same checks but are not listed twice.
    for (const m of methods) if (m !== 'HEAD') routeList.push({ method: m, url: route.url, access });
    const checks = [];
    if (methods.some((m) => unsafeMethods.has(m))) checks.push(app.csrfProtection);
    checks.push(accessCheck(access));
    route.preHandler = [...checks, ...[route.preHandler ?? []].flat()];
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    if (isUserFacing(err)) {
      if (isApi(req)) return reply.code(err.statusCode).send(apiError(err));
      if (err instanceof InputError) {
        return reply.page(400, (env) => ErrorPage({ env, status: 400, title: '提交的内容有误', messages: Object.values(err.fields) }));
      }
      return reply.page(err.statusCode, (env) =>
        ErrorPage({ env, status: err.statusCode, title: titleFor(err.statusCode), messages: [err.message] }),
      );
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err, reqId: req.id }, 'request failed');
    else req.log.info({ code: err.code, status, reqId: req.id }, 'request refused');
    const message = status === 500 ? `服务器处理请求时出错。如需帮助，请告知参考编号 ${req.id}。` : messageForFastify(err, status);
    if (isApi(req)) return reply.code(status).send({ error: { status, message, reference: req.id } });
    return reply.page(status, (env) => ErrorPage({ env, status, title: titleFor(status), messages: [message], reference: req.id }));
  });

  app.setNotFoundHandler({ preHandler: [] }, async (req, reply) => {
    if (isApi(req)) return reply.code(404).send({ error: { status: 404, message: '没有这个接口' } });
    return reply.page(404, (env) =>
      ErrorPage({ env, status: 404, title: '找不到页面', messages: ['您访问的页面不存在或已被移除。请检查网址，或从首页重新进入。'] }),
    );
  });

  registerHomeRoutes(app, { handle });
  registerAccountRoutes(app, { sessionHours: config.sessionHours, secureCookies: config.secureCookies });
  registerAgencyRoutes(app);
  registerAuditRoutes(app);
  registerCalendarRoutes(app);
  registerPortalRoutes(app, { handle });
  registerCatalogRoutes(app);
  registerReaderRoutes(app);
  registerReportRoutes(app);
  registerApplicationRoutes(app);
  registerPublicApplicationRoutes(app);
  registerAppealRoutes(app);

  return Object.assign(app as FastifyInstance, { routeList });
}

/**
 * A request the router refused, in the app's error shapes: the API's JSON, or the Chinese error
 * page with the layout and the security headers (which the onRequest hook would have set). Fastify
 * builds this request and reply outside the app's plugins: no ctx, no cookies, no reply.page.
 */
/**
 * What Node's HTTP parser refuses before Fastify sees a request — a request line or headers past
 * 16 KB (a search link with thousands of characters in it), a timeout, a malformed request — got
 * Fastify's English JSON. Answered here with the same status as a Chinese page; the connection
 * is closed, as Node does.
 */
function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, '网址或请求头过长，服务器无法处理。如果是在搜索，请缩短搜索词（不超过 200 个字）后重试。']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, '请求未能在规定时间内送达，请重试。']
        : [400, '请求的格式有误，服务器无法处理。请检查网址后重试。'];
  this.log.info({ code: err.code, status }, 'request refused by the HTTP parser');
  if (socket.writable) {
    const env: PageEnv = { user: null, csrfToken: '', notice: null, path: '/' };
    const body = Buffer.from(renderPage(ErrorPage({ env, status, title: titleFor(status), messages: [message] })));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
        "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n" +
        'Connection: close\r\n\r\n',
    );
    socket.write(body);
  }
  socket.destroy(err);
}

function frameworkError(
  err: Error & { code?: string },
  req: FastifyRequest,
  reply: FastifyReply,
  securityHeaders: (req: FastifyRequest['raw'], res: FastifyReply['raw'], next: (err?: unknown) => void) => void,
) {
  // No page has a path segment longer than 100 characters, so one that long is a page that does not exist.
  const [status, title, message] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [404, titleFor(404), '您访问的页面不存在或已被移除。请检查网址，或从首页重新进入。']
      : err.code === 'FST_ERR_BAD_URL'
        ? [400, '网址有误', '网址中含有无法识别的编码（百分号编码不完整或有误），请检查网址。']
        : [500, titleFor(500), `服务器处理请求时出错。如需帮助，请告知参考编号 ${req.id}。`];
  if (status === 500) req.log.error({ err, reqId: req.id }, 'request failed');
  else req.log.info({ code: err.code, status, reqId: req.id }, 'request refused');
  securityHeaders(req.raw, reply.raw, () => {
    if (isApi(req)) {
      if (isPublicApi(req.url)) reply.headers(PUBLIC_API_HEADERS);
      reply.code(status).send({ error: { status, message: status === 404 ? '没有这个接口' : message, reference: req.id } });
      return;
    }
    const env: PageEnv = { user: null, csrfToken: '', notice: null, path: req.url.split('?')[0] ?? '/' };
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderPage(ErrorPage({ env, status, title, messages: [message], reference: req.id })));
  });
}

function accessCheck(access: Access) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if ('public' in access) return;
    const user = req.ctx.principal.kind === 'user' ? req.ctx.principal.user : null;
    if (!user) {
      if (isApi(req)) return reply.code(401).send({ error: { status: 401, message: '请先登录' } });
      if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      return reply.page(401, (env) => ErrorPage({ env, status: 401, title: '请先登录', messages: ['登录已过期，请重新登录后再提交。'] }));
    }
    if (user.mustChangePassword && !('signedIn' in access && access.allowPendingPasswordChange)) {
      if (isApi(req)) return reply.code(403).send({ error: { status: 403, message: '请先修改初始密码' } });
      return reply.redirect('/account/password', 303);
    }
    if ('signedIn' in access) return;
    const spec = 'agency' in access ? access.agency : access.object;
    const raw = (req.params as Record<string, string>)[spec.param];
    const id = raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null;
    if (id === null) throw new NotFoundError();
    const agencyId = 'object' in access ? await access.object.agencyOf(req.ctx, id) : id;
    await requireAgency(req.ctx, spec.capability, agencyId);
  };
}

function apiError(err: Error & { statusCode: number }) {
  return {
    error: {
      status: err.statusCode,
      message: err.message,
      ...(err instanceof InputError ? { fields: err.fields } : {}),
    },
  };
}

function titleFor(status: number): string {
  return (
    {
      400: '提交的内容有误',
      401: '请先登录',
      403: '没有权限',
      404: '找不到页面',
      408: '请求超时',
      409: '当前状态下不能这样操作',
      413: '内容过大',
      415: '格式不支持',
      429: '请求过于频繁',
      431: '网址过长',
    }[status] ?? (status >= 500 ? '服务器出错了' : '请求无法处理')
  );
}

function messageForFastify(err: Error & { code?: string }, status: number): string {
  switch (err.code) {
    case 'FST_CSRF_MISSING_SECRET':
    case 'FST_CSRF_INVALID_TOKEN':
      return '页面已过期或表单来源无法验证，请返回上一页刷新后重新提交（您填写的内容在返回后仍在）。';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return '提交的内容过大。';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return '不支持这种提交格式。';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return '请求正文不是有效的 JSON。';
  }
  if (status === 429) return '请求过于频繁，请稍后再试。';
  if (status === 404) return '找不到您要的内容。';
  return '请求无法处理，请检查后重试。';
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s).slice(0, 300);
  } catch {
    return null;
  }
}
