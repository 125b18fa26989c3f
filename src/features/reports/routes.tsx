import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Capability } from '../../domain/roles.js';
import { ConflictError, InputError } from '../../errors.js';
import type { Errors, Values } from '../../web/ui.js';
import { findAgency } from '../agencies/store.js';
import { page } from '../portal/page.js';
import { traditionalHtml, wantsTraditional } from '../portal/script.js';
import type { ReportDocument } from './document.js';
import { REPORT_CSS } from './export/css.js';
import { STANDALONE_CSP } from './export/html.js';
import { type ExportFormat, exportFormats, isExportFormat, renderExport } from './export/index.js';
import { PublicReportPage, PublicReportsPage } from './publicViews.js';
import {
  childrenComparison,
  exportDocument,
  getReport,
  importFigures,
  publicReport,
  publishedReports,
  publishReport,
  reopenReport,
  reportTimeliness,
  reportYears,
  saveFigures,
  saveNarrative,
} from './service.js';
import { ChildrenPage, ReportPage, ReportYearsPage, TimelinessPage } from './views.js';

// The annual report's pages: the agency's report (compute → check → enter → write → publish), the
// supervisor's side-by-side of children and the list of late agencies, downloads in every format,
// and the public report pages of the portal's 公开年报 column.

type Body = Record<string, unknown>;
const body = (req: FastifyRequest): Body => {
  const { _csrf: _, ...rest } = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
  return rest;
};
const param = (req: FastifyRequest, name: string) => (req.params as Record<string, string>)[name];
const agencyIdOf = (req: FastifyRequest) => Number(param(req, 'agencyId'));
const PUBLIC = { config: { access: { public: true as const } } };
const agencyAccess = (capability: Capability) => ({ config: { access: { agency: { param: 'agencyId', capability } } } });
const REPORT = '/admin/agencies/:agencyId/reports/:reportYear';

type Form = 'figures' | 'narrative' | 'publish' | 'reopen';

async function reportPage(req: FastifyRequest, reply: FastifyReply, status: number, form: Form | null, values: Values, errors: Errors) {
  const agencyId = agencyIdOf(req);
  const data = await getReport(req.ctx, agencyId, param(req, 'reportYear'));
  const agency = (await findAgency(req.ctx.db, agencyId))!;
  const hasChildren = !!(await req.ctx.db
    .selectFrom('agencies')
    .select('id')
    .where('parent_id', '=', agencyId)
    .limit(1)
    .executeTakeFirst());
  return reply.page(status, (env) => (
    <ReportPage env={env} agency={agency} data={data} hasChildren={hasChildren} form={form} values={values} errors={errors} />
  ));
}

/** Runs a form's action; bad input or a locked report shows the page again with what was typed. */
function formRoute(
  app: FastifyInstance,
  path: string,
  capability: Capability,
  form: Form,
  run: (req: FastifyRequest, b: Body) => Promise<string>,
) {
  app.post(`${REPORT}${path}`, agencyAccess(capability), async (req, reply) => {
    const b = body(req);
    try {
      const notice = await run(req, b);
      return reply.doneTo(`/admin/agencies/${agencyIdOf(req)}/reports/${param(req, 'reportYear')}`, notice);
    } catch (e) {
      if (e instanceof InputError) return reportPage(req, reply, 400, form, b, e.fields);
      if (e instanceof ConflictError) return reportPage(req, reply, 409, form, b, { _form: e.message });
      throw e;
    }
  });
}

