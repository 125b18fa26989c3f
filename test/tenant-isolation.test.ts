import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DbHandle } from '../src/db/connect.js';
import { grantRole } from '../src/features/accounts/service.js';
import { updateAgency } from '../src/features/agencies/service.js';
import { subtreeIds } from '../src/features/agencies/store.js';
import { recordAppeal } from '../src/features/appeals/service.js';
import { addFile, registerApplication } from '../src/features/applications/service.js';
import { addAttachment } from '../src/features/catalog/attachments.js';
import { createItem, ensureCategories, linkInterpretation } from '../src/features/catalog/service.js';
import { importReport } from '../src/features/reader/service.js';
import type { Access } from '../src/web/access.js';
import { applicant } from './helpers/applications.js';
import { type TestDb, testDb } from './helpers/db.js';
import { agency, creditCode, PASSWORD, sys, twoTrees, user } from './helpers/fixtures.js';
import { Client, type Running, startApp } from './helpers/http.js';

// Every registered route, called as an admin of an unrelated city, must neither show nor change
// anything of the victim's tree. A route added later without an access check fails here.

const SECRET_USER = '甲方机密用户';
const SECRET_NOTE = 'VICTIM-NOTE-SECRET';
const SECRET_DRAFT = 'VICTIM-DRAFT-SECRET';
const SECRET_APPLICANT = '甲方申请人';

let db: TestDb;
let running: Running;
let ids: Record<string, number>;
let victimTree: number[];
let victimUsers: number[];

before(async () => {
  db = await testDb();
  const h = db.handle;
  const t = await twoTrees(h);
  // Back-office-only data of the victim: user names and a history note.
  await updateAgency(sys(h), t.deptA.id, {
    name: t.deptA.name,
    shortName: t.deptA.short_name,
    kind: t.deptA.kind,
    level: t.deptA.level,
    parentId: t.deptA.parent_id,
    creditCode: t.deptA.credit_code,
    note: SECRET_NOTE,
    dissolvedOn: null,
  });
  const vAdmin = await user(h, 'victim-admin', t.cityA.id, [['admin', t.cityA.id]]);
  const vOfficer = await user(h, 'victim-officer', t.deptA.id, [['officer', t.deptA.id]]);
  await h.db.updateTable('users').set({ display_name: SECRET_USER }).where('id', 'in', [vAdmin.id, vOfficer.id]).execute();
  const vGrant = await h.db.selectFrom('grants').select('id').where('user_id', '=', vOfficer.id).executeTakeFirstOrThrow();
  // A draft (never public) and its category in the victim's catalog.
  const draft = await createItem(sys(h), t.deptA.id, {
    title: SECRET_DRAFT,
    issuer: t.deptA.name,
    writtenOn: '2024-03-01',
    categoryId:
      (await h.db.selectFrom('categories').select('id').where('agency_id', '=', t.deptA.id).executeTakeFirst())?.id ??
      (await firstCategory(h, t.deptA.id)),
    disclosureMode: 'proactive',
    period: 'permanent',
    docType: 'other',
    body: `<p>${SECRET_DRAFT}</p>`,
  });
  const attachment = await addAttachment(sys(h), draft.id, { filename: 'secret.txt', data: Buffer.from(`${SECRET_DRAFT} attachment`) });
  // And a second draft, linked to the first as its 政策解读.
  const interpretation = await createItem(sys(h), t.deptA.id, {
    title: `${SECRET_DRAFT}解读`,
    issuer: t.deptA.name,
    writtenOn: '2024-03-01',
    categoryId: draft.category_id,
    disclosureMode: 'proactive',
    period: 'permanent',
    docType: 'other',
    body: `<p>${SECRET_DRAFT}</p>`,
  });
  await linkInterpretation(sys(h), draft.id, { interpretation: String(interpretation.id) });
  // An application at the victim's department, with its 受理回执 and a document kept with it.
  const application = await registerApplication(sys(h), t.deptA.id, {
    ...applicant(1, { name: SECRET_APPLICANT, description: `${SECRET_DRAFT} application` }),
    channel: 'inPerson',
    receivedOn: '2024-03-01',
  });
  await addFile(sys(h), application.id, { filename: 'secret.txt', data: Buffer.from(`${SECRET_DRAFT} file`) });
  const letter = await h.db
    .selectFrom('application_letters')
    .select('id')
    .where('application_id', '=', application.id)
    .executeTakeFirstOrThrow();
  const file = await h.db
    .selectFrom('application_files')
    .select('id')
    .where('application_id', '=', application.id)
    .executeTakeFirstOrThrow();
  const appeal = await recordAppeal(sys(h), t.deptA.id, {
    kind: 'reconsideration',
    filedOn: '2024-04-01',
    trackingCode: application.tracking_code,
  });
  // A past annual report imported as the victim's historic figures (report reader).
  const reading = await importReport(sys(h), t.deptA.id, {
    name: 'victim-report.txt',
    data: Buffer.from(`${SECRET_DRAFT}局2015年政府信息公开工作年度报告\n2015年共受理政府信息公开申请7件。`),
  });
  // The attacker holds every role on their own city, including admin and supervisor.
  const mallory = await user(h, 'mallory', t.cityB.id, [
    ['admin', t.cityB.id],
    ['supervisor', t.cityB.id],
    ['officer', t.deptB.id],
    ['handler', t.deptB.id],
    ['reviewer', t.deptB.id],
    ['approver', t.deptB.id],
  ]);
  await grantRole(sys(h), mallory.id, { agencyId: t.deptB.id, role: 'admin' });
  ids = {
    agencyId: t.deptA.id,
    userId: vOfficer.id,
    grantId: vGrant.id,
    victimAdmin: vAdmin.id,
    cityA: t.cityA.id,
    attacker: mallory.id,
    attackerAgency: t.cityB.id,
    itemId: draft.id,
    categoryId: draft.category_id!,
    attachmentId: attachment.id,
    otherId: interpretation.id,
    applicationId: application.id,
    letterId: letter.id,
    fileId: file.id,
    appealId: appeal.id,
    readingId: reading.id,
    // Not a tenant's object: the national calendar, which only platform admins may change.
    year: 2027,
    // An annual report year of the victim's agency (the year is part of the report's address).
    reportYear: 2025,
  };
  victimTree = await subtreeIds(h.db, [t.cityA.id]);
  victimUsers = [vAdmin.id, vOfficer.id];
  running = await startApp(h);
  // One more agency in the attacker's own tree, so routes that need a manageable agency have one.
  await agency(h, { name: '乙市卫生健康委员会', kind: 'department', parentId: t.cityB.id });
});

