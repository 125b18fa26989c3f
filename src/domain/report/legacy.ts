// The 2008-era 政府信息公开情况统计报表 with indicator codes 01–57, as in seed 004 (spec §3.1), used for
// report years before 2019 (2007 条例 第三十二条). Labels are given in simplified characters; the
// seeds print them in either script. Keys are `legacy.<code>`.

import type { FigureDef } from './formats.js';

export interface LegacyIndicator {
  code: string;
  /** The label as printed, without its "其中：" lead-in. */
  label: string;
  unit: string;
  /** The code this one is a part of (a "其中" line), if any. */
  partOf: string | null;
  /** 注：* 为半年度统计指标. */
  halfYearly: boolean;
}

const rows: [code: string, label: string, unit: string, partOf: string | null, halfYearly?: boolean][] = [
  ['01', '主动公开信息总数', '条', null],
  ['02', '通过省级政府网站公开信息数', '条', '01'],
  ['03', '通过本市政府网站公开信息数', '条', '01'],
  ['04', '通过本部门网站公开信息数', '条', '01'],
  ['05', '通过政府公报公开信息数', '条', '01'],
  ['06', '通过新闻发布会公开信息数', '条', '01'],
  ['07', '通过新闻媒体公开信息数', '条', '01'],
  ['08', '通过其他形式公开信息数', '条', '01'],
  ['09', '新增的规范性文件数', '条', null],
  ['10', '主动公开的规范性文件数', '条', '09'],
  ['11', '依申请公开的规范性文件数', '条', '09'],
  ['12', '不予公开的规范性文件数', '条', '09'],
  ['13', '提供服务类信息数', '条', null],
  ['14', '网站信息公开专栏页面访问量', '人次', null],
  ['15', '接待访问咨询总人次数', '人次', null],
  ['16', '现场接待人数', '人次', '15'],
  ['17', '网上咨询数', '人次', '15'],
  ['18', '咨询电话接听数', '人次', '15'],
  ['19', '申请公开信息总数', '次', null],
  ['20', '当面申请数', '次', '19'],
  ['21', '网上申请数', '次', '19'],
  ['22', '传真申请数', '次', '19'],
  ['23', '信函申请数', '次', '19'],
  ['24', '其他方式申请数', '次', '19'],
  ['25', '对申请的答复总数', '条', null],
  ['26', '同意公开答复数', '条', '25'],
  ['27', '同意部分公开答复数', '条', '25'],
  ['28', '否决公开答复总数', '条', '25'],
  ['29', '“非《规定》所指政府信息”数', '条', '28'],
  ['30', '“信息不存在”数', '条', '28'],
  ['31', '“非本部门掌握”数', '条', '28'],
  ['32', '“申请内容不明确”数', '条', '28'],
  ['33', '“免予公开范围1”数', '条', '28'],
  ['34', '“免予公开范围2”数', '条', '28'],
  ['35', '“免予公开范围3”数', '条', '28'],
  ['36', '“免予公开范围4”数', '条', '28'],
  ['37', '“免予公开范围5”数', '条', '28'],
  ['38', '“免予公开范围6”数', '条', '28'],
  ['39', '其它原因', '条', '28'],
  ['40', '行政复议数', '件', null],
  ['41', '行政诉讼数', '件', null],
  ['42', '行政申诉数', '件', null],
  ['43', '对本部门首次处理不满意的行政申诉数', '件', '42'],
  ['44', '提供公开信息收取的费用', '元', null],
  ['45', '检索费', '元', '44'],
  ['46', '邮寄费', '元', '44'],
  ['47', '复制费（纸张）', '元', '44'],
  ['48', '复制费（光盘）', '元', '44'],
  ['49', '其它收费', '元', '44'],
  ['50', '公开信息减免费用的次数', '次', null],
  ['51', '公开信息减免费用的总金额', '元', null],
  ['52', '政府信息公开工作人数', '人', null],
  ['53', '全职人员', '人', '52'],
  ['54', '兼职人员', '人', '52'],
  ['55', '处理政府信息公开的专项经费', '万元', null, true],
  ['56', '处理政府信息公开的实际支出', '万元', null, true],
  ['57', '与诉讼有关的总费用', '万元', null, true],
];

export const legacyIndicators: readonly LegacyIndicator[] = rows.map(([code, label, unit, partOf, halfYearly]) => ({
  code,
  label,
  unit,
  partOf,
  halfYearly: halfYearly ?? false,
}));

export const legacyKey = (code: string) => `legacy.${code}`;

export const legacyFigureDefs: readonly FigureDef[] = legacyIndicators.map((i) => ({
  key: legacyKey(i.code),
  label: `${i.code} ${i.label}`,
  unit: i.unit,
  formats: ['legacy'],
  ...(i.unit === '万元' || i.unit === '元' ? { decimal: true } : {}),
}));

/**
 * The "其中" lines whose parts add up to the whole (spec §3.1, derived): the channels of 01 are
 * left out, since one item may go out on several channels; 43 is only a part of 42, not a split.
 */
export const legacySums: readonly { whole: string; parts: string[] }[] = [
  { whole: '09', parts: ['10', '11', '12'] },
  { whole: '15', parts: ['16', '17', '18'] },
  { whole: '19', parts: ['20', '21', '22', '23', '24'] },
  { whole: '25', parts: ['26', '27', '28'] },
  { whole: '28', parts: ['29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39'] },
  { whole: '44', parts: ['45', '46', '47', '48', '49'] },
  { whole: '52', parts: ['53', '54'] },
];

/** "其中" lines that are each at most their whole, without adding up to it. */
export const legacyParts: readonly { whole: string; part: string }[] = [
  ...['02', '03', '04', '05', '06', '07', '08'].map((part) => ({ whole: '01', part })),
  { whole: '42', part: '43' },
];
