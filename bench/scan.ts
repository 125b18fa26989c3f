// `npm run bench:scan`: how long the pre-review scan (src/domain/scan.ts) takes over texts of
// 10 KB to 1 MB, the median of several runs after a warm-up. The last line printed is JSON.
import { scanSensitive } from '../src/domain/scan.js';
import { longText } from '../test/helpers/scanText.js';

const figures: Record<string, number> = {};
for (const chars of [10_000, 50_000, 200_000, 1_000_000]) {
  const text = longText(chars);
  scanSensitive(text);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    scanSensitive(text);
    times.push(performance.now() - t0);
  }
  const median = times.sort((a, b) => a - b)[3]!;
  figures[`ms_${chars / 1000}k`] = Math.round(median * 10) / 10;
  console.log(`${(chars / 1000).toString().padStart(5)} K characters: ${median.toFixed(1)} ms (median of 7)`);
}
console.log(JSON.stringify({ bench: 'scan', ...figures }));
