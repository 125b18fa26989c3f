import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FigureDef } from '../../domain/report/formats.js';
import { InputError, isUserFacing } from '../../errors.js';
import type { Errors, Values } from '../../web/ui.js';
import { can } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { addCarryChecks, compareCsv, compareJson, summarize } from './compare.js';
import { READER_MAX_BYTES } from './decode.js';
import { readDocument } from './reading.js';
import { deleteReading, exportSummaries, getReading, history, importReport, readingAgencyId } from './service.js';
import { HistoryPage, keyGroups, MAX_UPLOAD_FILES, type Outcome, ReaderPage, StoredReadingPage } from './views.js';

type Body = Record<string, unknown>;
const num = (req: FastifyRequest, name: string) => Number((req.params as Record<string, string>)[name]);
const field = (req: FastifyRequest, name: string) => {
  const v = (req.body as Body | undefined)?.[name];
  const x = v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
  return typeof x === 'string' ? x : undefined;
};

/** The files of a multipart form's `files` field, read in full (the multipart plugin caps their size). */
async function uploads(req: FastifyRequest): Promise<{ name: string; data: Buffer; truncated: boolean }[]> {
  const raw = (req.body as Body | undefined)?.files;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as MultipartFile[];
  const out = [];
  for (const f of list) {
    if (!f || typeof f !== 'object' || !('toBuffer' in f)) continue;
    const data = await f.toBuffer();
    // A file input left empty still sends a part with no name and no bytes.
    if (f.filename === '' && data.length === 0) continue;
    out.push({ name: f.filename || '未命名文件', data, truncated: !!f.file.truncated });
  }
  if (out.length === 0) throw new InputError({ files: '请选择要读取的年度报告文件' });
  if (out.length > MAX_UPLOAD_FILES) throw new InputError({ files: `每次最多上传 ${MAX_UPLOAD_FILES} 个文件` });
  return out;
}

const tooLarge = (name: string) => `“${name}”过大：年度报告文件不能超过 ${READER_MAX_BYTES / 1024 / 1024} MB`;
const messageOf = (e: unknown) =>
  e instanceof InputError ? Object.values(e.fields).join('；') : e instanceof Error ? e.message : String(e);

const allKeys = new Map<string, FigureDef>(keyGroups.flatMap(([, defs]) => defs.map((d) => [d.key, d] as const)));
const multipart = { limits: { files: MAX_UPLOAD_FILES + 1, fileSize: READER_MAX_BYTES } };

