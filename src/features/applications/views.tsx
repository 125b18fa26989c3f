import type { Agency } from '../../db/schema.js';
import { type ApplicantType, applicantTypeLongLabel } from '../../domain/applicants.js';
import {
  type DeliveryMethod,
  deliveryMethodLabels,
  type IdType,
  idTypeLabels,
  type WantedForm,
  wantedFormLabels,
} from '../../domain/application.js';
import {
  type ApplicationChannel,
  applicationChannelLabels,
  applicationChannels,
  receiptRuleLabels,
  receiptRules,
} from '../../domain/applicationChannels.js';
import { MAX_EXTENSION_WORKDAYS, type Stage, stageLabels } from '../../domain/clock.js';
import { feeMethodLabels } from '../../domain/fees.js';
import { type LetterKind, letterKindLabels, letterKinds, placeholders } from '../../domain/letters.js';
import { outcomeDefs, outcomeGroupDefs, outcomeGroups, outcomesOf, replyOutcomes } from '../../domain/outcomes.js';
import {
  ActionButton,
  Csrf,
  ErrorSummary,
  type Errors,
  Field,
  formatInstant,
  Layout,
  type PageEnv,
  Select,
  TextArea,
  type Values,
} from '../../web/ui.js';
import { allowedExtensions } from '../catalog/attachments.js';
import { ApplicantFields, applicantLabels } from './fields.js';
import type { LetterSettings } from './letters.js';
import { CountNote, DueExplained, LeftText, outcomeText, StageBadge, Timeline } from './parts.js';
import type { CaseData, QueueRow } from './queries.js';

