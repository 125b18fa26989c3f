import { writeReport, type ReportSpec } from './test/helpers/reportWriter.js';
import { readDocument } from './src/features/reader/reading.js';
import { figuresOf } from './test/helpers/reader.js';
import { writeFileSync } from 'node:fs';
const specs: ReportSpec[] = [];
let seed = 1;
for (const format of ['national2021', 'national2019', 'legacy'] as const)
  for (const layout of ['spaces', 'pipes', 'raw', 'html', 'docx'] as const)
    for (const traditional of [false, true])
      specs.push({ agency: '示例市交通运输局', year: format === 'legacy' ? 2012 : format === 'national2019' ? 2020 : 2023, format, layout, traditional, gbk: layout !== 'docx' && seed % 3 === 0, seed: seed++, faults: seed % 2 ? ['pageBreaks', 'wrapped'] : ['blanks', 'brokenSum'] });
specs.push({ agency: '示例县人民政府', year: 2011, format: 'legacy', uncoded: true, layout: 'spaces', seed: 99 });
specs.push({ agency: '示例县人民政府', year: 2011, format: 'legacy', uncoded: true, layout: 'html', seed: 98 });
let bad = 0;
for (const s of specs) {
  const w = await writeReport(s);
  try {
    const r = await readDocument(w.bytes, w.name);
    const got = figuresOf(r.reading);
    const diffs: string[] = [];
    for (const k of new Set([...Object.keys(got), ...Object.keys(w.expected)])) if (JSON.stringify(got[k]) !== JSON.stringify(w.expected[k])) diffs.push(`${k}: got ${got[k]} want ${w.expected[k]}`);
    const failing = r.reading.checks.filter((c) => c.result.status === 'fails').map((c) => c.identity.id).sort();
    const fdiff = JSON.stringify(failing) !== JSON.stringify([...w.failing].sort());
    if (diffs.length || fdiff || r.reading.leftOut.length) {
      bad++;
      console.log('FAIL', w.name, r.reading.format, diffs.slice(0, 6), diffs.length, 'failing', failing, 'want', w.failing, 'leftOut', r.reading.leftOut.slice(0, 3).map((l) => l.what + ':' + l.reason));
      writeFileSync('/tmp/rdr/' + w.name, w.bytes);
    }
  } catch (e) { bad++; console.log('ERR', w.name, e); }
}
console.log('bad', bad, 'of', specs.length);
