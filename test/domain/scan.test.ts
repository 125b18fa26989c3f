import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HitKind, idCardCheckChar, isIdCardNumber, luhnValid, RESTRICTED_PHRASES, scanSensitive } from '../../src/domain/scan.js';
import { longText, SCAN_PARAGRAPH } from '../helpers/scanText.js';

/** The [kind, match] pairs found in a text, in order. */
function found(text: string): Array<[HitKind, string]> {
  return scanSensitive(text).map((h) => [h.kind, h.match]);
}

describe('ID numbers (GB 11643-1999)', () => {
  test('the check character of the standard’s example 11010519491231002X is X', () => {
    assert.equal(idCardCheckChar('11010519491231002'), 'X');
    assert.equal(idCardCheckChar('44030419900101123'), '3');
    assert.throws(() => idCardCheckChar('1101051949123100'), RangeError);
  });

  const positives = [
    { what: 'an ID number ending in X', text: '身份证号：11010519491231002X。', match: '11010519491231002X' },
    {
      what: 'an ID number ending in a lower-case x',
      text: '证件号11010519491231002x',
      match: '11010519491231002x',
    },
    {
      what: 'an ID number ending in a digit',
      text: '申请人 440304199001011233 来信',
      match: '440304199001011233',
    },
    {
      what: 'an ID number in full-width digits',
      text: '身份证：１１０１０５１９４９１２３１００２Ｘ',
      match: '１１０１０５１９４９１２３１００２Ｘ',
    },
    {
      what: 'an ID number printed in its three parts with spaces',
      text: '身份证号 110105 19491231 002X，',
      match: '110105 19491231 002X',
    },
    {
      what: 'an ID number printed in its three parts with hyphens',
      text: '证件号：440304-19900101-1233',
      match: '440304-19900101-1233',
    },
    {
      what: 'an ID number in three parts between other numbers of a table row',
      text: '3 110105 19491231 002X 2024',
      match: '110105 19491231 002X',
    },
    {
      what: 'a birthday on 29 February of a leap year',
      text: '110105200002290021',
      match: '110105200002290021',
    },
  ];
  for (const { what, text, match } of positives) {
    test(`${what} is found`, () => {
      assert.deepEqual(found(text), [['idCard', match]]);
      const [hit] = scanSensitive(text);
      assert.equal(hit!.message, '疑似身份证号（校验位正确）');
      assert.equal(text.slice(hit!.start, hit!.end), match);
    });
  }

  const negatives = [
    { what: 'a wrong check digit', text: '110105194912310021' },
    { what: 'a valid check digit but month 13', text: '110105194913310021' },
    { what: 'a valid check digit but 29 February 1900', text: '110105190002290025' },
    { what: 'a valid check digit but region 00', text: '000105194912310024' },
    { what: 'a valid number inside a longer digit run (before)', text: '911010519491231002X' },
    { what: 'a valid number inside a longer digit run (after)', text: '44030419900101123301' },
    { what: 'seventeen digits', text: '11010519491231002' },
    { what: 'three parts with a wrong check digit', text: '110105 19491231 0021' },
    { what: 'three parts with mixed separators', text: '110105 19491231-002X' },
  ];
  for (const { what, text } of negatives) {
    test(`${what} is not an ID hit`, () => {
      assert.deepEqual(
        found(text).filter(([kind]) => kind === 'idCard'),
        [],
      );
    });
  }

  test('isIdCardNumber agrees with the table above', () => {
    assert.equal(isIdCardNumber('11010519491231002X'), true);
    assert.equal(isIdCardNumber('110105194912310021'), false);
    assert.equal(isIdCardNumber('110105194913310021'), false);
  });
});

describe('mobile numbers', () => {
  const positives = [
    { what: 'eleven digits', text: '联系电话13812345678。', match: '13812345678' },
    { what: 'hyphenated 3-4-4', text: '电话：138-1234-5678', match: '138-1234-5678' },
    { what: 'spaced 3-4-4', text: '电话 138 1234 5678 转', match: '138 1234 5678' },
    { what: 'with +86 and a space', text: '手机 +86 139 1234 5678', match: '+86 139 1234 5678' },
    { what: 'with +86 joined', text: '手机+8619912345678', match: '+8619912345678' },
    { what: 'with 86 joined', text: '手机8615012345678', match: '8615012345678' },
    { what: 'in full-width digits', text: '电话１３８１２３４５６７８', match: '１３８１２３４５６７８' },
    {
      what: 'with a full-width space',
      text: '电话138\u30001234\u30005678',
      match: '138\u30001234\u30005678',
    },
  ];
  for (const { what, text, match } of positives) {
    test(`a mobile number ${what} is found`, () => {
      assert.deepEqual(found(text), [['mobile', match]]);
    });
  }

  const negatives = [
    { what: 'starting 12', text: '12812345678' },
    { what: 'of twelve digits', text: '138123456789' },
    { what: 'of ten digits', text: '1381234567' },
    { what: 'after another digit', text: '013812345678' },
    { what: 'inside a longer hyphenated number', text: '138-1234-5678-9' },
    { what: 'a landline', text: '0571-87654321' },
  ];
  for (const { what, text } of negatives) {
    test(`a number ${what} is not a mobile hit`, () => {
      assert.deepEqual(found(text), []);
    });
  }
});