after(async () => {
  await running?.close();
  await db?.cleanup();
});

async function firstCategory(h: DbHandle, agencyId: number): Promise<number> {
  const agency = await h.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
  await h.db.transaction().execute((trx) => ensureCategories(trx, agency, new Date()));
  return (
    await h.db
      .selectFrom('categories')
      .select('id')
      .where('agency_id', '=', agencyId)
      .where('parent_id', 'is not', null)
      .executeTakeFirstOrThrow()
  ).id;
}

/** Everything of the victim's that an attacker could change, as one comparable string. */
async function victimState(): Promise<string> {
  const q = db.handle.db;
  const [agencies, versions, users, grants, audit, calendar, items, categories, settings, reports, figures, readings, historic] =
    await Promise.all([
      q
        .selectFrom('agencies')
        .selectAll()
        .where((eb) => eb.or([eb('id', 'in', victimTree), eb('parent_id', 'in', victimTree)]))
        .orderBy('id')
        .execute(),
      q
        .selectFrom('agency_versions')
        .selectAll()
        .where((eb) => eb.or([eb('agency_id', 'in', victimTree), eb('parent_id', 'in', victimTree)]))
        .orderBy('id')
        .execute(),
      q
        .selectFrom('users')
        .select([
          'id',
          'username',
          'display_name',
          'agency_id',
          'password_hash',
          'disabled_at',
          'locked_until',
          'must_change_password',
          'email',
          'phone',
        ])
        .where((eb) => eb.or([eb('agency_id', 'in', victimTree), eb('id', 'in', victimUsers)]))
        .orderBy('id')
        .execute(),
      q
        .selectFrom('grants')
        .selectAll()
        .where((eb) => eb.or([eb('agency_id', 'in', victimTree), eb('user_id', 'in', victimUsers)]))
        .orderBy('id')
        .execute(),
      q.selectFrom('audit_log').select(['seq', 'action', 'object_id']).where('agency_id', 'in', victimTree).orderBy('seq').execute(),
      q.selectFrom('calendar_years').selectAll().orderBy('year').execute(),
      q.selectFrom('items').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
      q.selectFrom('categories').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
      q.selectFrom('agency_settings').selectAll().where('agency_id', 'in', victimTree).execute(),
      q.selectFrom('annual_reports').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
      q.selectFrom('report_figures').selectAll().where('agency_id', 'in', victimTree).orderBy('key').execute(),
      q.selectFrom('report_readings').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
      q.selectFrom('historic_figures').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
    ]);
  const itemIds = items.map((i) => i.id);
  const [attachments, links, reviews] = await Promise.all([
    q
      .selectFrom('item_attachments')
      .selectAll()
      .where('item_id', 'in', [0, ...itemIds])
      .execute(),
    q
      .selectFrom('item_links')
      .selectAll()
      .where((eb) => eb.or([eb('item_id', 'in', [0, ...itemIds]), eb('related_id', 'in', [0, ...itemIds])]))
      .execute(),
    q
      .selectFrom('item_reviews')
      .selectAll()
      .where('item_id', 'in', [0, ...itemIds])
      .execute(),
  ]);
  const applications = await q.selectFrom('applications').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute();
  const appIds = [0, ...applications.map((a) => a.id)];
  const [events, letters, files, templates] = await Promise.all([
    q.selectFrom('application_events').selectAll().where('application_id', 'in', appIds).orderBy('id').execute(),
    q.selectFrom('application_letters').select(['id', 'doc_no']).where('application_id', 'in', appIds).orderBy('id').execute(),
    q.selectFrom('application_files').selectAll().where('application_id', 'in', appIds).orderBy('id').execute(),
    q.selectFrom('letter_templates').selectAll().where('agency_id', 'in', victimTree).execute(),
  ]);
  const [appeals, consultations] = await Promise.all([
    q.selectFrom('appeals').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
    q.selectFrom('consultations').selectAll().where('agency_id', 'in', victimTree).orderBy('id').execute(),
  ]);
  return JSON.stringify({
    agencies,
    versions,
    users,
    grants,
    audit,
    calendar,
    items,
    categories,
    settings,
    attachments,
    links,
    reviews,
    reports,
    figures,
    applications,
    events,
    letters,
    files,
    templates,
    appeals,
    consultations,
    readings,
    historic,
  });
}

