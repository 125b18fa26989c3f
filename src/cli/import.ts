// `gongkai import items FILE --agency ID`: historic catalog items from CSV or JSON Lines.
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DbHandle } from '../db/connect.js';
import { InputError, NotFoundError } from '../errors.js';
import { findAgency } from '../features/agencies/store.js';
import { cliActor } from '../features/audit/service.js';
import {
  type ImportEncoding,
  type ImportFormat,
  type ImportProgress,
  importItems,
  type Rejection,
  readCategoryMap,
} from '../features/catalog/import.js';
import { systemCtx } from '../platform.js';

type WithDb = (run: (handle: DbHandle) => Promise<number | undefined>, opts?: { migrate?: boolean }) => () => Promise<void>;

interface Options {
  agency?: string;
  format?: string;
  encoding?: string;
  categoryMap?: string;
  report?: string;
  progress?: boolean;
  dryRun?: boolean;
  batchSize?: string;
  workers?: string;
}

/** Exit status when some rows were rejected (the others are loaded). */
export const EXIT_REJECTED = 3;
/** Rejections printed to stderr when a report file holds them all. */
const STDERR_REJECTIONS_WITH_REPORT = 100;

const commanderMessages: [RegExp, (...m: string[]) => string][] = [
  [/unknown option '(.*)'/, (o) => `不认识的选项 ${o}`],
  [/option '(.*)' argument missing/, (o) => `选项 ${o} 缺少取值`],
  [/too many arguments/, () => '参数过多：只能导入一个文件'],
  [/missing required argument '(.*)'/, (a) => `缺少参数 ${a}`],
];

export function registerImportCommand(program: Command, withDb: WithDb): void {
  const imp = program.command('import').description('导入历史数据');
  imp
    .command('items')
    .description('把历史公开目录条目（CSV 或 JSON Lines）导入为机关已发布的信息；按索引号去重，可重复运行')
    .argument('[file]', 'CSV（首行为表头）或 JSON Lines 文件')
    .option('--agency <id>', '机关编号（gongkai agencies 可查）')
    .option('--format <format>', '文件格式 csv 或 jsonl（默认按扩展名 .csv / .jsonl / .ndjson）')
    .option('--encoding <encoding>', '编码 utf8 或 gb18030（默认自动识别）')
    .option('--category-map <file>', '栏目对照表：JSON 对象或每行“旧栏目=新栏目”')
    .option('--report <file>', '把被拒绝的行写入 CSV 报告（line,index_no,reason）')
    .option('--progress', '在 stderr 显示进度（终端中默认显示）')
    .option('--dry-run', '只检查，不写入数据库')
    .option('--batch-size <n>', '每个事务的行数（默认 1000）')
    .option('--workers <n>', '处理正文和检索词的线程数（默认：大文件按 CPU 数，小文件 0）')
    .configureOutput({
      outputError: (str, write) => {
        const hit = commanderMessages.map(([re, f]) => [str.match(re), f] as const).find(([m]) => m);
        write(hit ? `错误：${hit[1](...hit[0]!.slice(1))}\n` : str);
      },
    })
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action((file: string | undefined, o: Options) => withDb((h) => runImport(h, file, o))());
}

const positiveInt = (v: string | undefined, field: string, max: number) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) > max) throw new InputError({ [field]: `应为不超过${max}的整数` });
  return Number(v);
};

