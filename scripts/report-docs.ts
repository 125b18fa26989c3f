// Writes docs/annual-report.schema.json and docs/annual-report.md from the figure definitions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { annualReportKeysMarkdown, annualReportSchema } from '../src/features/reports/schema.js';

const docs = new URL('../docs/', import.meta.url);
mkdirSync(docs, { recursive: true });
writeFileSync(new URL('annual-report.schema.json', docs), `${JSON.stringify(annualReportSchema(), null, 2)}\n`);
writeFileSync(new URL('annual-report.md', docs), annualReportKeysMarkdown());
console.log('docs/annual-report.schema.json, docs/annual-report.md');
