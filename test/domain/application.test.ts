import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIdentity, contactProblems, formatTrackingCode, normalizeTrackingCode, similarity } from '../../src/domain/application.js';
import {
  defaultTemplates,
  formatLetterNo,
  letterKinds,
  renderTemplate,
  rightsNotice,
  unknownPlaceholders,
} from '../../src/domain/letters.js';
import { idCardCheckChar } from '../../src/domain/scan.js';

const validId = (() => {
  const first17 = '33070219800101123';
  return first17 + idCardCheckChar(first17);
})();
const wrongCheck = validId.slice(0, 17) + (validId[17] === '0' ? '1' : '0');

test('proof of identity (条例 第二十九条): 身份证 check digit, other documents, credit codes', () => {
  const table: [Parameters<typeof checkIdentity>, RegExp | null][] = [
    [['natural', 'idCard', validId], null],
    [['natural', 'idCard', ` ${validId.toLowerCase()} `], null],
    [['natural', 'idCard', wrongCheck], /校验位错误，应为/],
    [['natural', 'idCard', '3307021980010112'], /应为18位/],
    [['natural', 'idCard', `${'990702198013011230'.slice(0, 17)}X`], /出生日期/],
    [['natural', 'idCard', '000702198001011230'], /省级行政区划代码/],
    [['natural', 'passport', 'E12345678'], null],
    [['natural', 'passport', '12'], /5至30位/],
    [['natural', 'idCard', ''], /请填写证件号码/],
    [['natural', 'creditCode', '11330727775738086F'], /请选择身份证件类型/],
    [['business', 'creditCode', '11330727775738086F'], null],
    [['business', 'creditCode', '91350100M000100Y4Z'], /校验位错误，应为“3”/],
    [['research', 'idCard', validId], /统一社会信用代码/],
  ];
  for (const [args, expected] of table) {
    const r = checkIdentity(...args);
    if (expected === null) assert.equal(r.ok, true, args.join(' '));
    else assert.match(r.ok ? '(accepted)' : r.reason, expected, args.join(' '));
  }
});

test('contact: at least one way, well formed, and what the delivery needs', () => {
  const table: [Parameters<typeof contactProblems>[0], string[]][] = [
    [{ phone: '13800138000', email: null, address: null, delivery: 'online' }, []],
    [{ phone: '0571-87654321', email: null, address: null, delivery: 'pickup' }, []],
    [{ phone: null, email: null, address: null, delivery: 'online' }, ['phone']],
    [{ phone: '12345', email: null, address: null, delivery: 'online' }, ['phone']],
    [{ phone: null, email: 'a@b', address: null, delivery: 'online' }, ['email']],
    [{ phone: '13800138000', email: null, address: null, delivery: 'post' }, ['address']],
    [{ phone: '13800138000', email: null, address: null, delivery: 'email' }, ['email']],
  ];
  for (const [input, fields] of table) assert.deepEqual(Object.keys(contactProblems(input)).sort(), fields.sort(), JSON.stringify(input));
});

test('tracking numbers read back whatever the case and dashes', () => {
  const code = formatTrackingCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.equal(normalizeTrackingCode(code.toLowerCase().replace(/-/g, ' ')), code);
  assert.equal(normalizeTrackingCode('ABCD-EFGH-IJK0'), null, 'I and 0 are not in the alphabet');
});

test('similar requests are found across traditional and simplified script', () => {
  assert.ok(similarity('请公开2023年城区道路改造工程的招标文件', '申请公开2023年城区道路改造工程招标文件') > 0.7);
  assert.ok(similarity('請公開2023年城區道路改造工程的招標文件', '请公开2023年城区道路改造工程的招标文件') > 0.95);
  assert.ok(similarity('请公开2023年城区道路改造工程的招标文件', '申请获取某小学食堂的卫生检查记录') < 0.2);
});

test('letters: every template uses known fields, values are text, empty lines drop out', () => {
  for (const k of letterKinds) assert.deepEqual(unknownPlaceholders(defaultTemplates[k]), [], k);
  assert.deepEqual(unknownPlaceholders('{{申请人}}{{ 不存在 }}'), ['不存在']);
  assert.equal(renderTemplate('致{{申请人}}：\n{{相关机关}}\n完', { 申请人: '<b>张三</b>{{文号}}' }), '致<b>张三</b>{{文号}}：\n完');
  assert.equal(formatLetterNo('示教公开', 2026, 12), '示教公开〔2026〕12号');
  assert.match(
    rightsNotice('示例市人民政府', '示例市中级人民法院'),
    /六十日内向示例市人民政府申请行政复议.*六个月内向示例市中级人民法院提起行政诉讼/,
  );
});