async function runImport(h: DbHandle, file: string | undefined, o: Options): Promise<number> {
  if (!file) throw new InputError({ 文件: '请指定要导入的文件，如：gongkai import items 目录.csv --agency 3' });
  if (!o.agency) throw new InputError({ '--agency': '请用 --agency 指定导入到哪个机关（机关编号见 gongkai agencies）' });
  if (!/^\d+$/.test(o.agency)) throw new InputError({ '--agency': '机关编号应为数字' });
  if (o.format !== undefined && o.format !== 'csv' && o.format !== 'jsonl') throw new InputError({ '--format': '应为 csv 或 jsonl' });
  const encoding = o.encoding
    ?.toLowerCase()
    .replace(/^utf-8$/, 'utf8')
    .replace(/^gbk$/, 'gb18030');
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'gb18030')
    throw new InputError({ '--encoding': '应为 utf8 或 gb18030' });
  const batchSize = positiveInt(o.batchSize, '--batch-size', 10_000);
  if (batchSize === 0) throw new InputError({ '--batch-size': '应为正整数' });
  const workers = positiveInt(o.workers, '--workers', 64);
  if (!(await findAgency(h.db, Number(o.agency))))
    throw new NotFoundError(`找不到编号为 ${o.agency} 的机关（机关编号见 gongkai agencies）`);
  const categoryMap = o.categoryMap ? await readCategoryMap(o.categoryMap) : undefined;
  const report = o.report ? await openReport(o.report) : undefined;

  const progress = new ProgressLine(process.stderr, !!o.progress);
  let printed = 0;
  const onRejected = async (r: Rejection) => {
    if (report) await report.row(r);
    if (!report || printed < STDERR_REJECTIONS_WITH_REPORT) {
      progress.clear();
      process.stderr.write(`第${r.line}行${r.indexNo ? `（索引号 ${r.indexNo}）` : ''}：${r.reason}\n`);
    }
    printed++;
  };
  let result: Awaited<ReturnType<typeof importItems>>;
  try {
    result = await importItems(systemCtx(h, cliActor()), {
      file,
      agencyId: Number(o.agency),
      ...(o.format ? { format: o.format as ImportFormat } : {}),
      ...(encoding ? { encoding: encoding as ImportEncoding } : {}),
      ...(categoryMap ? { categoryMap } : {}),
      ...(batchSize ? { batchSize } : {}),
      ...(workers !== undefined ? { workers } : {}),
      dryRun: !!o.dryRun,
      onRejected,
      onProgress: (p) => progress.update(p),
      onNotice: (m) => {
        progress.clear();
        process.stderr.write(`注意：${m}\n`);
      },
    });
  } finally {
    progress.clear();
    await report?.close();
  }
  progress.update(result, true);
  if (report && printed > STDERR_REJECTIONS_WITH_REPORT)
    process.stderr.write(`……其余 ${printed - STDERR_REJECTIONS_WITH_REPORT} 条被拒绝的行见报告 ${report.path}\n`);
  if (result.irregular.count > 0) {
    const ex = result.irregular.examples.map((e) => `第${e.line}行 ${e.indexNo}：${e.problem}`).join('；');
    process.stderr.write(`注意：${result.irregular.count} 条索引号不是国家规范的格式，已按原样保存（如 ${ex}）\n`);
  }
  const counts = `新增 ${result.inserted}，更新 ${result.updated}，未变 ${result.unchanged}，拒绝 ${result.rejected}，用时 ${(result.elapsedMs / 1000).toFixed(1)} 秒`;
  console.log(o.dryRun ? `试运行完成（未写入数据库）：${counts}` : `导入完成：${counts}`);
  return result.rejected > 0 ? EXIT_REJECTED : 0;
}

/** The report: CSV line,index_no,reason, with a BOM so that Excel and WPS open it as UTF-8. */
async function openReport(path: string) {
  const full = resolve(path);
  const out: WriteStream = createWriteStream(full);
  await new Promise<void>((ok, fail) => {
    out.once('open', () => ok());
    out.once('error', () => fail(new InputError({ '--report': `无法写入文件：${full}` })));
  });
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', ok)));
  await write('\uFEFFline,index_no,reason\n');
  return {
    path: full,
    row: (r: Rejection) => write(`${r.line},${cell(r.indexNo)},${cell(r.reason)}\n`),
    close: () => new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok()))),
  };
}

/**
 * Progress on stderr: on a terminal one line redrawn at most four times a second; with --progress
 * into a file or pipe, a line a second.
 */
class ProgressLine {
  private readonly on: boolean;
  private readonly tty: boolean;
  private last = Number.NEGATIVE_INFINITY;
  private lastRows = -1;
  private shown = false;
  constructor(
    private readonly out: NodeJS.WriteStream,
    asked: boolean,
  ) {
    this.tty = !!out.isTTY;
    this.on = asked || this.tty;
  }

  update(p: ImportProgress, final = false) {
    if (!this.on) return;
    const now = performance.now();
    if (final ? this.tty || p.rows === this.lastRows : now - this.last < (this.tty ? 250 : 1000)) return;
    this.last = now;
    this.lastRows = p.rows;
    const rate = p.elapsedMs > 0 ? Math.round((p.rows * 1000) / p.elapsedMs) : 0;
    const pct = p.totalBytes > 0 ? ` / 约 ${Math.min(100, Math.floor((p.bytesRead * 100) / p.totalBytes))}%` : '';
    const n = (x: number) => x.toLocaleString('en-US');
    const text = `已处理 ${n(p.rows)} 行${pct}，${n(rate)} 行/秒（新增 ${n(p.inserted)}，更新 ${n(p.updated)}，未变 ${n(p.unchanged)}，拒绝 ${n(p.rejected)}）`;
    if (this.tty) {
      this.out.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else this.out.write(`${text}\n`);
  }

  clear() {
    if (this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
