import type { DB } from '../../db/connect.js';
import type { Tx } from '../audit/service.js';
import { letterDocxData } from './letters.js';

// Mail goes through an outbox: a row written in the same transaction as the change that causes
// it, so a letter is mailed if and only if it was issued. A sender claims a batch of rows (a
// claim that expires, so a sender that dies leaves nothing stuck), sends them and marks them sent.
// Several processes may send at once: a row is claimed by one UPDATE … WHERE unclaimed, which only
// one of them wins. Without SMTP (GONGKAI_SMTP_URL unset) nothing is sent and the rows wait in the
// outbox, where an admin reads them in the back office.

export interface MailInput {
  to: string;
  subject: string;
  body: string;
  letterId?: number | null;
  applicationId?: number | null;
  agencyId?: number | null;
  kind: string;
}

export async function enqueueMail(trx: Tx, now: Date, m: MailInput): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      to_address: m.to,
      subject: m.subject,
      body: m.body,
      letter_id: m.letterId ?? null,
      application_id: m.applicationId ?? null,
      agency_id: m.agencyId ?? null,
      kind: m.kind,
      created_at: now.toISOString(),
    })
    .execute();
}

export interface MailConfig {
  url: string;
  from: string;
}

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const url = env.GONGKAI_SMTP_URL;
  if (!url) return null;
  return { url, from: env.GONGKAI_MAIL_FROM || '政府信息公开平台 <noreply@localhost>' };
}

const CLAIM_MINUTES = 5;
const MAX_ATTEMPTS = 5;

/** Sends what is waiting in the outbox; returns how many were sent. Does nothing without SMTP. */
export async function sendPendingMail(db: DB, now: Date, config = mailConfig(), batch = 20): Promise<{ sent: number; failed: number }> {
  if (!config) return { sent: 0, failed: 0 };
  // Loaded only where SMTP is configured: most processes never send mail.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(config.url);
  const until = new Date(now.getTime() + CLAIM_MINUTES * 60_000).toISOString();
  let sent = 0;
  let failed = 0;
  try {
    const candidates = await db
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const { id } of candidates) {
      // The claim: only one sender's UPDATE finds the row still unclaimed.
      const won = await db
        .updateTable('outbox')
        .set((eb) => ({ claimed_until: until, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now.toISOString())]))
        .returningAll()
        .executeTakeFirst();
      if (!won) continue;
      const attachments = [];
      if (won.letter_id) {
        const l = await letterDocxData(db, won.letter_id);
        if (l) attachments.push({ filename: `${l.title}（${l.docNo}）.docx`, content: l.data });
      }
      try {
        await transport.sendMail({ from: config.from, to: won.to_address, subject: won.subject, text: won.body, attachments });
        await db.updateTable('outbox').set({ sent_at: new Date().toISOString(), error: null }).where('id', '=', id).execute();
        sent++;
      } catch (e) {
        await db
          .updateTable('outbox')
          .set({ error: e instanceof Error ? e.message.slice(0, 500) : String(e), claimed_until: null })
          .where('id', '=', id)
          .execute();
        failed++;
      }
    }
  } finally {
    transport.close();
  }
  return { sent, failed };
}
