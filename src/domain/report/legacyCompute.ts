// The legacy statistical table (codes 01–57, spec §3.1) from the platform's records, for report
// years before 2019 (2007 条例 第三十二条). The mappings from today's lists to the 2008-era rows are
// written here, once, with their reasons; codes no record can give are entered (figures.ts).

import type { AgencyKind, AgencyLevel } from '../agency.js';
import { type ApplicationChannel, type ConsultationChannel, legacyChannelCodes } from '../applicationChannels.js';
import type { Channel, DisclosureMode } from '../catalog.js';
import type { Outcome } from '../outcomes.js';
import type { AppealGroup } from './formats.js';
import { legacyKey } from './legacy.js';

/**
 * Where a catalog item's channel is counted (codes 02–08). The table asks which website: an item
 * on the agency's own site is counted as 省级政府网站 for a provincial government, 本市政府网站 for
 * any other government (the table was the city's; a county or township portal is its own
 * government's site, the nearest row), and 本部门网站 for a department. Channels the 2008 table
 * had no row for (两微一端, 公开栏, 政务服务中心, 查阅点) go to 08 其他形式.
 */
export function legacyItemChannelCode(channel: Channel, agency: { kind: AgencyKind; level: AgencyLevel }): string {
  switch (channel) {
    case 'website':
      if (agency.kind === 'department') return '04';
      return agency.level === 'province' ? '02' : '03';
    case 'gazette':
      return '05';
    case 'pressConference':
      return '06';
    case 'media':
      return '07';
    default:
      return '08';
  }
}

/** Codes 10–12: normative documents by 公开形式. */
export const legacyModeCodes: Record<DisclosureMode, string> = { proactive: '10', onRequest: '11', withheld: '12' };

/** Codes 16–18: consultations by channel. */
export const legacyConsultationCodes: Record<ConsultationChannel, string> = { onsite: '16', online: '17', phone: '18' };

/**
 * Codes 26–39: a reply of today's taxonomy in the 2008-era rows. 同意公开 and 同意部分公开 are
 * 予以公开 and 部分公开; every other reply is a 否决公开 reply (28) under one of its reasons:
 * - 29 “非《规定》所指政府信息”: what is not a request for government information in the sense of
 *   the rules — petitions filed as applications, registers with their own access route (行政查询),
 *   requests to confirm or re-issue what the applicant already holds;
 * - 30 “信息不存在”: the information as asked does not exist and would have to be made (第三十八条);
 * - 31 “非本部门掌握”: 本机关不掌握 (the 2019 row covers not held and not this agency's, spec §9);
 * - 32 “申请内容不明确”: still unclear after correction, or never corrected;
 * - 33–38 “免予公开范围1–6”: the six ranges of the local 规定 are kept as they were printed and not
 *   mapped to the 2019 exemptions (spec §9), so nothing computed goes there; staff may enter them;
 * - 39 其它原因: the 2019 exemptions (第十四条至第十六条), repeated and mass requests, public
 *   publications, unpaid fees and other handling.
 */
export const legacyReplyCodes: Record<Outcome, string> = {
  granted: '26',
  partial: '27',
  stateSecret: '39',
  lawForbids: '39',
  endangersSecurity: '39',
  thirdPartyRights: '39',
  internalAffairs: '39',
  processInfo: '39',
  enforcementFile: '39',
  adminQuery: '29',
  notHeld: '31',
  needsCreation: '30',
  unclearAfterCorrection: '32',
  petition: '29',
  repeat: '39',
  publication: '39',
  massRepeat: '39',
  confirmReissue: '29',
  noCorrection: '32',
  unpaidFee: '39',
  otherReason: '39',
};

/** Codes 40–41: reconsiderations, and suits with or without reconsideration first. */
export const legacyAppealCodes: Record<AppealGroup, string> = { reconsideration: '40', litigationDirect: '41', litigationAfter: '41' };

/** What one agency's records give for a year before 2019, grouped. */
export interface LegacyCounts {
  /** Items disclosed proactively in the year (published in it). */
  proactive: number;
  /** The same items by channel; one item may go out on several. */
  byChannel: Partial<Record<Channel, number>>;
  /** Normative documents made in the year, by 公开形式. */
  normativeByMode: Partial<Record<DisclosureMode, number>>;
  /** Page views of the agency's disclosure pages in the year. */
  visits: number;
  consultations: Partial<Record<ConsultationChannel, number>>;
  /** Applications received in the year, by channel. */
  applicationsByChannel: Partial<Record<ApplicationChannel, number>>;
  /** Applications answered (closed) in the year, by outcome. */
  repliesByOutcome: Partial<Record<Outcome, number>>;
  /** Appeals filed in the year. */
  appealsFiled: Partial<Record<AppealGroup, number>>;
}

const COMPUTED_CODES = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '27',
  '28',
  '29',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '40',
  '41',
];

/** The computed codes of the legacy table for one agency; every computed code present. */
export function legacyFromCounts(c: LegacyCounts, agency: { kind: AgencyKind; level: AgencyLevel }): Map<string, number> {
  const cells = new Map<string, number>(COMPUTED_CODES.map((code) => [legacyKey(code), 0]));
  const add = (code: string, n: number | undefined) => cells.set(legacyKey(code), cells.get(legacyKey(code))! + (n ?? 0));
  add('01', c.proactive);
  for (const [ch, n] of Object.entries(c.byChannel)) add(legacyItemChannelCode(ch as Channel, agency), n);
  for (const [mode, n] of Object.entries(c.normativeByMode)) {
    add('09', n);
    add(legacyModeCodes[mode as DisclosureMode], n);
  }
  add('14', c.visits);
  for (const [ch, n] of Object.entries(c.consultations)) {
    add('15', n);
    add(legacyConsultationCodes[ch as ConsultationChannel], n);
  }
  for (const [ch, n] of Object.entries(c.applicationsByChannel)) {
    add('19', n);
    add(legacyChannelCodes[ch as ApplicationChannel], n);
  }
  for (const [o, n] of Object.entries(c.repliesByOutcome)) {
    const code = legacyReplyCodes[o as Outcome];
    add('25', n);
    add(code, n);
    if (code !== '26' && code !== '27') add('28', n);
  }
  for (const [g, n] of Object.entries(c.appealsFiled)) add(legacyAppealCodes[g as AppealGroup], n);
  return cells;
}