function fillPath(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const v = ids[name];
    assert.ok(v, `route ${url} has parameter :${name} with no fixture: add the victim's ${name} to the tenant-isolation test`);
    return String(v);
  });
}

/** Parameters that name something belonging to one agency's tree (not, say, a calendar year). */
const platformParams = new Set(['year']);
const namesTenantObject = (url: string) => [...url.matchAll(/:(\w+)/g)].some((m) => !platformParams.has(m[1]!));

/** A body that asks, every way we know, for the victim's data to change. */
function attackBody() {
  return {
    name: '被攻击后的名称',
    shortName: '攻击',
    kind: 'department',
    level: 'city',
    parentId: ids.cityA,
    creditCode: creditCode(),
    agencyId: ids.agencyId,
    userId: ids.userId,
    role: 'admin',
    username: 'mallory-twin',
    displayName: '攻击者',
    password: 'Another-password-12345',
    currentPassword: 'not-the-password-1',
    newPassword: 'New-password-12345',
    confirmPassword: 'New-password-12345',
    note: 'attack',
    title: '攻击者的标题',
    issuer: '攻击者',
    writtenOn: '2024-03-02',
    categoryId: ids.categoryId,
    disclosureMode: 'proactive',
    period: 'permanent',
    docType: 'other',
    body: '<p>x</p>',
    decision: 'approved',
    comment: 'attack',
    interpretation: String(ids.itemId),
    indexScheme: '{code}/{year}-{serial:5}',
    reviewChain: '攻击（审核人）',
    officeName: '攻击者',
  };
}

