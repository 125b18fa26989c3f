import type { Kysely } from 'kysely';

// The text of a body now keeps table cells apart (catalog/html.ts blockBreaks): 〈td〉2023〈/td〉
// 〈td〉15〈/td〉 was indexed as the number 202315, and 北京 | 市场 as the phrase 北京市场. Items whose
// bodies hold a table cell, a caption or preformatted text — usually few — get their tokens computed
// again; the update triggers (SQLite, 0011) and the generated tsvector (PostgreSQL) re-index them.
// Bodies are stored sanitized, so their tags are in lower case.
export async function up(db: Kysely<any>): Promise<void> {
  const { searchTokensOf } = await import('../../features/catalog/service.js');
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'title', 'doc_no', 'summary', 'body_html'])
      .where('id', '>', after)
      .where((eb) =>
        eb.or([
          eb('body_html', 'like', '%</td>%'),
          eb('body_html', 'like', '%</th>%'),
          eb('body_html', 'like', '%</caption>%'),
          eb('body_html', 'like', '%</pre>%'),
        ]),
      )
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows)
      await db
        .updateTable('items')
        .set({ search_tokens: searchTokensOf(r.title, r.doc_no, r.summary, r.body_html) })
        .where('id', '=', r.id)
        .execute();
    after = rows[rows.length - 1]!.id;
  }
}

/** Nothing to undo: the tokens are what the code of the time computes (an older version would compute them joined again). */
export async function down(): Promise<void> {}
