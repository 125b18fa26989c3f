// How an application reached the agency (条例 第二十九条: in writing, letters and data messages
// included; orally where writing is truly difficult, written down by staff), and the rule of
// 第三十一条 that fixes its receipt date (收到申请之日) by channel. Defined once: the public form,
// staff registration, the stored value, the clock and the legacy report's channel rows use it.

export const applicationChannels = ['online', 'inPerson', 'oral', 'signedPost', 'letter', 'fax', 'email'] as const;
export type ApplicationChannel = (typeof applicationChannels)[number];

export const applicationChannelLabels: Record<ApplicationChannel, string> = {
  online: '网上申请（互联网渠道）',
  inPerson: '当面提交',
  oral: '口头申请（工作人员代为填写）',
  signedPost: '邮寄（需签收）',
  letter: '平常信函（无需签收）',
  fax: '传真',
  email: '电子邮件',
};

/**
 * 条例 第三十一条: which day is the receipt day.
 * `handedIn` — 当面提交: the day it is handed in (an oral application is written down then and there);
 * `signedFor` — 邮寄需签收: the day the agency signs for it;
 * `confirmed` — 平常信函 and other unsigned post: the day the 工作机构 confirms with the applicant;
 *   互联网渠道 and the 工作机构's fax: the day both sides confirm. E-mail counts as an internet channel
 *   (spec §9).
 */
export type ReceiptRule = 'handedIn' | 'signedFor' | 'confirmed';

export const receiptRules: Record<ApplicationChannel, ReceiptRule> = {
  online: 'confirmed',
  inPerson: 'handedIn',
  oral: 'handedIn',
  signedPost: 'signedFor',
  letter: 'confirmed',
  fax: 'confirmed',
  email: 'confirmed',
};

export const receiptRuleLabels: Record<ReceiptRule, string> = {
  handedIn: '以提交之日为收到申请之日（《条例》第三十一条第（一）项）',
  signedFor: '以行政机关签收之日为收到申请之日（《条例》第三十一条第（二）项）',
  confirmed: '以双方确认之日为收到申请之日（《条例》第三十一条第（二）项、第（三）项）',
};

/** The 2008-era statistics counted applications by 当面 / 网上 / 传真 / 信函 / 其他 (legacy codes 20–24). */
export const legacyChannelCodes: Record<ApplicationChannel, '20' | '21' | '22' | '23' | '24'> = {
  inPerson: '20',
  oral: '20',
  online: '21',
  fax: '22',
  signedPost: '23',
  letter: '23',
  email: '24',
};

export function isApplicationChannel(v: unknown): v is ApplicationChannel {
  return typeof v === 'string' && (applicationChannels as readonly string[]).includes(v);
}

/** Channels of consultations (咨询), as the reports count them (legacy codes 16–18). */
export const consultationChannels = ['onsite', 'online', 'phone'] as const;
export type ConsultationChannel = (typeof consultationChannels)[number];
export const consultationChannelLabels: Record<ConsultationChannel, string> = { onsite: '现场', online: '网上', phone: '电话' };