describe('bank card numbers', () => {
  test('Luhn accepts the well-known test numbers and rejects a changed digit', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('6222021234567894'), true);
    assert.equal(luhnValid('6222021234567895'), false);
  });

  const positives = [
    { what: '16 digits in a row', text: '卡号6222021234567894，', match: '6222021234567894' },
    {
      what: 'in groups of four with spaces',
      text: '卡号 6222 0212 3456 7894 户名',
      match: '6222 0212 3456 7894',
    },
    { what: 'in groups of four with hyphens', text: '卡号6222-0212-3456-7894', match: '6222-0212-3456-7894' },
    { what: '19 digits in a row', text: '账号6228480012345678903', match: '6228480012345678903' },
    {
      what: '19 digits grouped 4-4-4-4-3',
      text: '账号 6228 4800 1234 5678 903',
      match: '6228 4800 1234 5678 903',
    },
    { what: 'a Visa test number', text: 'card 4111111111111111', match: '4111111111111111' },
    {
      what: 'grouped, followed by an amount',
      text: '卡号6222 0212 3456 7894 20元',
      match: '6222 0212 3456 7894',
    },
    {
      what: 'in full-width digits',
      text: '卡号６２２２０２１２３４５６７８９４',
      match: '６２２２０２１２３４５６７８９４',
    },
  ];
  for (const { what, text, match } of positives) {
    test(`a card number ${what} is found`, () => {
      assert.deepEqual(found(text), [['bankCard', match]]);
    });
  }

  const negatives = [
    { what: 'failing Luhn', text: '6222021234567895' },
    {
      what: 'starting with 1 (an ID-like or organ code number), even passing Luhn',
      text: '1234567812345670',
    },
    { what: 'of 15 digits', text: '622202123456782' },
    { what: 'inside a 20-digit run', text: '62220212345678941234' },
  ];
  for (const { what, text } of negatives) {
    test(`a number ${what} is not a card hit`, () => {
      assert.deepEqual(
        found(text).filter(([kind]) => kind === 'bankCard'),
        [],
      );
    });
  }

  test('a valid ID number is reported once, as an ID number, not also as a card or phone', () => {
    assert.deepEqual(found('110105200002290021'), [['idCard', '110105200002290021']]);
  });
});

describe('classification marks (密级)', () => {
  const positives = [
    { what: 'level, star and years', text: '机密★5年\n关于……的通知', match: '机密★5年', level: '机密' },
    { what: 'level, star and ten years', text: '秘密★10年', match: '秘密★10年', level: '秘密' },
    { what: 'the exam-paper form', text: '绝密★启用前', match: '绝密★启用前', level: '绝密' },
    { what: 'level and star without a period', text: '秘密★ 关于', match: '秘密★', level: '秘密' },
    { what: 'spaces around the star', text: '机密 ★ 1年', match: '机密 ★ 1年', level: '机密' },
    { what: 'the star before the level', text: '★机密 文件', match: '★机密', level: '机密' },
    { what: 'the label 密级 with a colon', text: '密级：秘密', match: '密级：秘密', level: '秘密' },
    {
      what: 'the label 密级 with level and period',
      text: '密级: 机密★10年',
      match: '密级: 机密★10年',
      level: '机密',
    },
    { what: 'the level in 【】', text: '【机密】关于……', match: '【机密】', level: '机密' },
    { what: 'the level in []', text: '[秘密] 会议纪要', match: '[秘密]', level: '秘密' },
    { what: 'the level in full-width parentheses', text: '（秘密）会议纪要', match: '（秘密）', level: '秘密' },
    { what: 'the level in parentheses', text: '关于……的通报(机密)', match: '(机密)', level: '机密' },
    { what: 'the level in 〔〕', text: '〔绝密〕 试题', match: '〔绝密〕', level: '绝密' },
    { what: 'the level alone on its line', text: '机密\n关于……的通知', match: '机密', level: '机密' },
    {
      what: 'the level alone on an indented line',
      text: '标题\r\n   秘密  \r\n正文',
      match: '秘密',
      level: '秘密',
    },
    { what: 'in traditional characters', text: '機密★5年', match: '機密★5年', level: '机密' },
    {
      what: 'with a full-width colon and digits',
      text: '密级：绝密★３０年',
      match: '密级：绝密★３０年',
      level: '绝密',
    },
  ];
  for (const { what, text, match, level } of positives) {
    test(`${what} is found: ${JSON.stringify(match)}`, () => {
      assert.deepEqual(found(text), [['classification', match]]);
      assert.equal(scanSensitive(text)[0]!.message, `疑似密级标志（${level}）`);
    });
  }

  const negatives = [
    '依法保护商业秘密和个人隐私。',
    '村民委员会选举实行秘密投票。',
    '确保数据的机密性和完整性。',
    '工作人员应当保守国家秘密。',
    '★秘密投票制度得到落实',
    '涉密状态：非涉密',
    '密级：公开',
    '机密文件管理办法',
    '本文件不涉及国家秘密、商业秘密。',
    '依法保护个人隐私（含商业秘密）。',
    '（秘密投票）',
  ];
  for (const text of negatives) {
    test(`ordinary words are not a mark: ${JSON.stringify(text)}`, () => {
      assert.deepEqual(found(text), []);
    });
  }
});