export function registerReaderRoutes(app: FastifyInstance) {
  const signedIn = { config: { access: { signedIn: true as const } } };
  const agencyAccess = (capability: 'read' | 'manage') => ({ config: { access: { agency: { param: 'agencyId', capability } } } });
  const readingAccess = (capability: 'read' | 'manage') => ({
    config: { access: { object: { param: 'readingId', capability, agencyOf: readingAgencyId } } },
  });

  // ---- the reader: read uploaded reports, compare them; nothing is stored ----
  app.get('/admin/reader', signedIn, async (_req, reply) => reply.page(200, (env) => <ReaderPage env={env} errors={{}} />));

  app.post('/admin/reader', { config: { ...signedIn.config, multipartOptions: multipart } }, async (req, reply) => {
    let files: Awaited<ReturnType<typeof uploads>>;
    try {
      files = await uploads(req);
    } catch (e) {
      if (e instanceof InputError) return reply.page(400, (env) => <ReaderPage env={env} errors={e.fields} />);
      throw e;
    }
    const outcomes: Outcome[] = [];
    for (const f of files) {
      if (f.truncated) {
        outcomes.push({ ok: false, file: f.name, error: tooLarge(f.name) });
        continue;
      }
      try {
        outcomes.push({ ok: true, result: await readDocument(f.data, f.name) });
      } catch (e) {
        if (!isUserFacing(e)) throw e;
        outcomes.push({ ok: false, file: f.name, error: messageOf(e) });
      }
    }
    const read = outcomes.flatMap((o) => (o.ok ? [summarize(o.result)] : []));
    addCarryChecks(read);
    // Nothing could be read: the form is wrong, and says why next to the file field.
    if (read.length === 0) {
      const errors: Errors = { files: outcomes.map((o) => (o.ok ? '' : `${o.file}：${o.error}`)).join('；') };
      return reply.page(400, (env) => <ReaderPage env={env} errors={errors} outcomes={outcomes} />);
    }
    return reply.page(200, (env) => <ReaderPage env={env} errors={{}} outcomes={outcomes} summaries={read} />);
  });

  // ---- an agency's historic figures ----
  const historyPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: Values,
    errors: Errors,
    imported?: Parameters<typeof HistoryPage>[0]['imported'],
  ) => {
    const agencyId = num(req, 'agencyId');
    const key = String((req.query as Body)?.key ?? '');
    const keyDef = allKeys.get(key);
    const [agency, data, canManage] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      history(req.ctx, agencyId, keyDef ? [keyDef.key] : []),
      can(req.ctx, 'manage', agencyId),
    ]);
    return reply.page(status, (env) => (
      <HistoryPage
        env={env}
        agency={agency!}
        canManage={canManage}
        rows={data.rows}
        summaries={data.summaries}
        values={values}
        errors={errors}
        {...(keyDef ? { keyDef } : {})}
        {...(imported ? { imported } : {})}
      />
    ));
  };

  app.get('/admin/agencies/:agencyId/historic-reports', agencyAccess('read'), async (req, reply) => historyPage(req, reply, 200, {}, {}));

  app.post(
    '/admin/agencies/:agencyId/historic-reports',
    { config: { ...agencyAccess('manage').config, multipartOptions: multipart } },
    async (req, reply) => {
      const values = { year: field(req, 'year') ?? '', replace: field(req, 'replace') === '1' };
      try {
        const files = await uploads(req);
        if (values.year && files.length > 1) throw new InputError({ year: '一次导入多份年报时不能填写报告年度' });
        const imported = [];
        const errors: string[] = [];
        for (const f of files) {
          if (f.truncated) {
            errors.push(tooLarge(f.name));
            continue;
          }
          try {
            const r = await importReport(req.ctx, num(req, 'agencyId'), f, { year: values.year, replace: values.replace });
            imported.push({
              file: r.result.name,
              year: r.year,
              figures: r.result.reading.figures.length,
              failed: r.result.reading.checks.filter((c) => c.result.status === 'fails').length,
              warnings: r.warnings,
            });
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            // One file's year or conflict is named against that field; with several files, against the file.
            if (files.length === 1) throw e;
            errors.push(`${f.name}：${messageOf(e)}`);
          }
        }
        if (errors.length) return historyPage(req, reply, imported.length ? 200 : 400, values, { files: errors.join('；') }, imported);
        return historyPage(req, reply, 200, {}, {}, imported);
      } catch (e) {
        if (e instanceof InputError) {
          const fields = e.fields.file ? { ...e.fields, files: e.fields.file } : e.fields;
          delete fields.file;
          return historyPage(req, reply, 400, values, fields);
        }
        throw e;
      }
    },
  );

  app.get('/admin/agencies/:agencyId/historic-reports/export', agencyAccess('read'), async (req, reply) => {
    const format = String((req.query as Body)?.format ?? 'csv');
    if (format !== 'csv' && format !== 'json') throw new InputError({ format: '导出格式应为 csv 或 json' });
    const summaries = await exportSummaries(req.ctx, num(req, 'agencyId'));
    const name = `historic-figures-${num(req, 'agencyId')}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(compareCsv(summaries));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(compareJson(summaries, []), null, 2));
  });

  app.get('/admin/report-readings/:readingId', readingAccess('read'), async (req, reply) => {
    const { row, reading } = await getReading(req.ctx, num(req, 'readingId'));
    const canManage = await can(req.ctx, 'manage', row.agency_id);
    return reply.page(200, (env) => <StoredReadingPage env={env} row={row} reading={reading} canManage={canManage} />);
  });

  app.get('/admin/report-readings/:readingId/file', readingAccess('read'), async (req, reply) => {
    const row = await req.ctx.db
      .selectFrom('report_readings')
      .innerJoin('blobs', 'blobs.sha256', 'report_readings.sha256')
      .select(['report_readings.file_name', 'blobs.data'])
      .where('report_readings.id', '=', num(req, 'readingId'))
      .executeTakeFirstOrThrow();
    // Served as a download, never rendered: an HTML report saved from a portal may hold scripts.
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(row.data));
  });

  app.post('/admin/report-readings/:readingId/delete', readingAccess('manage'), async (req, reply) => {
    const r = await deleteReading(req.ctx, num(req, 'readingId'));
    return reply.doneTo(`/admin/agencies/${r.agencyId}/historic-reports`, `已删除导入的${r.year}年度年报“${r.file}”`);
  });
}
