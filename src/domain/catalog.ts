// The catalog's legal lists, each defined once: the proactive-disclosure categories of 条例
// 第二十条 and 第二十一条, the metadata vocabularies portals show (spec §6.3), and the channels of
// 第二十三条 to 第二十五条.

/** A category of the default catalog tree, with the provision it comes from. */
export interface DefaultCategory {
  key: string;
  name: string;
  basis: string;
  children?: DefaultCategory[];
}

/** 条例 第二十条: what every agency discloses proactively (items 一 to 十五). */
export const article20Categories: DefaultCategory[] = [
  { key: 'a20-1', name: '法规文件', basis: '第二十条第（一）项 行政法规、规章和规范性文件' },
  { key: 'a20-2', name: '机构职能', basis: '第二十条第（二）项 机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' },
  { key: 'a20-3', name: '规划计划', basis: '第二十条第（三）项 国民经济和社会发展规划、专项规划、区域规划及相关政策' },
  { key: 'a20-4', name: '统计信息', basis: '第二十条第（四）项 国民经济和社会发展统计信息' },
  {
    key: 'a20-5',
    name: '行政许可和其他对外管理服务',
    basis: '第二十条第（五）项 办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
  },
  {
    key: 'a20-6',
    name: '行政处罚和行政强制',
    basis: '第二十条第（六）项 实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
  },
  { key: 'a20-7', name: '财政预决算', basis: '第二十条第（七）项 财政预算、决算信息' },
  { key: 'a20-8', name: '行政事业性收费', basis: '第二十条第（八）项 行政事业性收费项目及其依据、标准' },
  { key: 'a20-9', name: '政府集中采购', basis: '第二十条第（九）项 政府集中采购项目的目录、标准及实施情况' },
  { key: 'a20-10', name: '重大建设项目', basis: '第二十条第（十）项 重大建设项目的批准和实施情况' },
  { key: 'a20-11', name: '民生保障', basis: '第二十条第（十一）项 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况' },
  { key: 'a20-12', name: '突发公共事件', basis: '第二十条第（十二）项 突发公共事件的应急预案、预警信息及应对情况' },
  { key: 'a20-13', name: '监督检查', basis: '第二十条第（十三）项 环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况' },
  { key: 'a20-14', name: '公务员招考', basis: '第二十条第（十四）项 公务员招考的职位、名额、报考条件等事项以及录用结果' },
  { key: 'a20-15', name: '其他', basis: '第二十条第（十五）项 法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息' },
];

/** 条例 第二十一条: added for governments of cities with districts and counties, and their departments. */
export const article21CityCountyCategories: DefaultCategory[] = [
  { key: 'a21-1', name: '市政建设', basis: '第二十一条 市政建设' },
  { key: 'a21-2', name: '公共服务', basis: '第二十一条 公共服务' },
  { key: 'a21-3', name: '公益事业', basis: '第二十一条 公益事业' },
  { key: 'a21-4', name: '土地征收', basis: '第二十一条 土地征收' },
  { key: 'a21-5', name: '房屋征收', basis: '第二十一条 房屋征收' },
  { key: 'a21-6', name: '治安管理', basis: '第二十一条 治安管理' },
  { key: 'a21-7', name: '社会救助', basis: '第二十一条 社会救助' },
];

/** 条例 第二十一条: added for township (乡镇) governments. */
export const article21TownshipCategories: DefaultCategory[] = [
  { key: 'a21-t1', name: '农业农村政策', basis: '第二十一条 贯彻落实农业农村政策措施' },
  { key: 'a21-t2', name: '农田水利工程', basis: '第二十一条 农田水利工程建设运营' },
  { key: 'a21-t3', name: '农村土地承包经营权流转', basis: '第二十一条 农村土地承包经营权流转' },
  { key: 'a21-t4', name: '宅基地使用情况审核', basis: '第二十一条 宅基地使用情况审核' },
  { key: 'a21-t5', name: '土地征收', basis: '第二十一条 土地征收' },
  { key: 'a21-t6', name: '房屋征收', basis: '第二十一条 房屋征收' },
  { key: 'a21-t7', name: '筹资筹劳', basis: '第二十一条 筹资筹劳' },
  { key: 'a21-t8', name: '社会救助', basis: '第二十一条 社会救助' },
];

/**
 * The default catalog for an agency: 第二十条 for everyone, 第二十一条 by level. Cities with
 * districts and counties (and their departments) get the city/county list; townships theirs.
 */
export function defaultCategories(level: 'province' | 'city' | 'county' | 'township'): DefaultCategory[] {
  const extra = level === 'township' ? article21TownshipCategories : level === 'province' ? [] : article21CityCountyCategories;
  return [
    { key: 'a20', name: '法定主动公开内容', basis: '第二十条', children: article20Categories },
    ...(extra.length ? [{ key: 'a21', name: '重点领域信息', basis: '第二十一条', children: extra }] : []),
  ];
}

/** 公开形式 (spec §6.3 公开属性). */
export const disclosureModes = ['proactive', 'onRequest', 'withheld'] as const;
export type DisclosureMode = (typeof disclosureModes)[number];
export const disclosureModeLabels: Record<DisclosureMode, string> = {
  proactive: '主动公开',
  onRequest: '依申请公开',
  withheld: '不予公开',
};

/** 公开时限. A limited item leaves the portal after its end date. */
export const disclosurePeriods = ['permanent', 'limited'] as const;
export type DisclosurePeriod = (typeof disclosurePeriods)[number];
export const disclosurePeriodLabels: Record<DisclosurePeriod, string> = { permanent: '长期公开', limited: '限时公开' };

/** Document types whose 有效性 is tracked and reported in table 二 (第二十条第（一）项). */
export const docTypes = ['rule', 'normativeDoc', 'other'] as const;
export type DocType = (typeof docTypes)[number];
export const docTypeLabels: Record<DocType, string> = { rule: '规章', normativeDoc: '行政规范性文件', other: '其他' };

/** 有效性, for 规章 and 行政规范性文件 only. */
export const validities = ['valid', 'repealed', 'expired'] as const;
export type Validity = (typeof validities)[number];
export const validityLabels: Record<Validity, string> = { valid: '有效', repealed: '废止', expired: '失效' };

/** Channels an item went out on (条例 第二十三条–第二十五条, and the tick boxes of 标准目录). */
export const channels = [
  'website',
  'gazette',
  'pressConference',
  'media',
  'newMedia',
  'noticeBoard',
  'serviceCenter',
  'readingRoom',
  'other',
] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = {
  website: '政府网站',
  gazette: '政府公报',
  pressConference: '新闻发布会',
  media: '新闻媒体',
  newMedia: '两微一端',
  noticeBoard: '公开栏',
  serviceCenter: '政务服务中心',
  readingRoom: '公开查阅点',
  other: '其他',
};

/** 条例 第二十六条: publish within 20 working days of the information being formed or changed. */
export const PUBLICATION_WORKDAYS = 20;

/** True when a limited-period item must no longer be shown on the portal on `today`. */
export function isExpired(period: DisclosurePeriod, until: string | null, today: string): boolean {
  return period === 'limited' && until !== null && until < today;
}