/** Calls one route as the attacker and returns what is wrong with the answer, or null. */
async function attack(attacker: Client, r: { method: string; url: string; access?: Access }): Promise<string | null> {
  // Public portal pages may name the victim's agency; they must still show nothing private.
  const mustRefuse = namesTenantObject(r.url) && !(r.access && 'public' in r.access);
  const path = fillPath(r.url);
  const label = `${r.method} ${r.url}`;
  const beforeState = await victimState();
  let res: Awaited<ReturnType<Client['get']>>;
  if (r.method === 'GET') {
    // HEAD runs the GET handler too: it must be refused the same way.
    const head = await attacker.request('HEAD', path);
    if (mustRefuse && ![403, 404].includes(head.status)) return `HEAD ${r.url}: must answer 403 or 404, got ${head.status}`;
    res = await attacker.get(path);
  } else if (r.url.startsWith('/api/')) {
    const s = await attacker.get('/api/v1/session');
    res = await attacker.request(r.method, path, { json: attackBody(), headers: { 'x-csrf-token': s.json().csrfToken } });
  } else {
    await attacker.get('/admin');
    res = await attacker.post(path, attackBody());
  }
  let problem: string | null = null;
  if (res.status >= 500) problem = `${label}: server error ${res.status}`;
  else if (res.text.includes(SECRET_USER) || res.text.includes('victim-admin') || res.text.includes('victim-officer'))
    problem = `${label}: shows the victim's users (status ${res.status})`;
  else if (res.text.includes(SECRET_APPLICANT)) problem = `${label}: shows the victim's applicant (status ${res.status})`;
  else if (res.text.includes(SECRET_DRAFT)) problem = `${label}: shows the victim's draft (status ${res.status})`;
  else if (res.text.includes(SECRET_NOTE)) problem = `${label}: shows the victim's agency history (status ${res.status})`;
  else if ((await victimState()) !== beforeState) problem = `${label}: changed the victim's data (status ${res.status})`;
  else if (mustRefuse && ![403, 404].includes(res.status))
    problem = `${label}: a route on the victim's object must answer 403 or 404, got ${res.status}`;
  // Routes such as POST /logout end the attacker's session: sign in again so later routes are
  // still tried as a signed-in attacker, not as the anonymous public.
  if ((await attacker.get('/api/v1/session')).status !== 200) await attacker.login('mallory', PASSWORD);
  return problem;
}

test('every route refuses a user of an unrelated agency: no victim data shown, nothing changed', async () => {
  const routes = running.app.routeList;
  assert.ok(routes.length >= 30, `expected the whole route table, got ${routes.length} routes`);
  const attacker = new Client(running.base);
  assert.equal((await attacker.login('mallory', PASSWORD)).status, 303);
  const problems: string[] = [];
  for (const r of routes) {
    const p = await attack(attacker, r);
    if (p) problems.push(p);
  }
  assert.deepEqual(problems, []);

  // Positive control: the fixtures are real. The victim's own admin reaches every GET route with
  // a parameter, so the 403/404s above are refusals, not typos.
  const victim = new Client(running.base);
  assert.equal((await victim.login('victim-admin', PASSWORD)).status, 303);
  for (const r of routes.filter((x) => x.method === 'GET' && namesTenantObject(x.url) && !('public' in x.access))) {
    const res = await victim.get(fillPath(r.url));
    assert.equal(res.status, 200, `victim admin should reach GET ${r.url}, got ${res.status}`);
  }
});

test('the check catches a route that forgets to scope its data', async () => {
  // A route as a careless developer might add it: signed-in only, reading by id.
  const leaky = await startApp(db.handle, {
    extraRoutes: (app) => {
      app.get('/admin/leak/:userId', { config: { access: { signedIn: true } } }, async (req) => {
        const id = Number((req.params as { userId: string }).userId);
        return db.handle.db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
      });
      app.post('/admin/leak/:agencyId/rename', { config: { access: { signedIn: true } } }, async (req) => {
        const id = Number((req.params as { agencyId: string }).agencyId);
        await db.handle.db.updateTable('agencies').set({ short_name: 'pwned' }).where('id', '=', id).execute();
        return { ok: true };
      });
    },
  });
  try {
    const attacker = new Client(leaky.base);
    await attacker.login('mallory', PASSWORD);
    assert.match(
      (await attack(attacker, { method: 'GET', url: '/admin/leak/:userId' })) ?? '',
      /shows the victim's users|HEAD \/admin\/leak\/:userId: must answer 403 or 404/,
    );
    assert.match((await attack(attacker, { method: 'POST', url: '/admin/leak/:agencyId/rename' })) ?? '', /changed the victim's data/);
  } finally {
    await leaky.close();
  }
});

test('a route without an access declaration cannot be registered', async () => {
  const { buildApp } = await import('../src/web/app.js');
  const app = await buildApp({ handle: db.handle, config: { secureCookies: false, sessionHours: 1 } });
  assert.throws(() => app.get('/admin/unguarded', async () => 'x'), /declares no access/);
  await app.close();
});
