// What an application (政府信息公开申请) must contain (条例 第二十九条第二款): who applies with proof of
// identity and contact details, the information wanted, and the form and way of obtaining it. The
// lists here drive the public form, staff registration and the stored values. Pure functions.

import { type ApplicantType, isOrganisation } from './applicants.js';
import { checkCreditCode } from './creditCode.js';
import { idCardProblem } from './scan.js';
import { indexTokens } from './text.js';

/** 身份证明 (第二十九条第二款第（一）项): the document a person or organisation identifies with. */
export const idTypes = ['idCard', 'hkMacauPass', 'taiwanPass', 'passport', 'foreignPermit', 'otherPersonal', 'creditCode'] as const;
export type IdType = (typeof idTypes)[number];

export const idTypeLabels: Record<IdType, string> = {
  idCard: '居民身份证',
  hkMacauPass: '港澳居民来往内地通行证',
  taiwanPass: '台湾居民来往大陆通行证',
  passport: '护照',
  foreignPermit: '外国人永久居留身份证',
  otherPersonal: '其他有效身份证件',
  creditCode: '统一社会信用代码',
};

export const personalIdTypes: readonly IdType[] = idTypes.filter((t) => t !== 'creditCode');

/** The identity document: normalized number, or a reason naming what is wrong. */
export function checkIdentity(
  applicantType: ApplicantType,
  idType: string,
  raw: string,
): { ok: true; idType: IdType; number: string } | { ok: false; field: 'idType' | 'idNumber'; reason: string } {
  const number = raw.trim().replace(/\s+/g, '').toUpperCase();
  if (isOrganisation(applicantType)) {
    // An organisation proves itself with its 统一社会信用代码 (GB 32100-2015).
    if (idType !== 'creditCode') return { ok: false, field: 'idType', reason: '法人或其他组织请以统一社会信用代码作为身份证明' };
    const c = checkCreditCode(number);
    return c.ok ? { ok: true, idType: 'creditCode', number: c.normalized } : { ok: false, field: 'idNumber', reason: c.reason };
  }
  if (!(personalIdTypes as readonly string[]).includes(idType)) return { ok: false, field: 'idType', reason: '请选择身份证件类型' };
  if (number === '') return { ok: false, field: 'idNumber', reason: '请填写证件号码' };
  if (idType === 'idCard') {
    const problem = idCardProblem(number);
    return problem ? { ok: false, field: 'idNumber', reason: problem } : { ok: true, idType, number };
  }
  if (!/^[A-Z0-9-]{5,30}$/.test(number)) return { ok: false, field: 'idNumber', reason: '证件号码应为5至30位字母或数字' };
  return { ok: true, idType: idType as IdType, number };
}

/** The form wanted (第二十九条第二款第（三）项, 第四十条). */
export const wantedForms = ['paper', 'electronic', 'disc', 'viewing'] as const;
export type WantedForm = (typeof wantedForms)[number];
export const wantedFormLabels: Record<WantedForm, string> = {
  paper: '纸质',
  electronic: '电子文档',
  disc: '光盘等存储介质',
  viewing: '当场查阅、抄录',
};

/** How the applicant obtains it. */
export const deliveryMethods = ['pickup', 'post', 'email', 'online'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
export const deliveryMethodLabels: Record<DeliveryMethod, string> = {
  pickup: '自行领取',
  post: '邮寄',
  email: '电子邮件',
  online: '网上获取（在查询页面下载）',
};

const PHONE = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isPhone = (s: string) => PHONE.test(s.replace(/\s+/g, ''));
export const isEmail = (s: string) => EMAIL.test(s) && s.length <= 200;
export const normalizePhone = (s: string) => s.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');

/** Contact details (第二十九条第二款第（一）项): at least one way to reach the applicant, each well formed, and what the delivery needs. */
export function contactProblems(c: {
  phone: string | null;
  email: string | null;
  address: string | null;
  delivery: string;
}): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.phone && !isPhone(c.phone)) out.phone = '联系电话格式不正确（手机号11位，或区号-电话号码）';
  if (c.email && !isEmail(c.email)) out.email = '电子邮箱格式不正确';
  if (!c.phone && !c.email && !c.address) out.phone = '请至少填写一种联系方式（电话、电子邮箱或通信地址），以便送达答复';
  if (c.delivery === 'post' && !c.address) out.address = '选择邮寄的，请填写通信地址';
  if (c.delivery === 'email' && !c.email) out.email = '选择电子邮件获取的，请填写电子邮箱';
  return out;
}

// ───────────── tracking number (查询码) ─────────────

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const TRACKING_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';

/** A tracking number from 12 random values, shown in groups of four: 25^12 ≈ 6×10^16 possibilities. */
export function formatTrackingCode(random: Uint8Array): string {
  if (random.length < 12) throw new RangeError('need 12 random bytes');
  let s = '';
  for (let i = 0; i < 12; i++) s += TRACKING_ALPHABET[random[i]! % TRACKING_ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** What the applicant typed, as stored: case and spaces ignored, dashes optional. */
export function normalizeTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 12 || [...s].some((ch) => !TRACKING_ALPHABET.includes(ch))) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

// ───────────── repeat applications (第三十六条第（六）项, 第三十五条) ─────────────

/** How alike two requests read: Dice coefficient over the search tokens (bigrams for Chinese), 0–1. */
export function similarity(a: string, b: string): number {
  const ta = new Set(indexTokens(a));
  const tb = new Set(indexTokens(b));
  if (ta.size === 0 || tb.size === 0) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.size + tb.size);
}

/** Above this a request is shown to the handler as possibly the same as an earlier one. */
export const SIMILAR_THRESHOLD = 0.5;
