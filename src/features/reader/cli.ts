// `gongkai read-report`: read published annual reports, compare a folder of them, import an
// agency's past reports as historic figures.
//
//   gongkai read-report FILE… [--json] [--text]
//   gongkai read-report --compare DIR --out FILE.csv|FILE.json
//   gongkai read-report FILE… --import --agency ID [--year YYYY] [--replace]
//
// Exit status: 0 done; 2 bad input (a file that is no readable report, a bad option); 3 a folder
// compared, but some of its files could not be read (listed on stderr).

import { readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DbHandle } from '../../db/connect.js';
import { InputError, isUserFacing } from '../../errors.js';
import type { ReportSummary } from './compare.js';
import type { ReadResult } from './reading.js';

type WithDb = (run: (handle: DbHandle) => Promise<number | undefined>, opts?: { migrate?: boolean }) => () => Promise<void>;

interface Options {
  json?: boolean;
  text?: boolean;
  compare?: string;
  out?: string;
  import?: boolean;
  agency?: string;
  year?: string;
  replace?: boolean;
}

export const EXIT_SOME_UNREADABLE = 3;
/** Files a folder compare reads at most. */
const MAX_FILES = 100_000;

const reasonOf = (e: unknown) =>
  e instanceof InputError
    ? Object.values(e.fields).join('；')
    : isUserFacing(e)
      ? e.message
      : `读取失败：${e instanceof Error ? e.message : String(e)}`;

export function registerReaderCommands(program: Command, withDb: WithDb): void {
  program
    .command('read-report')
    .description('读取政府信息公开工作年度报告（纯文本、网页或 DOCX；UTF-8 或 GB18030），列出每个数字及其所在位置，核对勾稽关系')
    .argument('[files...]', '年度报告文件')
    .option('--json', '输出 JSON')
    .option('--text', '同时输出读取的文字（带行号，便于核对 DOCX 和网页）')
    .option('--compare <dir>', '读取文件夹中的全部年报，输出机关 × 年度 × 统计项的对照表')
    .option('--out <file>', '对照表写入的文件（.csv 或 .json）')
    .option('--import', '把年报中的数字导入为机关的历史数据')
    .option('--agency <id>', '导入到哪个机关（机关编号见 gongkai agencies）')
    .option('--year <year>', '报告年度（报告中未写明时）')
    .option('--replace', '替换该机关已导入的同年度年报')
    .action(async (files: string[], o: Options) => {
      // `read-report … | head` closes the pipe early: stop quietly, as other tools do.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
      try {
        if (o.compare !== undefined) process.exitCode = await compareFolder(o);
        else if (o.import) await withDb((h) => importFiles(h, files, o))();
        else process.exitCode = await readFiles(files, o);
      } catch (e) {
        if (!isUserFacing(e)) throw e;
        console.error(
          `错误：${
            e instanceof InputError
              ? Object.entries(e.fields)
                  .map(([k, v]) => `${k}：${v}`)
                  .join('；')
              : e.message
          }`,
        );
        process.exitCode = 2;
      }
    });
}

// The reader's modules load when the command runs, not with every other `gongkai` command.
const reading = () => import('./reading.js');

async function readFiles(files: string[], o: Options): Promise<number> {
  const { readPath } = await reading();
  const { formatText, toJson } = await import('./format.js');
  if (files.length === 0) throw new InputError({ 文件: '请指定要读取的年度报告文件，如：gongkai read-report 2023年报.txt' });
  let bad = 0;
  const json: unknown[] = [];
  for (const f of files) {
    let res: ReadResult;
    try {
      res = await readPath(f);
    } catch (e) {
      if (!isUserFacing(e)) throw e;
      bad++;
      console.error(`错误：${f}：${reasonOf(e)}`);
      if (o.json) json.push({ file: f, error: reasonOf(e) });
      continue;
    }
    if (o.json) json.push(o.text ? { ...toJson(res), text: res.text } : toJson(res));
    else {
      console.log(formatText(res));
      if (o.text)
        console.log(
          res.text
            .split('\n')
            .map((l, i) => `${String(i + 1).padStart(5)}  ${l}`)
            .join('\n'),
        );
      console.log('');
    }
  }
  if (o.json) console.log(JSON.stringify(files.length === 1 ? json[0] : json, null, 2));
  return bad > 0 ? 2 : 0;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
      if (out.length > MAX_FILES) throw new InputError({ '--compare': `文件夹中的文件超过 ${MAX_FILES} 个` });
    }
  };
  await walk(dir);
  return out.sort();
}

