import type { Kysely } from 'kysely';
import { recomputeSearchTokens } from './helpers.js';

// The text of a body now keeps table cells apart (catalog/html.ts blockBreaks): 〈td〉2023〈/td〉
// 〈td〉15〈/td〉 was indexed as the number 202315, and 北京 | 市场 as the phrase 北京市场. Items whose
// bodies hold a table cell, a caption or preformatted text — usually few — get their tokens computed
// again. Bodies are stored sanitized, so their tags are in lower case.
export async function up(db: Kysely<any>): Promise<void> {
  await recomputeSearchTokens(db, (eb) =>
    eb.or(['</td>', '</th>', '</caption>', '</pre>'].map((tag) => eb('body_html', 'like', `%${tag}%`))),
  );
}

/** Nothing to undo: the tokens are what the code of the time computes (an older version would compute them joined again). */
export async function down(): Promise<void> {}
