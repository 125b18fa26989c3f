import { idCardCheckChar } from '../../src/domain/scan.js';

/** A valid 身份证号 for the nth test applicant (born 1980-01-01 + n days, check digit computed). */
export function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `330702${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/** The fields of a natural person's application, as a form sends them. */
export function applicant(n: number, extra: Record<string, string> = {}) {
  return {
    applicantType: 'natural',
    name: `申请人${n}`,
    idType: 'idCard',
    idNumber: idNumber(n),
    phone: `1380013${String(n).padStart(4, '0')}`,
    email: `applicant${n}@example.cn`,
    address: '示例市人民路1号',
    description: `请公开2023年城区道路改造工程第${n}标段的招标文件`,
    docRef: '',
    wantedForm: 'electronic',
    delivery: 'email',
    ...extra,
  };
}
