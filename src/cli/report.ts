// `gongkai report AGENCY YEAR`: the annual report from the command line — export it in any format,
// check it, import entered figures, publish it (with reasons for failing checks) or re-open it.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DbHandle } from '../db/connect.js';
import { InputError } from '../errors.js';
import { cliActor } from '../features/audit/service.js';
import { type ExportFormat, exportFormats, isExportFormat } from '../features/reports/export/formats.js';
import { systemCtx } from '../platform.js';

type WithDb = (run: (handle: DbHandle) => Promise<number | undefined>, opts?: { migrate?: boolean }) => () => Promise<void>;

interface Options {
  format?: string;
  out?: string;
  check?: boolean;
  publish?: boolean;
  override?: string[];
  reopen?: boolean;
  reason?: string;
  import?: string;
}

/** Exit status of `--check` when a check fails. */
export const EXIT_CHECKS_FAIL = 1;

/** AGENCY as an id, or as the agency's 统一社会信用代码 / 组织机构代码. */
async function agencyId(h: DbHandle, raw: string): Promise<number> {
  const s = raw.trim().toUpperCase();
  const row = await h.db
    .selectFrom('agencies')
    .select('id')
    .where((eb) =>
      /^\d{1,9}$/.test(s) ? eb('id', '=', Number(s)) : eb.or([eb('credit_code', '=', s), eb('org_code', '=', s.replace('-', ''))]),
    )
    .executeTakeFirst();
  if (!row) throw new InputError({ agency: `找不到机关“${raw}”（可用 gongkai agencies 查看编号，或写统一社会信用代码）` });
  return row.id;
}

export function registerReportCommand(program: Command, withDb: WithDb): void {
  program
    .command('report')
    .description('政府信息公开工作年度报告：导出、校验、导入录入数字、发布、重新打开')
    .argument('<agency>', '机关编号或统一社会信用代码')
    .argument('<year>', '报告年度，如 2025')
    .option('--format <format>', `导出格式：${exportFormats.join('|')}`)
    .option('--out <file>', '导出到文件（json、html 默认输出到标准输出；docx、xlsx、pdf 默认写入当前目录）')
    .option('--check', '列出校验结果；有未通过且未说明的校验时退出码为 1')
    .option('--import <file>', '从 CSV 导入录入的数字（表头：指标,数值,数据来源）')
    .option('--publish', '发布报告（冻结为新的一版）')
    .option(
      '--override <check=reason>',
      '发布时对未通过的校验记录理由，可多次使用，如 --override t3.carry.total=上年报告有误',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--reopen', '重新打开已发布的报告（须 --reason）')
    .option('--reason <text>', '重新打开的原因')
    .action((agency: string, year: string, o: Options) =>
      withDb(async (h) => {
        // The report's modules load only when this command runs: every other command starts as fast as before.
        const [{ cellLabel }, { renderExport }, service] = await Promise.all([
          import('../features/reports/document.js'),
          import('../features/reports/export/index.js'),
          import('../features/reports/service.js'),
        ]);
        const { exportDocument, importFigures, liveReport, parseYear, publishReport, reopenReport } = service;
        const ctx = systemCtx(h, cliActor());
        const id = await agencyId(h, agency);
        const y = parseYear(ctx, year);
        if (o.format !== undefined && !isExportFormat(o.format))
          throw new InputError({ format: `导出格式应为 ${exportFormats.join('、')} 之一` });
        if (o.import) {
          const n = await importFigures(ctx, id, y, readFileSync(resolve(o.import), 'utf8'));
          console.error(`已导入${n}项数字`);
        }
        if (o.reopen) {
          await reopenReport(ctx, id, y, { reason: o.reason });
          console.error(`已重新打开${y}年度报告`);
        }
        if (o.publish) {
          const reasons: Record<string, string> = {};
          for (const pair of o.override ?? []) {
            const i = pair.indexOf('=');
            if (i <= 0) throw new InputError({ override: `应写作“校验编号=理由”，现为“${pair}”` });
            reasons[`reason:${pair.slice(0, i).trim()}`] = pair.slice(i + 1);
          }
          const doc = await publishReport(ctx, id, y, reasons).catch((e: unknown) => {
            // Name the option that fixes it: --override <check>=理由.
            if (e instanceof InputError)
              throw new InputError(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k.replace(/^reason:/, '--override '), v])));
            throw e;
          });
          console.error(`已发布${doc.agency.name}${y}年度报告（第${doc.revision}版）`);
        }
        let status = 0;
        if (o.check || (!o.format && !o.publish && !o.reopen && !o.import)) {
          const { document: d } = await liveReport(ctx, id, y);
          console.log(`${d.agency.name}${y}年度报告（${d.formatLabel}；${d.agencies.length}个机关）`);
          const failing = d.checks.filter((c) => c.status === 'fails');
          console.log(
            `校验：共${d.checks.length}项，通过${d.checks.filter((c) => c.status === 'holds').length}项，未通过${failing.length}项`,
          );
          for (const c of failing) {
            const diff = c.difference !== null ? `（左边${c.left}，右边${c.right}，相差${c.difference}）` : '';
            console.log(`  未通过 ${c.id}：${c.description}${diff}${c.override ? `；已说明：${c.override.reason}` : ''}`);
            if (c.cells.length) console.log(`    涉及：${c.cells.map(cellLabel).join('、')}`);
          }
          if (o.check && failing.some((c) => !c.override)) status = EXIT_CHECKS_FAIL;
        }
        if (o.format) {
          const format = o.format as ExportFormat;
          const r = await renderExport(await exportDocument(ctx, id, y), format);
          const binary = format === 'docx' || format === 'xlsx' || format === 'pdf';
          if (o.out || binary) {
            const file = resolve(o.out ?? r.filename);
            writeFileSync(file, r.body);
            console.error(`已导出 ${file}`);
          } else {
            process.stdout.write(r.body);
          }
        }
        return status;
      })(),
    );
}
