// A realistic paragraph for the sensitive-data scan, shared by its test and bench/scan.ts.
/** Two hits each: an ID number with a valid check digit and a mobile number. */
export const SCAN_PARAGRAPH =
  '2021年，本机关主动公开政府信息1245条，其中规范性文件23件。收到申请136件，办结率100%。' +
  '联系电话0571-87654321，传真0571-87654322。依法保护商业秘密和个人隐私，保守国家秘密。' +
  '申请人张某（身份证号11010519491231002X，手机13812345678）申请公开征地补偿资料。\n';

export function longText(chars: number): string {
  let text = '';
  while (text.length < chars) text += SCAN_PARAGRAPH;
  return text;
}
