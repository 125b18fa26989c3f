// The letters of an application: 受理回执, 补正告知书, 延期答复告知书, 征求意见函, 收费通知书 and a
// 答复书 for every outcome group. Each agency may edit the wording; a template is plain text with
// {{占位符}} fields — no code, no markup — so whatever is typed into a template or a field is text
// when the letter is rendered (HTML escapes it, DOCX takes it as runs). Pure functions.

import type { OutcomeGroup } from './outcomes.js';

export const letterKinds = [
  'receipt',
  'correction',
  'extension',
  'consultation',
  'fee',
  'reply.granted',
  'reply.partial',
  'reply.withheld',
  'reply.unable',
  'reply.notProcessed',
  'reply.otherHandling',
] as const;
export type LetterKind = (typeof letterKinds)[number];

export const letterTitles: Record<LetterKind, string> = {
  receipt: '政府信息公开申请受理回执',
  correction: '政府信息公开申请补正告知书',
  extension: '政府信息公开申请延期答复告知书',
  consultation: '政府信息公开征求意见函',
  fee: '政府信息公开信息处理费收费通知书',
  'reply.granted': '政府信息公开申请答复书',
  'reply.partial': '政府信息公开申请答复书',
  'reply.withheld': '政府信息公开申请答复书',
  'reply.unable': '政府信息公开申请答复书',
  'reply.notProcessed': '政府信息公开申请答复书',
  'reply.otherHandling': '政府信息公开申请处理告知书',
};

export const letterKindLabels: Record<LetterKind, string> = {
  receipt: '受理回执',
  correction: '补正告知书',
  extension: '延期答复告知书',
  consultation: '征求意见函（致第三方或其他机关）',
  fee: '收费通知书',
  'reply.granted': '答复书：予以公开',
  'reply.partial': '答复书：部分公开',
  'reply.withheld': '答复书：不予公开',
  'reply.unable': '答复书：无法提供',
  'reply.notProcessed': '答复书：不予处理',
  'reply.otherHandling': '告知书：其他处理（逾期不补正、逾期未缴费、撤回等）',
};

export const replyLetterKind = (g: OutcomeGroup): LetterKind => `reply.${g}` as LetterKind;

/** Letters addressed to someone other than the applicant stay off the tracking page. */
export const forApplicant = (k: LetterKind) => k !== 'consultation';

/** Letters that end the case carry the rights notice (条例 第五十一条). */
export const carriesRightsNotice = (k: LetterKind) => k.startsWith('reply.');

/** The fields a template may use, with what each holds. */
export const placeholders: Record<string, string> = {
  文号: '本函的文号',
  机关名称: '本机关名称',
  申请人: '申请人姓名或名称',
  查询码: '申请的查询码',
  提交日期: '申请人提交申请的日期',
  收到申请日期: '收到申请之日（条例第三十一条）',
  申请内容: '申请公开的政府信息的描述',
  答复期限: '答复期限（最后一日）',
  日期: '本函日期',
  补正事项: '需要补正的事项',
  补正期限: '补正期限（最后一日）',
  延期天数: '延长的工作日数',
  延期后期限: '延长后的答复期限',
  延期理由: '延期理由',
  被征求方: '第三方或其他机关名称',
  征求事项: '征求意见的事项',
  征求答复期限: '被征求方答复的最后一日',
  收费方式: '按件计收或按量计收',
  收费标准: '收费标准',
  收费明细: '计费明细',
  收费金额: '收费金额（元）',
  缴费期限: '缴费的最后一日',
  答复结果: '答复结果（报表行名称）',
  法律依据: '答复的法律依据',
  理由: '答复的理由',
  不予公开部分: '部分公开时不予公开的部分及各自理由',
  获取方式: '获取信息的方式',
  相关机关: '负责公开该信息的机关及联系方式',
  救济途径: '行政复议和行政诉讼的权利告知',
  复议机关: '行政复议机关',
  人民法院: '管辖的人民法院',
};

/** The rights notice: 行政复议 within 60 days (行政复议法 第二十条), 行政诉讼 within 6 months (行政诉讼法 第四十六条). */
export function rightsNotice(reconsiderationBody: string | null, court: string | null): string {
  const body = reconsiderationBody ? `向${reconsiderationBody}` : '依法';
  const where = court ? `向${court}` : '依法向人民法院';
  return `如对本答复不服，可以自收到本答复之日起六十日内${body}申请行政复议，或者自收到本答复之日起六个月内${where}提起行政诉讼。`;
}

