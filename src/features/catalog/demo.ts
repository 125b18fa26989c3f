import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../domain/calendar/index.js';
import { chinaDate } from '../../domain/time.js';
import type { Ctx } from '../context.js';
import { importItems } from './import.js';

// The demo city's catalog: a few published items in the categories of 条例 第二十条, so that the
// portal, its search and its feeds show something on first start. They go in through the bulk
// importer, as an agency's past catalog would, with 索引号 in the default scheme.

interface DemoItem {
  daysAgo: number;
  category: string;
  title: string;
  doc_no?: string;
  doc_type?: 'normativeDoc';
  validity?: '有效';
  summary: string;
  body: string;
}

const ITEMS: DemoItem[] = [
  {
    daysAgo: 3,
    category: '法规文件',
    title: '示例市人民政府关于进一步做好政府信息公开工作的通知',
    doc_no: '示政发〔2026〕12号',
    doc_type: 'normativeDoc',
    validity: '有效',
    summary: '部署全市政府信息主动公开、依申请公开和政策解读工作。',
    body: '<p>各县（区）人民政府，市政府各部门：</p><p>为深入贯彻《中华人民共和国政府信息公开条例》，进一步做好政府信息公开工作，现就有关事项通知如下。</p><p>一、坚持以公开为常态、不公开为例外，及时主动公开涉及公众利益调整、需要公众广泛知晓的政府信息。</p><p>二、依法依规做好依申请公开工作，在法定期限内答复申请人。</p><p>三、重要政策文件出台后同步发布政策解读。</p>',
  },
  {
    daysAgo: 3,
    category: '法规文件',
    title: '《关于进一步做好政府信息公开工作的通知》政策解读',
    summary: '解读通知的出台背景、主要内容和公开要求。',
    body: '<p>一、出台背景：为落实政府信息公开条例，提升政务公开质量。</p><p>二、主要内容：主动公开、依申请公开、政策解读三个方面的工作要求。</p>',
  },
  {
    daysAgo: 12,
    category: '规划计划',
    title: '示例市2026年政务公开工作要点',
    doc_no: '示政办发〔2026〕5号',
    summary: '明确2026年全市政务公开重点任务和责任分工。',
    body: '<p>围绕优化营商环境、保障和改善民生、安全生产等重点领域，加大政府信息公开力度，推进决策、执行、管理、服务、结果公开。</p>',
  },
  {
    daysAgo: 20,
    category: '统计信息',
    title: '2026年1—10月示例市国民经济主要指标',
    summary: '地区生产总值、规模以上工业增加值、社会消费品零售总额等指标。',
    body: '<p>1—10月，全市规模以上工业增加值同比增长5.8%，社会消费品零售总额同比增长4.9%。</p>',
  },
  {
    daysAgo: 35,
    category: '财政预决算',
    title: '示例市2026年市级部门预算公开说明',
    summary: '市级部门预算及“三公”经费预算情况。',
    body: '<p>按照预算法和政府信息公开条例的规定，市级各部门于预算批复后二十日内公开部门预算，包括收支总表、财政拨款支出表和“三公”经费预算。</p>',
  },
  {
    daysAgo: 48,
    category: '民生保障',
    title: '关于2026年城乡居民基本医疗保险参保缴费工作的通告',
    summary: '参保对象、缴费标准和缴费时间。',
    body: '<p>2026年城乡居民基本医疗保险个人缴费标准为每人每年380元，集中缴费期为2025年9月1日至12月31日。</p>',
  },
  {
    daysAgo: 60,
    category: '突发公共事件',
    title: '示例市突发事件总体应急预案（2026年修订）',
    doc_no: '示政发〔2026〕3号',
    doc_type: 'normativeDoc',
    validity: '有效',
    summary: '突发事件的分级、预警、应急响应和信息发布。',
    body: '<p>本预案适用于本市行政区域内自然灾害、事故灾难、公共卫生事件和社会安全事件的应对工作。突发事件发生后，应当及时、准确发布事件信息。</p>',
  },
  {
    daysAgo: 75,
    category: '监督检查',
    title: '示例市2026年第一季度政府网站和政务新媒体检查情况的通报',
    summary: '抽查政府网站和政务新媒体的结果及整改要求。',
    body: '<p>第一季度共抽查政府网站12个、政务新媒体36个，总体合格率为97.2%。对发现的问题，已通知相关单位限期整改。</p>',
  },
];

/** Loads the demo catalog into the agency's tree; the items' 索引号 use its credit code. */
export async function seedDemoItems(ctx: Ctx, agencyId: number, creditCode: string): Promise<number> {
  const today = chinaDate(ctx.now());
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-demo-'));
  try {
    const file = join(dir, 'items.jsonl');
    const lines = ITEMS.map((it, i) => {
      const day = addDays(today, -it.daysAgo);
      const { daysAgo: _, ...fields } = it;
      return JSON.stringify({
        index_no: `${creditCode}/${day.slice(0, 4)}-${String(i + 1).padStart(5, '0')}`,
        written_on: day,
        published_on: day,
        ...fields,
      });
    });
    await writeFile(file, `${lines.join('\n')}\n`);
    const r = await importItems(ctx, { file, agencyId, format: 'jsonl', workers: 0 });
    return r.inserted;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
