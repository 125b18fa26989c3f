// Who applies: the applicant types exactly as the columns of the annual report's table 三
// (国办公开办函〔2021〕30号, spec §2.3). The 条例 itself only says 公民、法人或者其他组织 (第二十七条);
// the split of 法人或其他组织 into five kinds is the report format's. Defined once: the application
// form, the stored value, the report columns and the report reader all use this list.

export const applicantTypes = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;
export type ApplicantType = (typeof applicantTypes)[number];

/** The column heads as printed in table 三. */
export const applicantTypeLabels: Record<ApplicantType, string> = {
  natural: '自然人',
  business: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他',
};

/** The five kinds printed under the spanning head 法人或其他组织. */
export const organisationTypes: readonly ApplicantType[] = ['business', 'research', 'publicInterest', 'legalService', 'otherOrg'];
export const ORGANISATION_GROUP_LABEL = '法人或其他组织';

/** A label for forms and lists, where 其他 alone would be unclear. */
export function applicantTypeLongLabel(t: ApplicantType): string {
  return t === 'natural' ? applicantTypeLabels.natural : `${ORGANISATION_GROUP_LABEL}（${applicantTypeLabels[t]}）`;
}

export function isApplicantType(v: unknown): v is ApplicantType {
  return typeof v === 'string' && (applicantTypes as readonly string[]).includes(v);
}

export function isOrganisation(t: ApplicantType): boolean {
  return t !== 'natural';
}