function sendExport(reply: FastifyReply, doc: ReportDocument, format: ExportFormat) {
  return renderExport(doc, format).then((r) => {
    const ascii = `annual-report-${doc.agency.id}-${doc.year}${doc.revision ? `-r${doc.revision}` : ''}.${format}`;
    const inline = format === 'html' || format === 'pdf' || format === 'json';
    reply
      .type(r.contentType)
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(r.filename)}`,
      );
    if (format === 'html') reply.header('content-security-policy', STANDALONE_CSP);
    return reply.send(r.body);
  });
}

function formatParam(req: FastifyRequest): ExportFormat {
  const f = (req.query as Record<string, unknown>).format ?? 'html';
  if (!isExportFormat(f)) throw new InputError({ format: `导出格式应为 ${exportFormats.join('、')} 之一` });
  return f;
}

/** Decodes an uploaded CSV: UTF-8 (with or without BOM), else GB18030 as saved by Excel on Chinese Windows. */
function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

export function registerReportRoutes(app: FastifyInstance) {
  app.get('/reports.css', PUBLIC, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REPORT_CSS),
  );

  app.get('/admin/agencies/:agencyId/reports', agencyAccess('read'), async (req, reply) => {
    const data = await reportYears(req.ctx, agencyIdOf(req));
    return reply.page(200, (env) => <ReportYearsPage env={env} data={data} />);
  });

  app.get(REPORT, agencyAccess('read'), async (req, reply) => reportPage(req, reply, 200, null, {}, {}));

  formRoute(app, '/figures', 'draft', 'figures', async (req, b) => {
    const form = { ...b };
    const key = typeof b.correctKey === 'string' ? b.correctKey : '';
    if (key) {
      form[`v:${key}`] = b.correctValue;
      form[`n:${key}`] = b.correctNote;
    }
    const n = await saveFigures(req.ctx, agencyIdOf(req), param(req, 'reportYear'), form);
    return `已保存录入的数字（${n}项）`;
  });

  formRoute(app, '/import', 'draft', 'figures', async (req) => {
    const file = (req.body as Body | undefined)?.file as MultipartFile | undefined;
    if (!file || typeof file !== 'object' || !('toBuffer' in file)) throw new InputError({ file: '请选择要导入的 CSV 文件' });
    const data = await file.toBuffer();
    if (file.file.truncated) throw new InputError({ file: '文件过大' });
    const n = await importFigures(req.ctx, agencyIdOf(req), param(req, 'reportYear'), decodeCsv(data));
    return `已导入${n}项数字`;
  });

  formRoute(app, '/narrative', 'draft', 'narrative', async (req, b) => {
    await saveNarrative(req.ctx, agencyIdOf(req), param(req, 'reportYear'), b);
    return '已保存文字部分';
  });

  formRoute(app, '/publish', 'approve', 'publish', async (req, b) => {
    const doc = await publishReport(req.ctx, agencyIdOf(req), param(req, 'reportYear'), b);
    return `已发布（第${doc.revision}版）`;
  });

  formRoute(app, '/reopen', 'approve', 'reopen', async (req, b) => {
    await reopenReport(req.ctx, agencyIdOf(req), param(req, 'reportYear'), b);
    return '已重新打开，修改后请再次发布';
  });

  app.get(`${REPORT}/export`, agencyAccess('read'), async (req, reply) => {
    const format = formatParam(req);
    return sendExport(reply, await exportDocument(req.ctx, agencyIdOf(req), param(req, 'reportYear')), format);
  });

  app.get(`${REPORT}/children`, agencyAccess('read'), async (req, reply) => {
    const data = await childrenComparison(req.ctx, agencyIdOf(req), param(req, 'reportYear'));
    return reply.page(200, (env) => <ChildrenPage env={env} data={data} />);
  });

  app.get(`${REPORT}/timeliness`, agencyAccess('read'), async (req, reply) => {
    const t = await reportTimeliness(req.ctx, agencyIdOf(req), param(req, 'reportYear'));
    const root = (await findAgency(req.ctx.db, agencyIdOf(req)))!;
    return reply.page(200, (env) => <TimelinessPage env={env} root={root} year={t.year} agencies={t.agencies} />);
  });

  // ---- public: the portal's 公开年报 ----
  app.register(async (scope) => {
    scope.addHook('onSend', async (req, reply, payload) => {
      if (typeof payload !== 'string' || !wantsTraditional(req.query)) return payload;
      if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
      return traditionalHtml(payload).replace('<html lang="zh-CN">', '<html lang="zh-Hant-TW">');
    });
    scope.get('/gk/reports', PUBLIC, async (req, reply) => {
      const reports = await publishedReports(req.ctx);
      return page(req, reply, 200, (pe) => <PublicReportsPage pe={pe} reports={reports} />);
    });
    scope.get('/gk/:agencyId/reports/:reportYear', PUBLIC, async (req, reply) => {
      const doc = await publicReport(req.ctx, Number(param(req, 'agencyId')) || 0, param(req, 'reportYear'));
      return page(req, reply, 200, (pe) => <PublicReportPage pe={pe} doc={doc} />);
    });
    scope.get('/gk/:agencyId/reports/:reportYear/export', PUBLIC, async (req, reply) => {
      const format = formatParam(req);
      return sendExport(reply, await publicReport(req.ctx, Number(param(req, 'agencyId')) || 0, param(req, 'reportYear')), format);
    });
  });
}
