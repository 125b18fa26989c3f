// The one reply taxonomy (答复结果). Every closed application has exactly one outcome from this
// list; it drives the reply form, the stored value, the rows of table 三 of the annual report and
// the report reader's label matching. Rows and labels are those of the 2021 national format
// (国办公开办函〔2021〕30号, spec §2.3); the 2019 trial format differs only in （六）, which it prints
// as a single row. The legal bases are the 2019 条例's articles (spec §1.9–§1.11); where the spec
// leaves the mapping open, the product decisions of spec §9 apply.

export const outcomeGroups = ['granted', 'partial', 'withheld', 'unable', 'notProcessed', 'otherHandling'] as const;
export type OutcomeGroup = (typeof outcomeGroups)[number];

export interface OutcomeGroupDef {
  key: OutcomeGroup;
  /** The row number as printed: （一） … （六）. */
  ordinal: string;
  /** The row label as printed, without its ordinal. */
  label: string;
  /** True when the 2021 format prints the group as a header over numbered sub-rows. */
  hasSubRows: boolean;
}

export const outcomeGroupDefs: Record<OutcomeGroup, OutcomeGroupDef> = {
  granted: { key: 'granted', ordinal: '（一）', label: '予以公开', hasSubRows: false },
  partial: { key: 'partial', ordinal: '（二）', label: '部分公开（区分处理的，只计这一情形，不计其他情形）', hasSubRows: false },
  withheld: { key: 'withheld', ordinal: '（三）', label: '不予公开', hasSubRows: true },
  unable: { key: 'unable', ordinal: '（四）', label: '无法提供', hasSubRows: true },
  notProcessed: { key: 'notProcessed', ordinal: '（五）', label: '不予处理', hasSubRows: true },
  otherHandling: { key: 'otherHandling', ordinal: '（六）', label: '其他处理', hasSubRows: true },
};

export const outcomes = [
  'granted',
  'partial',
  'stateSecret',
  'lawForbids',
  'endangersSecurity',
  'thirdPartyRights',
  'internalAffairs',
  'processInfo',
  'enforcementFile',
  'adminQuery',
  'notHeld',
  'needsCreation',
  'unclearAfterCorrection',
  'petition',
  'repeat',
  'publication',
  'massRepeat',
  'confirmReissue',
  'noCorrection',
  'unpaidFee',
  'otherReason',
] as const;
export type Outcome = (typeof outcomes)[number];

export interface OutcomeDef {
  key: Outcome;
  group: OutcomeGroup;
  /** The sub-row number within its group as printed (1. … 8.), or null for （一） and （二）. */
  number: number | null;
  /** The row label as printed in the 2021 format, without its number. */
  label: string;
  /** Short wording for lists and forms. */
  shortLabel: string;
  /** The 条例 article(s) the reply rests on; null where only the report format names the case. */
  basis: string | null;
  /** 条例 第三十六条第（三）项, 第三十七条: the reply must give reasons. */
  needsReasons: boolean;
  /** Reached by the statutory clock (the applicant did not act in time), not chosen as a reply. */
  byClock: boolean;
}

const def = (
  key: Outcome,
  group: OutcomeGroup,
  number: number | null,
  label: string,
  shortLabel: string,
  basis: string | null,
  needsReasons = false,
  byClock = false,
): OutcomeDef => ({ key, group, number, label, shortLabel, basis, needsReasons, byClock });

