// The sweep on the real database: closures the clock reached are recorded once, reminders at 5 and
// 2 working days left go out once, even with sweeps running side by side (and from the command
// line); the outbox is delivered over real SMTP, each message once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sendPendingMail } from '../src/features/applications/mail.js';
import { notifyFee, registerApplication, requestCorrection } from '../src/features/applications/service.js';
import { sweep } from '../src/features/applications/sweep.js';
import type { Ctx } from '../src/features/context.js';
import { systemCtx } from '../src/platform.js';
import { applicant } from './helpers/applications.js';
import { type TestDb, testDb } from './helpers/db.js';
import { twoTrees, user } from './helpers/fixtures.js';

let db: TestDb;
let agencyId: number;
const at = (day: string): Ctx => ({ ...systemCtx(db.handle, { id: null, label: 'test' }), now: () => new Date(`${day}T02:00:00Z`) });

before(async () => {
  db = await testDb();
  const t = await twoTrees(db.handle);
  agencyId = t.deptA.id;
  const h = await user(db.handle, 'handler', agencyId, [['handler', agencyId]]);
  await db.handle.db.updateTable('users').set({ email: 'handler@agency.example' }).where('id', '=', h.id).execute();
});
after(() => db.cleanup());

const register = (n: number, day: string) =>
  registerApplication(at(day), agencyId, { ...applicant(n), channel: 'inPerson', receivedOn: day });

test('closures and reminders are recorded once, with sweeps side by side and from the command line', async () => {
  // Correction asked on 05-08 with 10 working days: lapsed after 05-21.
  const corr = await register(1, '2024-05-06');
  await requestCorrection(at('2024-05-08'), corr.id, { correctionItems: '请写明年份', correctionPeriod: '10' });
  // Fee notified 06-11: unpaid after 07-09.
  const fee = await register(2, '2024-06-03');
  await notifyFee(at('2024-06-11'), fee.id, { feeMethod: 'perVolume', feePages: '40' });
  // Received 06-14: due 07-12; on 07-10 two working days are left (both reminders reached: one mail).
  const soon = await register(3, '2024-06-14');
  // Received 06-19: due 07-17; on 07-10 five working days are left.
  const five = await register(4, '2024-06-19');

  const day = at('2024-07-10');
  const results = await Promise.all([sweep(day), sweep(day), sweep(day)]);
  assert.equal(
    results.reduce((s, r) => s + r.closed, 0),
    2,
    'two closures, recorded once',
  );
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cli = await promisify(execFile)(process.execPath, ['bin/gongkai.js', 'applications', 'sweep'], {
    cwd: root,
    env: { ...process.env, ...db.env },
    timeout: 60_000,
  });
  assert.match(cli.stdout, /记录期满终止 0 件；发出提醒 0 件/, 'the command line finds nothing left to do today');

  const rows = await db.handle.db.selectFrom('applications').select(['id', 'closed_on', 'outcome', 'stage']).orderBy('id').execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.deepEqual(byId.get(corr.id), { id: corr.id, closed_on: '2024-05-22', outcome: 'noCorrection', stage: 'closed' });
  assert.deepEqual(byId.get(fee.id), { id: fee.id, closed_on: '2024-07-10', outcome: 'unpaidFee', stage: 'closed' });
  const closures = await db.handle.db
    .selectFrom('application_events')
    .select('application_id')
    .where('type', '=', 'closedByClock')
    .execute();
  assert.equal(closures.length, 2);
  const letters = await db.handle.db
    .selectFrom('application_letters')
    .select(['application_id', 'body'])
    .where('kind', '=', 'reply.otherHandling')
    .execute();
  assert.equal(letters.length, 2);
  assert.match(letters.find((l) => l.application_id === corr.id)!.body, /未在期限内补正，视为放弃申请/);

  const reminders = await db.handle.db
    .selectFrom('application_reminders')
    .selectAll()
    .orderBy('application_id')
    .orderBy('threshold')
    .execute();
  assert.deepEqual(
    reminders.map((r) => [r.application_id, r.threshold, r.due_on]),
    [
      [soon.id, 2, '2024-07-12'],
      [soon.id, 5, '2024-07-12'],
      [five.id, 5, '2024-07-17'],
    ],
  );
  const mails = await db.handle.db
    .selectFrom('outbox')
    .select(['application_id', 'subject'])
    .where('kind', 'like', 'reminder.%')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    mails.map((m) => [m.application_id, m.subject.replace(/^.*还有/, '')]),
    [
      [soon.id, ' 2 个工作日'],
      [five.id, ' 5 个工作日'],
    ],
  );
  // On 07-15 the second has two working days left: its 2-day reminder, once.
  await Promise.all([sweep(at('2024-07-15')), sweep(at('2024-07-15'))]);
  const later = await db.handle.db
    .selectFrom('outbox')
    .select(['application_id', 'subject'])
    .where('kind', '=', 'reminder.2')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    later.map((m) => [m.application_id, m.subject.replace(/^.*还有/, '')]),
    [
      [soon.id, ' 2 个工作日'],
      [five.id, ' 2 个工作日'],
    ],
  );
});

/** A small SMTP server: enough of RFC 5321 for nodemailer to deliver to it. */
async function smtpServer() {
  const messages: string[] = [];
  const server = createServer((socket: Socket) => {
    let data = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (data) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          data = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((r) => server.close(r)) };
}

test('the outbox goes out over SMTP, letters with their DOCX, each message once', async () => {
  const smtp = await smtpServer();
  try {
    const config = { url: smtp.url, from: 'gongkai <noreply@example.cn>' };
    const pending = await db.handle.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    assert.ok(pending.length >= 4);
    const now = new Date('2024-07-12T03:00:00Z');
    let sent = 0;
    for (let i = 0; i < 10 && sent < pending.length; i++) {
      const [a, b] = await Promise.all([sendPendingMail(db.handle.db, now, config, 50), sendPendingMail(db.handle.db, now, config, 50)]);
      sent += a.sent + b.sent;
    }
    assert.equal(sent, pending.length);
    assert.equal(smtp.messages.length, pending.length, 'each message delivered once');
    assert.ok(
      smtp.messages.some((m) => /\.docx/.test(m) && /application\/vnd\.openxmlformats/.test(m)),
      'a letter carries its DOCX',
    );
    assert.equal((await sendPendingMail(db.handle.db, now, config)).sent, 0, 'nothing is sent twice');
  } finally {
    await smtp.close();
  }
});