export function QueueTable({ rows, showAgency }: { rows: QueueRow[]; showAgency?: boolean }) {
  if (rows.length === 0) return <p>暂无。</p>;
  return (
    <table class="queue">
      <caption class="visually-hidden">申请列表（逾期的在最前，其次为待确认收到的和剩余工作日最少的）</caption>
      <thead>
        <tr>
          <th scope="col">查询码</th>
          {showAgency && <th scope="col">机关</th>}
          <th scope="col">申请人</th>
          <th scope="col">申请内容</th>
          <th scope="col">状态</th>
          <th scope="col">收到申请之日</th>
          <th scope="col">答复期限</th>
          <th scope="col">剩余</th>
          <th scope="col">办理人</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const soon = r.clock.workdaysLeft !== null && r.clock.workdaysLeft <= 3;
          return (
            <tr class={r.clock.overdue ? 'overdue' : soon ? 'due-soon' : undefined}>
              <td>
                <a href={`/admin/applications/${r.id}`}>
                  <code>{r.trackingCode}</code>
                </a>
              </td>
              {showAgency && <td>{r.agency}</td>}
              <td>{r.applicant}</td>
              <td>{r.description.length > 40 ? `${r.description.slice(0, 40)}…` : r.description}</td>
              <td>
                <StageBadge stage={r.clock.stage} overdue={r.clock.overdue} />
                {r.clock.closed && !r.clock.closed.recorded && <span class="muted">（{outcomeText(r.clock.closed.outcome)}，待记录）</span>}
              </td>
              <td>{r.receivedOn ?? <span class="muted">提交于 {formatInstant(r.submittedAt).slice(0, 10)}</span>}</td>
              <td>{r.clock.reply?.due ?? ''}</td>
              <td>
                <LeftText clock={r.clock} />
                {soon && !r.clock.overdue && r.clock.workdaysLeft! > 0 && <span class="late">（3个工作日内到期）</span>}
              </td>
              <td>{r.handler ?? <span class="muted">待认领</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const stageFilters: [string, string][] = [
  ['', '全部未办结'],
  ...(Object.entries(stageLabels) as [Stage, string][]).filter(([k]) => k !== 'closed'),
];

export function AgencyQueuePage(p: { env: PageEnv; agency: Agency; rows: QueueRow[]; stage: string; canIntake: boolean }) {
  const base = `/admin/agencies/${p.agency.id}`;
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：依申请公开`} wide>
      <div class="actions">
        {p.canIntake && (
          <a class="button" href={`${base}/applications/new`}>
            登记申请
          </a>
        )}
        <a class="button secondary" href={`${base}/consultations`}>
          咨询登记
        </a>
        <a class="button secondary" href={`${base}/appeals`}>
          行政复议和行政诉讼
        </a>
        <a class="button secondary" href={`${base}/letter-templates`}>
          文书模板
        </a>
        <a class="button secondary" href={`/apply?agency=${p.agency.id}`}>
          网上申请页面
        </a>
      </div>
      <nav aria-label="按状态筛选">
        <ul class="years">
          {stageFilters.map(([k, label]) => (
            <li>
              <a href={`${base}/applications${k ? `?stage=${k}` : ''}`} aria-current={p.stage === k ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <QueueTable rows={p.rows} />
    </Layout>
  );
}

export function MyQueuePage(p: { env: PageEnv; mine: QueueRow[]; unassigned: QueueRow[] }) {
  return (
    <Layout env={p.env} title="我的申请" wide>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">由我办理</h2>
        <QueueTable rows={p.mine} showAgency />
      </section>
      <section aria-labelledby="pool-title">
        <h2 id="pool-title">本机关待认领</h2>
        <QueueTable rows={p.unassigned} showAgency />
      </section>
    </Layout>
  );
}

export function RegisterPage(p: { env: PageEnv; agency: Agency; values: Values; errors: Errors }) {
  return (
    <Layout env={p.env} title={`登记政府信息公开申请：${p.agency.short_name}`}>
      <p>当面提交、邮寄、平常信函、传真、电子邮件的申请，以及口头提出由工作人员代为填写的申请（《条例》第二十九条），在此登记。</p>
      <form method="post" action={`/admin/agencies/${p.agency.id}/applications`} novalidate>
        <ErrorSummary errors={p.errors} labels={applicantLabels} />
        <Csrf env={p.env} />
        <input type="hidden" name="formToken" value={String(p.values.formToken ?? '')} />
        <fieldset class="group">
          <legend>收到申请</legend>
          <Select
            name="channel"
            label={applicantLabels.channel!}
            values={p.values}
            errors={p.errors}
            required
            placeholder="请选择"
            options={applicationChannels
              .filter((c) => c !== 'online')
              .map((c) => [c, `${applicationChannelLabels[c]}：${receiptRuleLabels[receiptRules[c]]}`])}
          />
          <Field
            name="receivedOn"
            label={applicantLabels.receivedOn!}
            type="date"
            values={p.values}
            errors={p.errors}
            hint="当面提交为提交之日，邮寄为签收之日；平常信函、传真、电子邮件为与申请人确认之日，尚未确认的可暂不填写，确认后在申请页面补记（《条例》第三十一条）。"
          />
          <TextArea
            name="note"
            label={applicantLabels.note!}
            values={p.values}
            errors={p.errors}
            rows={3}
            maxLength={1000}
            hint="口头申请须记录申请人口述的内容和代为填写的情况。"
          />
          <label class="check" id="f-oralConfirmed">
            <input type="checkbox" name="oralConfirmed" value="1" checked={p.values.oralConfirmed === '1'} />{' '}
            口头申请：已向申请人宣读代为填写的内容，申请人确认无误
          </label>
          {p.errors.oralConfirmed && <p class="error">{p.errors.oralConfirmed}</p>}
        </fieldset>
        <ApplicantFields values={p.values} errors={p.errors} />
        <button type="submit">登记</button>
      </form>
    </Layout>
  );
}

const caseLabels: Record<string, string> = {
  receivedOn: '收到申请之日',
  correctionItems: '补正事项',
  correctionPeriod: '补正期限',
  correctionText: '补正内容',
  consultParty: '被征求方',
  consultKind: '被征求方类型',
  consultMatter: '征求事项',
  consultRef: '征求意见',
  consultOpinion: '意见',
  extensionWorkdays: '延长的工作日数',
  extensionReason: '延期理由',
  extensionDecision: '延期审批',
  feeMethod: '计收方式',
  feePages: '页数',
  outcome: '答复结果',
  reasons: '理由',
  withheld: '不予公开的部分及理由',
  access: '获取方式',
  rightAgency: '负责公开的机关',
  release: '提供的政府信息',
  toAgencyId: '转交机关',
  withdrawReason: '撤回理由',
  handlerId: '办理人',
  file: '附件',
};

function Form(p: {
  env: PageEnv;
  action: string;
  title: string;
  id: string;
  children: unknown;
  button: string;
  multipart?: boolean;
  errors: Errors;
  open?: boolean;
}) {
  return (
    <section aria-labelledby={`${p.id}-title`} class="case-action">
      <h3 id={`${p.id}-title`}>{p.title}</h3>
      <form method="post" action={p.action} novalidate enctype={p.multipart ? 'multipart/form-data' : undefined}>
        <Csrf env={p.env} />
        {p.children as never}
        <button type="submit">{p.button}</button>
      </form>
    </section>
  );
}

export function CasePage(p: { env: PageEnv; data: CaseData; values: Values; errors: Errors; transferTargets: Agency[] }) {
  const { app, clock, events, letters, files, handlers, handler, rights, hints, appeals, agency, today } = p.data;
  const v = p.values;
  const e = p.errors;
  const base = `/admin/applications/${app.id}`;
  const open = !clock.closed;
  const pendingExtension = (() => {
    let pending: { workdays: number; reason: string; actor: string } | null = null;
    for (const ev of events) {
      if (ev.type === 'extensionRequested')
        pending = { workdays: ev.data.workdays as number, reason: ev.data.reason as string, actor: ev.actor };
      if (ev.type === 'extensionApproved' || ev.type === 'extensionRefused') pending = null;
    }
    return pending;
  })();
  // A form refused with errors is shown again with what was typed, even if it would not be offered now.
  const retry = (field: string) => field in e || field in v;
  const canCorrect = (open && clock.receivedOn && !clock.correction && today <= clock.correctionNoticeBy!.due) || retry('correctionItems');
  const running = open && clock.reply !== null;
  const corrected = events.findLast((x) => x.type === 'corrected');
  return (
    <Layout env={p.env} title={`政府信息公开申请 ${app.tracking_code}`} wide>
      <ErrorSummary errors={p.errors} labels={caseLabels} />
      <p>
        <StageBadge stage={clock.stage} overdue={clock.overdue} /> · {agency.name} · 办理人：{handler?.display_name ?? '待认领'}
      </p>
      {clock.closed && !clock.closed.recorded && (
        <p class="notice">
          按期限计算，本申请已于 {clock.closed.on} 终止：{outcomeText(clock.closed.outcome)}。系统定时任务将记录并向申请人发出告知书。
        </p>
      )}
      <section aria-labelledby="clock-title">
        <h2 id="clock-title">期限</h2>
        <dl class="meta">
          <dt>收到申请之日</dt>
          <dd>
            {clock.receivedOn ?? '尚未确认'}（{applicationChannelLabels[app.channel as ApplicationChannel]}，
            {receiptRuleLabels[receiptRules[app.channel as ApplicationChannel]]}）
          </dd>
          {clock.correctionNoticeBy && (
            <>
              <dt>补正告知期限</dt>
              <dd>
                {clock.correctionNoticeBy.due} <CountNote count={clock.correctionNoticeBy} what="收到申请后7个工作日，《条例》第三十条" />
              </dd>
            </>
          )}
          {clock.correction && (
            <>
              <dt>补正期限</dt>
              <dd>
                {clock.correction.dueBy.due}
                {clock.correction.correctedOn ? `，已于 ${clock.correction.correctedOn} 补正` : ''}{' '}
                <CountNote count={clock.correction.dueBy} what={`告知后${clock.correction.periodWorkdays}个工作日`} />
              </dd>
            </>
          )}
          {clock.consultations.map((c) => (
            <>
              <dt>征求意见</dt>
              <dd>
                {c.party}：答复期限 {c.window.due}
                {c.answeredOn ? `，已于 ${c.answeredOn} 答复` : c.lapsed ? '，逾期未答复（由本机关依法决定）' : '，等待答复'}{' '}
                <CountNote count={c.window} what="15个工作日，《条例》第三十二条" />
              </dd>
            </>
          ))}
          {clock.fee && (
            <>
              <dt>信息处理费</dt>
              <dd>
                {clock.fee.amount} 元，缴费期限 {clock.fee.payBy.due}
                {clock.fee.paidOn ? `，已于 ${clock.fee.paidOn} 缴纳` : ''}{' '}
                <CountNote count={clock.fee.payBy} what="收到通知次日起20个工作日" />
              </dd>
            </>
          )}
          <dt>答复期限</dt>
          <dd>
            <strong>{clock.reply?.due ?? '—'}</strong> <LeftText clock={clock} />
            {clock.late && <strong class="late">（逾期答复）</strong>}
            {clock.reply && <DueExplained reply={clock.reply} />}
          </dd>
        </dl>
      </section>

      {rights.handle && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">办理</h2>
          {handler === null && open && <ActionButton env={p.env} action={`${base}/claim`} label="认领本申请" />}
          {open && (
            <Form env={p.env} action={`${base}/assign`} title="分配办理人" id="assign" button="分配" errors={e}>
              <Select
                name="handlerId"
                label={caseLabels.handlerId!}
                values={v}
                errors={e}
                placeholder="请选择"
                options={handlers.map((h) => [String(h.id), h.display_name])}
              />
            </Form>
          )}
          {open && !clock.receivedOn && (
            <Form
              env={p.env}
              action={`${base}/receive`}
              title="确认收到申请（《条例》第三十一条）"
              id="receive"
              button="确认收到"
              errors={e}
            >
              <Field
                name="receivedOn"
                label={caseLabels.receivedOn!}
                type="date"
                values={{ receivedOn: today, ...v }}
                errors={e}
                hint="网上、传真、电子邮件和平常信函提交的申请，以双方确认之日为收到申请之日。确认后自动向申请人发出受理回执。"
              />
            </Form>
          )}
          {canCorrect && (
            <Form
              env={p.env}
              action={`${base}/correction`}
              title="告知补正（《条例》第三十条，只能告知一次）"
              id="correction"
              button="发出补正告知书"
              errors={e}
            >
              <TextArea
                name="correctionItems"
                label={caseLabels.correctionItems!}
                values={v}
                errors={e}
                rows={3}
                maxLength={2000}
                hint={`应一次性告知全部需要补正的事项；最迟于 ${clock.correctionNoticeBy?.due ?? '—'} 发出。`}
              />
              <Field
                name="correctionPeriod"
                label={caseLabels.correctionPeriod!}
                values={{ correctionPeriod: '10', ...v }}
                errors={e}
                inputMode="numeric"
                hint="给申请人的合理补正期限，单位：工作日。"
              />
            </Form>
          )}
          {open && clock.stage === 'awaitingCorrection' && (
            <Form
              env={p.env}
              action={`${base}/corrected`}
              title="登记申请人的补正（邮寄、当面等方式收到的）"
              id="corrected"
              button="登记补正"
              errors={e}
            >
              <TextArea name="correctionText" label={caseLabels.correctionText!} values={v} errors={e} rows={3} maxLength={2000} />
            </Form>
          )}
          {running && clock.stage !== 'awaitingFee' && (
            <Form
              env={p.env}
              action={`${base}/consult`}
              title="书面征求意见（《条例》第三十二条、第三十四条）"
              id="consult"
              button="发出征求意见函"
              errors={e}
            >
              <Field name="consultParty" label={caseLabels.consultParty!} values={v} errors={e} maxLength={100} />
              <Select
                name="consultKind"
                label={caseLabels.consultKind!}
                values={v}
                errors={e}
                placeholder="请选择"
                options={[
                  ['thirdParty', '第三方（公开可能损害其合法权益）'],
                  ['agency', '其他机关（共同制作的信息）'],
                ]}
              />
              <TextArea
                name="consultMatter"
                label={caseLabels.consultMatter!}
                values={v}
                errors={e}
                rows={2}
                maxLength={1000}
                hint="被征求方应在15个工作日内答复；征求意见期间不计入答复期限。"
              />
            </Form>
          )}
          {open && clock.consultations.some((c) => c.answeredOn === null) && (
            <Form env={p.env} action={`${base}/consult-answer`} title="登记征求意见的答复" id="answer" button="登记答复" errors={e}>
              <Select
                name="consultRef"
                label={caseLabels.consultRef!}
                values={v}
                errors={e}
                options={clock.consultations.filter((c) => c.answeredOn === null).map((c) => [c.ref, `${c.party}（${c.sentOn} 发出）`])}
              />
              <Select
                name="consultOpinion"
                label={caseLabels.consultOpinion!}
                values={v}
                errors={e}
                placeholder="请选择"
                options={[
                  ['agree', '同意公开'],
                  ['object', '不同意公开'],
                  ['partly', '部分同意'],
                ]}
              />
              <TextArea name="consultNote" label="说明" values={v} errors={e} rows={2} maxLength={1000} />
            </Form>
          )}
          {((running && !clock.extension && !pendingExtension) || retry('extensionWorkdays')) && (
            <Form
              env={p.env}
              action={`${base}/extension`}
              title="申请延长答复期限（《条例》第三十三条第二款）"
              id="extension"
              button="提交延期审批"
              errors={e}
            >
              <Field
                name="extensionWorkdays"
                label={caseLabels.extensionWorkdays!}
                values={v}
                errors={e}
                inputMode="numeric"
                hint={`最多 ${MAX_EXTENSION_WORKDAYS} 个工作日，只能延期一次；须经政府信息公开工作机构负责人（审批人）同意，并告知申请人。`}
              />
              <TextArea name="extensionReason" label={caseLabels.extensionReason!} values={v} errors={e} rows={2} maxLength={500} />
            </Form>
          )}
          {((open && !clock.fee && running) || retry('feeMethod')) && (
            <Form
              env={p.env}
              action={`${base}/fee`}
              title="收取信息处理费（《条例》第四十二条）"
              id="fee"
              button="发出收费通知书"
              errors={e}
            >
              <fieldset class="field" id="f-feeMethod">
                <legend>{caseLabels.feeMethod}</legend>
                {e.feeMethod && <p class="error">{e.feeMethod}</p>}
                <p class="hint">同一申请只能选择一种方式。按件计收按本申请人本自然月在本机关的申请件数计算。</p>
                {(['perPiece', 'perVolume'] as const).map((m) => (
                  <label class="check">
                    <input type="radio" name="feeMethod" value={m} checked={v.feeMethod === m} /> {feeMethodLabels[m]}
                  </label>
                ))}
              </fieldset>
              <Field
                name="feePages"
                label={caseLabels.feePages!}
                values={v}
                errors={e}
                inputMode="numeric"
                hint="按量计收时填写提供的页数。"
              />
              <p class="muted">
                本申请人本月在本机关的第 {hints.month.ordinal} 件申请（本月共 {hints.month.total} 件）。
              </p>
            </Form>
          )}
          {open && clock.fee && !clock.fee.paidOn && (
            <ActionButton env={p.env} action={`${base}/fee-paid`} label={`登记已缴费（${clock.fee.amount} 元）`} />
          )}
          {open && (
            <Form
              env={p.env}
              action={`${base}/files`}
              title="添加附件（答复时可提供给申请人）"
              id="files"
              button="上传"
              multipart
              errors={e}
            >
              <div class={e.file ? 'field has-error' : 'field'}>
                <label for="f-file">{caseLabels.file}</label>
                <p class="hint" id="h-file">
                  可上传 {allowedExtensions.join('、')}。
                </p>
                {e.file && (
                  <p class="error" id="e-file">
                    {e.file}
                  </p>
                )}
                <input id="f-file" type="file" name="file" aria-describedby="h-file" />
              </div>
            </Form>
          )}
          {running && clock.stage !== 'awaitingFee' && <ReplyForm env={p.env} base={base} values={v} errors={e} files={files} />}
          {running && clock.stage !== 'awaitingFee' && p.transferTargets.length > 0 && (
            <Form
              env={p.env}
              action={`${base}/transfer`}
              title="不属于本机关公开：转交其他机关（《条例》第三十六条第（五）项）"
              id="transfer"
              button="答复并转交"
              errors={e}
            >
              <Select
                name="toAgencyId"
                label={caseLabels.toAgencyId!}
                values={v}
                errors={e}
                placeholder="请选择"
                options={p.transferTargets.map((a) => [String(a.id), a.name])}
                hint="本申请以“本机关不掌握相关政府信息”答复办结，申请人获新的查询码，接收机关当日收到申请。"
              />
              <TextArea name="transferReasons" label="理由" values={v} errors={e} rows={2} maxLength={2000} />
            </Form>
          )}
          {open && (
            <Form env={p.env} action={`${base}/withdraw`} title="登记申请人撤回申请" id="withdraw" button="登记撤回" errors={e}>
              <Field name="withdrawReason" label={caseLabels.withdrawReason!} values={v} errors={e} maxLength={500} />
            </Form>
          )}
        </section>
      )}
      {pendingExtension && (
        <section aria-labelledby="ext-title" class="flags">
          <h2 id="ext-title">待审批：延长答复期限 {pendingExtension.workdays} 个工作日</h2>
          <p>
            理由：{pendingExtension.reason}（{pendingExtension.actor} 提出）
          </p>
          {rights.approve && (
            <form method="post" action={`${base}/extension-decision`} novalidate>
              <Csrf env={p.env} />
              <fieldset class="field" id="f-extensionDecision">
                <legend>审批意见</legend>
                {e.extensionDecision && <p class="error">{e.extensionDecision}</p>}
                <label class="check">
                  <input type="radio" name="extensionDecision" value="approve" /> 同意延期
                </label>
                <label class="check">
                  <input type="radio" name="extensionDecision" value="refuse" /> 不同意
                </label>
              </fieldset>
              <TextArea name="extensionNote" label="意见" values={v} errors={e} rows={2} maxLength={500} />
              <button type="submit">提交审批意见</button>
            </form>
          )}
        </section>
      )}

      <section aria-labelledby="request-title">
        <h2 id="request-title">申请</h2>
        <dl class="meta">
          <dt>申请人</dt>
          <dd>
            {app.applicant_name}（{applicantTypeLongLabel(app.applicant_type as ApplicantType)}）
            {app.contact_person && `，联系人 ${app.contact_person}`}
          </dd>
          <dt>身份证明</dt>
          <dd>
            {idTypeLabels[app.id_type as IdType]} {app.id_number}
          </dd>
          <dt>联系方式</dt>
          <dd>{[app.phone, app.email, app.address].filter(Boolean).join('；')}</dd>
          <dt>申请内容</dt>
          <dd>{app.description}</dd>
          {corrected && (
            <>
              <dt>补正内容</dt>
              <dd>{corrected.data.text as string}</dd>
            </>
          )}
          {app.doc_ref && (
            <>
              <dt>文号或标题</dt>
              <dd>{app.doc_ref}</dd>
            </>
          )}
          <dt>形式和获取方式</dt>
          <dd>
            {wantedFormLabels[app.wanted_form as WantedForm]}，{deliveryMethodLabels[app.delivery as DeliveryMethod]}
          </dd>
          {app.transferred_from_id && (
            <>
              <dt>转来</dt>
              <dd>
                <a href={`/admin/applications/${app.transferred_from_id}`}>原申请</a>
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="hints-title">
        <h2 id="hints-title">重复申请和申请数量（《条例》第三十五条、第三十六条第（六）项）</h2>
        <p>
          该申请人近12个月在本机关的其他申请 {hints.earlierCount} 件；本自然月第 {hints.month.ordinal} 件（共 {hints.month.total} 件）。
        </p>
        {hints.similar.length > 0 ? (
          <table>
            <caption>内容相近的申请</caption>
            <thead>
              <tr>
                <th scope="col">查询码</th>
                <th scope="col">收到申请之日</th>
                <th scope="col">申请内容</th>
                <th scope="col">相似度</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {hints.similar.map((h) => (
                <tr>
                  <td>
                    <a href={`/admin/applications/${h.id}`}>{h.trackingCode}</a>
                  </td>
                  <td>{h.receivedOn ?? ''}</td>
                  <td>{h.description}</td>
                  <td>{Math.round(h.similarity * 100)}%</td>
                  <td>{h.outcome ? outcomeText(h.outcome) : '办理中'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">未发现内容相近的申请。</p>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">办理记录</h2>
        <Timeline events={events} letters={letters} letterHref={(id) => `/admin/letters/${id}`} publicView={false} />
      </section>
      <section aria-labelledby="letters-title">
        <h2 id="letters-title">文书</h2>
        {letters.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <ul>
            {letters.map((l) => (
              <li>
                <a href={`/admin/letters/${l.id}`}>{l.title}</a>（{l.doc_no}，{l.issued_on}，致{l.recipient}）{' '}
                <a href={`/admin/letters/${l.id}/docx`}>下载 DOCX</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="files-title">
        <h2 id="files-title">附件</h2>
        {files.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <ul>
            {files.map((f) => (
              <li>
                <a href={`/admin/application-files/${f.id}`}>{f.name}</a>（{Math.ceil(f.size / 1024)} KB）
                {f.released ? ' · 已提供给申请人' : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="appeals-title">
        <h2 id="appeals-title">行政复议和行政诉讼</h2>
        {appeals.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <p>
            {appeals.length} 件，见<a href={`/admin/agencies/${app.agency_id}/appeals`}>本机关复议诉讼登记</a>。
          </p>
        )}
      </section>
    </Layout>
  );
}

function ReplyForm(p: { env: PageEnv; base: string; values: Values; errors: Errors; files: CaseData['files'] }) {
  const v = p.values;
  const e = p.errors;
  const chosen = String(v.outcome ?? '');
  return (
    <section aria-labelledby="reply-title" class="case-action">
      <h3 id="reply-title">答复（《条例》第三十六条）</h3>
      <form method="post" action={`${p.base}/reply`} novalidate>
        <Csrf env={p.env} />
        <fieldset class="field" id="f-outcome">
          <legend>答复结果（只能选择一项）</legend>
          {e.outcome && <p class="error">{e.outcome}</p>}
          {outcomeGroups.map((g) => {
            const list = outcomesOf(g).filter((o) => replyOutcomes.includes(o));
            if (list.length === 0) return null;
            return (
              <fieldset class="outcome-group">
                <legend>
                  {outcomeGroupDefs[g].ordinal}
                  {outcomeGroupDefs[g].label.replace(/（.*$/, '')}
                </legend>
                {list.map((o) => (
                  <label class="check">
                    <input type="radio" name="outcome" value={o} checked={chosen === o} />{' '}
                    {outcomeDefs[o].number ? `${outcomeDefs[o].number}. ` : ''}
                    {outcomeDefs[o].label} <span class="muted">{outcomeDefs[o].basis ?? ''}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
        </fieldset>
        <TextArea
          name="reasons"
          label={caseLabels.reasons!}
          values={v}
          errors={e}
          rows={3}
          maxLength={4000}
          hint="不予公开、无法提供、不予处理的，须说明理由。"
        />
        <TextArea
          name="withheld"
          label={caseLabels.withheld!}
          values={v}
          errors={e}
          rows={3}
          maxLength={4000}
          hint="部分公开的，每行写一项：“不予公开的部分：理由”（《条例》第三十七条）。"
        />
        <TextArea
          name="access"
          label={caseLabels.access!}
          values={v}
          errors={e}
          rows={2}
          maxLength={1000}
          hint="获取信息的方式、途径和时间，如“随本答复提供电子文档”。"
        />
        <Field
          name="rightAgency"
          label={caseLabels.rightAgency!}
          values={v}
          errors={e}
          maxLength={300}
          hint="不属于本机关公开、能够确定负责机关的，写明其名称和联系方式。"
        />
        {p.files.length > 0 && (
          <fieldset class="field" id="f-release">
            <legend>{caseLabels.release}</legend>
            {e.release && <p class="error">{e.release}</p>}
            {p.files.map((f) => (
              <label class="check">
                <input type="checkbox" name="release" value={String(f.id)} checked={f.released === 1} /> {f.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">答复并发出答复书</button>
      </form>
    </section>
  );
}

/** A letter as issued, for staff and for the applicant. */
export function LetterPage(p: {
  env: PageEnv;
  letter: { title: string; doc_no: string; html: string; id: number };
  back: string;
  backLabel?: string;
  docx: string;
}) {
  return (
    <Layout env={p.env} title={`${p.letter.title}（${p.letter.doc_no}）`}>
      <p class="actions">
        <a class="button secondary" href={p.back}>
          {p.backLabel ?? '返回'}
        </a>
        <a class="button secondary" href={p.docx}>
          下载 DOCX
        </a>
      </p>
      {/* Built by render.ts from escaped text only. */}
      <div dangerouslySetInnerHTML={{ __html: p.letter.html }} />
    </Layout>
  );
}

export function TemplatesPage(p: {
  env: PageEnv;
  agency: Agency;
  settings: LetterSettings;
  values: Values;
  errors: Errors;
  customized: Set<LetterKind>;
}) {
  const labels: Record<string, string> = { letterPrefix: '文号前缀', reconsiderationBody: '行政复议机关', court: '人民法院' };
  for (const k of letterKinds) labels[`t_${k}`] = letterKindLabels[k];
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：依申请公开文书模板`}>
      <form method="post" action={`/admin/agencies/${p.agency.id}/letter-templates`} novalidate>
        <ErrorSummary errors={p.errors} labels={labels} />
        <Csrf env={p.env} />
        <Field
          name="letterPrefix"
          label={labels.letterPrefix!}
          values={p.values}
          errors={p.errors}
          maxLength={12}
          hint={`文号形如“${p.settings.prefix}〔2026〕12号”，每年从1号起连续编号，不重复使用。`}
        />
        <Field
          name="reconsiderationBody"
          label={labels.reconsiderationBody!}
          values={p.values}
          errors={p.errors}
          maxLength={100}
          hint="答复书的权利告知中写明，如“示例市人民政府”。"
        />
        <Field name="court" label={labels.court!} values={p.values} errors={p.errors} maxLength={100} hint="如“示例市人民法院”。" />
        <details>
          <summary>可用的占位符</summary>
          <dl class="meta">
            {Object.entries(placeholders).map(([k, d]) => (
              <>
                <dt>
                  <code>{`{{${k}}}`}</code>
                </dt>
                <dd>{d}</dd>
              </>
            ))}
          </dl>
        </details>
        {letterKinds.map((k) => (
          <TextArea
            name={`t_${k}`}
            label={`${letterKindLabels[k]}${p.customized.has(k) ? '（已修改）' : ''}`}
            values={p.values}
            errors={p.errors}
            rows={8}
            maxLength={5000}
            hint="纯文本，每行一段；最后两行为落款和日期。清空则恢复默认。"
          />
        ))}
        <button type="submit">保存</button>
      </form>
    </Layout>
  );
}

export function OutboxPage(p: {
  env: PageEnv;
  rows: {
    id: number;
    to_address: string;
    subject: string;
    kind: string;
    created_at: string;
    sent_at: string | null;
    error: string | null;
    attempts: number;
  }[];
  smtp: boolean;
}) {
  return (
    <Layout env={p.env} title="发件箱" wide>
      <p>
        {p.smtp
          ? '已配置 SMTP（GONGKAI_SMTP_URL）：邮件由定时任务发送。'
          : '未配置 SMTP（GONGKAI_SMTP_URL）：邮件不会实际发出，保存在此供管理员查看和转发。'}
      </p>
      {p.rows.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <table>
          <caption class="visually-hidden">最近的邮件</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">收件人</th>
              <th scope="col">主题</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>{formatInstant(r.created_at)}</td>
                <td>{r.to_address}</td>
                <td>{r.subject}</td>
                <td>
                  {r.sent_at
                    ? `已发送 ${formatInstant(r.sent_at)}`
                    : r.error && r.attempts
                      ? `发送失败（${r.attempts}次）：${r.error}`
                      : '待发送'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