export const outcomeDefs: Record<Outcome, OutcomeDef> = {
  // 第三十六条第（一）项 (already disclosed) is reported as 予以公开: spec §9.
  granted: def('granted', 'granted', null, '予以公开', '予以公开', '《条例》第三十六条第（一）项、第（二）项'),
  partial: def('partial', 'partial', null, '部分公开', '部分公开', '《条例》第三十七条', true),
  stateSecret: def('stateSecret', 'withheld', 1, '属于国家秘密', '不予公开：属于国家秘密', '《条例》第十四条、第三十六条第（三）项', true),
  lawForbids: def(
    'lawForbids',
    'withheld',
    2,
    '其他法律行政法规禁止公开',
    '不予公开：法律行政法规禁止公开',
    '《条例》第十四条、第三十六条第（三）项',
    true,
  ),
  endangersSecurity: def(
    'endangersSecurity',
    'withheld',
    3,
    '危及“三安全一稳定”',
    '不予公开：危及“三安全一稳定”',
    '《条例》第十四条、第三十六条第（三）项',
    true,
  ),
  thirdPartyRights: def(
    'thirdPartyRights',
    'withheld',
    4,
    '保护第三方合法权益',
    '不予公开：保护第三方合法权益',
    '《条例》第十五条、第三十二条、第三十六条第（三）项',
    true,
  ),
  internalAffairs: def(
    'internalAffairs',
    'withheld',
    5,
    '属于三类内部事务信息',
    '不予公开：三类内部事务信息',
    '《条例》第十六条第一款、第三十六条第（三）项',
    true,
  ),
  processInfo: def(
    'processInfo',
    'withheld',
    6,
    '属于四类过程性信息',
    '不予公开：四类过程性信息',
    '《条例》第十六条第二款、第三十六条第（三）项',
    true,
  ),
  enforcementFile: def(
    'enforcementFile',
    'withheld',
    7,
    '属于行政执法案卷',
    '不予公开：行政执法案卷',
    '《条例》第十六条第二款、第三十六条第（三）项',
    true,
  ),
  // Registers with their own access route (工商、不动产登记资料等): spec §9.
  adminQuery: def('adminQuery', 'withheld', 8, '属于行政查询事项', '不予公开：行政查询事项', '《条例》第三十六条第（七）项', true),
  // Not found after search, and not this agency's to disclose: both reported here (spec §9).
  notHeld: def(
    'notHeld',
    'unable',
    1,
    '本机关不掌握相关政府信息',
    '无法提供：本机关不掌握',
    '《条例》第三十六条第（四）项、第（五）项',
    true,
  ),
  needsCreation: def('needsCreation', 'unable', 2, '没有现成信息需要另行制作', '无法提供：需另行制作', '《条例》第三十八条', true),
  unclearAfterCorrection: def(
    'unclearAfterCorrection',
    'unable',
    3,
    '补正后申请内容仍不明确',
    '无法提供：补正后仍不明确',
    '《条例》第三十条',
    true,
  ),
  petition: def('petition', 'notProcessed', 1, '信访举报投诉类申请', '不予处理：信访举报投诉类', '《条例》第三十九条第一款', true),
  repeat: def('repeat', 'notProcessed', 2, '重复申请', '不予处理：重复申请', '《条例》第三十六条第（六）项', true),
  publication: def('publication', 'notProcessed', 3, '要求提供公开出版物', '不予处理：公开出版物', '《条例》第三十九条第二款', true),
  massRepeat: def('massRepeat', 'notProcessed', 4, '无正当理由大量反复申请', '不予处理：大量反复申请', '《条例》第三十五条', true),
  confirmReissue: def('confirmReissue', 'notProcessed', 5, '要求行政机关确认或重新出具已获取信息', '不予处理：确认或重新出具', null, true),
  noCorrection: def(
    'noCorrection',
    'otherHandling',
    1,
    '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '其他处理：逾期不补正',
    '《条例》第三十条',
    false,
    true,
  ),
  unpaidFee: def(
    'unpaidFee',
    'otherHandling',
    2,
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '其他处理：逾期未缴费',
    '《条例》第四十二条；《政府信息公开信息处理费管理办法》',
    false,
    true,
  ),
  otherReason: def('otherReason', 'otherHandling', 3, '其他', '其他处理：其他', null, true),
};

export function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'string' && (outcomes as readonly string[]).includes(v);
}

/** The outcomes of one group, in printed order. */
export function outcomesOf(group: OutcomeGroup): Outcome[] {
  return outcomes.filter((o) => outcomeDefs[o].group === group);
}

/** The outcomes a handler may choose as a reply (the clock's closures are recorded by the clock's events). */
export const replyOutcomes: readonly Outcome[] = outcomes.filter((o) => !outcomeDefs[o].byClock);

/** The row's printed label with its number, e.g. "1.属于国家秘密" or "（一）予以公开". */
export function printedLabel(o: Outcome): string {
  const d = outcomeDefs[o];
  if (d.number === null) return `${outcomeGroupDefs[d.group].ordinal}${outcomeGroupDefs[d.group].label}`;
  return `${d.number}.${d.label}`;
}