async function compareFolder(o: Options): Promise<number> {
  const { readPath } = await reading();
  const { addCarryChecks, compareCsv, compareJson, summarize } = await import('./compare.js');
  const dir = resolve(o.compare!);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new InputError({ '--compare': `不是文件夹：${o.compare}` });
  const kind = o.out ? extname(o.out).toLowerCase() : '';
  if (kind !== '.csv' && kind !== '.json') throw new InputError({ '--out': '请用 --out 指定对照表文件，扩展名为 .csv 或 .json' });
  const files = await listFiles(dir);
  const summaries: ReportSummary[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const f of files) {
    try {
      const s = summarize(await readPath(f));
      summaries.push({ ...s, file: relative(dir, f) });
    } catch (e) {
      if (!isUserFacing(e)) throw e;
      unreadable.push({ file: relative(dir, f), reason: reasonOf(e) });
    }
  }
  if (summaries.length === 0) throw new InputError({ '--compare': `文件夹中没有可读取的年度报告（共 ${files.length} 个文件）` });
  addCarryChecks(summaries);
  const body = kind === '.csv' ? compareCsv(summaries) : `${JSON.stringify(compareJson(summaries, unreadable), null, 2)}\n`;
  try {
    await writeFile(resolve(o.out!), body);
  } catch {
    throw new InputError({ '--out': `无法写入文件：${o.out}` });
  }
  for (const u of unreadable) console.error(`未能读取：${u.file}：${u.reason}`);
  const failing = summaries.filter((s) => s.failed.some((f) => !f.ifBlanksZero));
  console.log(`已读取 ${summaries.length} 份年报（未能读取 ${unreadable.length} 个文件），对照表写入 ${o.out}`);
  if (failing.length) {
    console.log(`勾稽关系不成立的年报 ${failing.length} 份：`);
    for (const s of failing)
      console.log(`  ${s.file}（${s.agency} ${s.year ?? '年度未识别'}）：${s.failed.filter((f) => !f.ifBlanksZero).length} 项不成立`);
  }
  return unreadable.length ? EXIT_SOME_UNREADABLE : 0;
}

async function importFiles(h: DbHandle, files: string[], o: Options): Promise<number> {
  const { loadFile } = await reading();
  const { importReport } = await import('./service.js');
  const { systemCtx } = await import('../../platform.js');
  const { cliActor } = await import('../audit/service.js');
  if (files.length === 0) throw new InputError({ 文件: '请指定要导入的年度报告文件' });
  if (!o.agency || !/^\d+$/.test(o.agency))
    throw new InputError({ '--agency': '请用 --agency 指定导入到哪个机关（机关编号见 gongkai agencies）' });
  if (o.year !== undefined && files.length > 1) throw new InputError({ '--year': '一次导入多份年报时不能指定 --year' });
  const ctx = systemCtx(h, cliActor());
  let bad = 0;
  for (const f of files) {
    try {
      const r = await importReport(ctx, Number(o.agency), await loadFile(f), { year: o.year, replace: !!o.replace });
      console.log(`已导入 ${f}：${r.year}年度，${r.result.reading.figures.length} 个数字${r.replaced ? '（替换了原有的同年度年报）' : ''}`);
      for (const w of r.warnings) console.log(`  注意：${w}`);
    } catch (e) {
      if (!isUserFacing(e)) throw e;
      bad++;
      console.error(`错误：${f}：${reasonOf(e)}`);
    }
  }
  return bad > 0 ? 2 : 0;
}