const opening =
  '{{申请人}}：\n本机关于{{收到申请日期}}收到您（单位）提交的政府信息公开申请（查询码：{{查询码}}），申请获取“{{申请内容}}”。';
const closing = '\n{{机关名称}}\n{{日期}}';

export const defaultTemplates: Record<LetterKind, string> = {
  receipt: `{{申请人}}：
您（单位）于{{提交日期}}提交的政府信息公开申请（查询码：{{查询码}}）已收到，收到申请之日为{{收到申请日期}}。根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起20个工作日内（即{{答复期限}}前）予以答复；需要延长答复期限的，将另行告知。
您可以凭查询码和申请时填写的联系电话或电子邮箱查询办理进度。${closing}`,
  correction: `${opening}
经审查，您的申请内容不够明确。根据《中华人民共和国政府信息公开条例》第三十条，请您对以下事项作出补正：
{{补正事项}}
请于{{补正期限}}前提交补正内容。答复期限自本机关收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。${closing}`,
  extension: `${opening}
因{{延期理由}}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长{{延期天数}}个工作日，最迟于{{延期后期限}}前答复。${closing}`,
  consultation: `{{被征求方}}：
本机关收到政府信息公开申请，申请获取“{{申请内容}}”，其中涉及：{{征求事项}}。根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条，现书面征求您（单位）的意见，请于{{征求答复期限}}前书面答复。逾期未提出意见的，本机关依照条例规定决定是否公开。${closing}`,
  fee: `${opening}
根据{{法律依据}}，您的申请需缴纳信息处理费。
计收方式：{{收费方式}}
收费标准：{{收费标准}}
计费明细：{{收费明细}}
应缴金额：{{收费金额}}元
请于{{缴费期限}}前（自收到本通知次日起20个工作日内）缴纳。缴费期间不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。${closing}`,
  'reply.granted': `${opening}
经审查，根据{{法律依据}}，本机关答复如下：您申请的政府信息予以公开。
{{理由}}
获取方式：{{获取方式}}
{{救济途径}}${closing}`,
  'reply.partial': `${opening}
经审查，根据{{法律依据}}，您申请的政府信息部分公开：可以公开的部分予以提供，以下部分不予公开：
{{不予公开部分}}
{{理由}}
获取方式：{{获取方式}}
{{救济途径}}${closing}`,
  'reply.withheld': `${opening}
经审查，您申请的政府信息{{答复结果}}，根据{{法律依据}}，不予公开。理由如下：
{{理由}}
{{救济途径}}${closing}`,
  'reply.unable': `${opening}
经审查，{{答复结果}}。根据{{法律依据}}，本机关无法提供。理由如下：
{{理由}}
{{相关机关}}
{{救济途径}}${closing}`,
  'reply.notProcessed': `${opening}
经审查，您的申请属于{{答复结果}}，根据{{法律依据}}，本机关不予处理。理由如下：
{{理由}}
{{救济途径}}${closing}`,
  'reply.otherHandling': `${opening}
{{答复结果}}。依据：{{法律依据}}。
{{理由}}
{{救济途径}}${closing}`,
};

/** Placeholders used in a template that do not exist, for the template editor to refuse. */
export function unknownPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]!).filter((k) => !(k in placeholders)))];
}

/** Fills a template: every {{名}} becomes its value as plain text; an empty value leaves the line out. */
export function renderTemplate(template: string, values: Record<string, string | null | undefined>): string {
  const lines: string[] = [];
  for (const line of template.split(/\r?\n/)) {
    let emptied = false;
    const out = line.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_, key: string) => {
      const v = values[key];
      if (v === null || v === undefined || v === '') {
        emptied = true;
        return '';
      }
      return v;
    });
    // A line that was only placeholders, all empty, disappears (e.g. no 相关机关 known).
    if (emptied && out.trim() === '') continue;
    lines.push(out);
  }
  return lines.join('\n');
}

/** 文号 of a letter: prefix〔year〕serial号, e.g. 示教公开〔2026〕12号. */
export function formatLetterNo(prefix: string, year: number, serial: number): string {
  return `${prefix}〔${year}〕${serial}号`;
}

/** A 文号 prefix an agency may use: a few Chinese characters or letters, no brackets or digits. */
export function letterPrefixProblem(prefix: string): string | null {
  if (!/^[\p{Script=Han}A-Za-z]{1,12}$/u.test(prefix)) return '文号前缀应为1至12个汉字或字母（如“示教公开”），不含数字、括号和符号';
  return null;
}