describe('restricting phrases', () => {
  for (const phrase of RESTRICTED_PHRASES) {
    test(`“${phrase}” is found`, () => {
      assert.deepEqual(found(`本材料为${phrase}。`), [['phrase', phrase]]);
      assert.equal(scanSensitive(phrase)[0]!.message, `含有限制传播字样“${phrase}”`);
    });
  }

  const variants = [
    { text: '內部資料', phrase: '内部资料' },
    { text: '不得外傳', phrase: '不得外传' },
    { text: '僅限內部', phrase: '仅限内部' },
    { text: '嚴禁外傳', phrase: '严禁外传' },
    { text: '內部傳閱', phrase: '内部传阅' },
    { text: '内 部 资 料', phrase: '内部资料' },
    { text: '供內部參考', phrase: '供内部参考' },
  ];
  for (const { text, phrase } of variants) {
    test(`${JSON.stringify(text)} is found as “${phrase}”`, () => {
      assert.deepEqual(found(text), [['phrase', text]]);
      assert.equal(scanSensitive(text)[0]!.message, `含有限制传播字样“${phrase}”`);
    });
  }

  test('overlapping phrases are reported once, at the first', () => {
    assert.deepEqual(found('仅限内部传阅'), [['phrase', '仅限内部']]);
  });

  test('words that merely contain the characters are not hits', () => {
    assert.deepEqual(found('加强内部控制，完善资料归档，文件内部流转'), []);
  });
});

describe('positions', () => {
  const text = '第一行\r\n𠀀𠀀 电话１３８１２３４５６７８\n密级：秘密\n内部资料';

  test('hits are sorted by position and carry 1-based line and column in characters', () => {
    const hits = scanSensitive(text);
    assert.deepEqual(
      hits.map((h) => [h.kind, h.line, h.column]),
      [
        ['mobile', 2, 6],
        ['classification', 3, 1],
        ['phrase', 4, 1],
      ],
    );
  });

  test('start and end point at the original (full-width) characters', () => {
    for (const hit of scanSensitive(text)) {
      assert.equal(text.slice(hit.start, hit.end), hit.match);
    }
    assert.equal(scanSensitive(text)[0]!.match, '１３８１２３４５６７８');
  });

  test('the context is about 20 characters either side and joins back to the text', () => {
    const long = `${'前'.repeat(30)}13812345678${'后'.repeat(30)}`;
    const [hit] = scanSensitive(long);
    assert.equal(hit!.context.before, '前'.repeat(20));
    assert.equal(hit!.context.after, '后'.repeat(20));
    assert.equal(hit!.context.match, '13812345678');
    for (const h of scanSensitive(text)) {
      const joined = h.context.before + h.context.match + h.context.after;
      assert.ok(text.includes(joined));
    }
  });

  test('a text with nothing to report gives no hits', () => {
    assert.deepEqual(scanSensitive(''), []);
    assert.deepEqual(scanSensitive('2021年共收到政府信息公开申请136件，答复136件。'), []);
  });
});

test('a 50 KB text yields every hit, two per paragraph (its speed is measured by bench/scan.ts)', () => {
  const text = longText(50_000);
  assert.equal(scanSensitive(text).length, 2 * Math.ceil(50_000 / SCAN_PARAGRAPH.length));
});
