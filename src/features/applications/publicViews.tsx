import type { Agency } from '../../db/schema.js';
import { type DeliveryMethod, deliveryMethodLabels, type WantedForm, wantedFormLabels } from '../../domain/application.js';
import { Csrf, ErrorSummary, type Errors, Field, Layout, type PageEnv, Select, TextArea, type Values } from '../../web/ui.js';
import type { TreeRow } from '../agencies/store.js';
import { ApplicantFields, applicantLabels } from './fields.js';
import { DueExplained, LeftText, outcomeText, StageBadge, Timeline } from './parts.js';
import type { publicCase } from './queries.js';

export function ApplyPage(p: { env: PageEnv; agencies: TreeRow[]; values: Values; errors: Errors }) {
  return (
    <Layout env={p.env} title="政府信息公开申请">
      <p class="lead">
        依据《中华人民共和国政府信息公开条例》第二十七条、第二十九条，公民、法人或者其他组织可以向行政机关申请获取政府信息。带“必填”的为必填项。
      </p>
      <form method="post" action="/apply" novalidate class="apply">
        <ErrorSummary errors={p.errors} labels={applicantLabels} />
        <Csrf env={p.env} />
        <input type="hidden" name="formToken" value={String(p.values.formToken ?? '')} />
        <Select
          name="agencyId"
          label={applicantLabels.agencyId!}
          values={p.values}
          errors={p.errors}
          required
          placeholder="请选择"
          options={p.agencies.map((a) => [String(a.id), `${'　'.repeat(a.depth)}${a.name}`])}
          hint="向制作或者保存该政府信息的机关申请。"
        />
        <ApplicantFields values={p.values} errors={p.errors} />
        <p>
          提交后，本机关确认收到申请之日为收到申请之日（《条例》第三十一条），并自该日起20个工作日内答复；您将获得一个查询码，凭查询码和您填写的电话或电子邮箱查询办理进度和全部文书。
        </p>
        <button type="submit">提交申请</button>
      </form>
      <p>
        已经提交过申请？<a href="/apply/track">查询办理进度</a>
      </p>
    </Layout>
  );
}

export function SubmittedPage(p: { env: PageEnv; trackingCode: string; agency: Agency; duplicate: boolean }) {
  return (
    <Layout env={p.env} title="申请已提交">
      {p.duplicate && <p class="notice">这份申请表已经提交过，未重复提交。以下是该申请的查询码。</p>}
      <p>您向{p.agency.name}提交的政府信息公开申请已经收到。</p>
      <p class="secret">
        查询码：<code>{p.trackingCode}</code>
      </p>
      <p>请记下查询码。凭查询码和申请时填写的联系电话或电子邮箱，可在“申请查询”页面查看办理进度、每一步记录和本机关发出的全部文书。</p>
      <h2>收到申请之日如何确定</h2>
      <p>
        网上提交的申请，以本机关与您双方确认之日为收到申请之日（《条例》第三十一条第（三）项）。本机关确认后将发出受理回执，写明收到申请之日和答复期限（收到申请之日起20个工作日，当日不计）；确认情况会显示在查询页面，填写了电子邮箱的同时发送邮件。
      </p>
      <p class="actions">
        <a class="button" href="/apply/case">
          查看本申请
        </a>
        <a class="button secondary" href="/apply">
          再提交一份申请
        </a>
      </p>
    </Layout>
  );
}

export function TrackPage(p: { env: PageEnv; values: Values; errors: Errors }) {
  return (
    <Layout env={p.env} title="申请查询">
      <form method="post" action="/apply/track" novalidate class="narrow">
        <ErrorSummary errors={p.errors} labels={{ trackingCode: '查询码', contact: '联系电话或电子邮箱' }} />
        <Csrf env={p.env} />
        <Field
          name="trackingCode"
          label="查询码"
          values={p.values}
          errors={p.errors}
          required
          maxLength={20}
          autocomplete="off"
          hint="如 7KQM-3XPA-9FJD，不区分大小写。"
        />
        <Field
          name="contact"
          label="联系电话或电子邮箱"
          values={p.values}
          errors={p.errors}
          required
          maxLength={200}
          hint="申请时填写的联系电话或电子邮箱。"
        />
        <button type="submit">查询</button>
      </form>
    </Layout>
  );
}

type PublicCase = Awaited<ReturnType<typeof publicCase>>;

export function CaseTrackPage(p: { env: PageEnv; data: PublicCase; values: Values; errors: Errors }) {
  const { app, agency, clock, events, letters, files } = p.data;
  const transferred = events.find((e) => e.type === 'replied' && e.data.transferredTo)?.data.transferredTo as
    | { agencyName: string; trackingCode: string }
    | undefined;
  return (
    <Layout env={p.env} title={`申请查询：${app.tracking_code}`}>
      <ErrorSummary errors={p.errors} labels={{ correctionText: '补正内容', withdrawReason: '撤回理由' }} />
      <p>
        <StageBadge stage={clock.stage} /> · 受理机关：{agency.name}
      </p>
      {transferred && (
        <p class="notice">
          本机关已将您的申请转交{transferred.agencyName}办理，新的查询码为 <code>{transferred.trackingCode}</code>，可凭原联系方式查询。
        </p>
      )}
      <dl class="meta">
        <dt>申请人</dt>
        <dd>{app.applicant_name}</dd>
        <dt>申请内容</dt>
        <dd>{app.description}</dd>
        <dt>形式和获取方式</dt>
        <dd>
          {wantedFormLabels[app.wanted_form as WantedForm]}，{deliveryMethodLabels[app.delivery as DeliveryMethod]}
        </dd>
        <dt>收到申请之日</dt>
        <dd>{clock.receivedOn ?? '等待本机关确认（以双方确认之日为收到申请之日）'}</dd>
        {clock.correction && !clock.correction.correctedOn && (
          <>
            <dt>补正期限</dt>
            <dd>{clock.correction.dueBy.due}</dd>
          </>
        )}
        {clock.fee && (
          <>
            <dt>信息处理费</dt>
            <dd>
              {clock.fee.amount} 元，{clock.fee.paidOn ? `已于 ${clock.fee.paidOn} 缴纳` : `请于 ${clock.fee.payBy.due} 前缴纳`}
            </dd>
          </>
        )}
        <dt>答复期限</dt>
        <dd>
          {clock.reply?.due ?? '—'} <LeftText clock={clock} />
          {clock.reply && !clock.closed && <DueExplained reply={clock.reply} publicView />}
        </dd>
        {clock.closed && (
          <>
            <dt>办理结果</dt>
            <dd>
              {clock.closed.on}：{outcomeText(clock.closed.outcome)}
            </dd>
          </>
        )}
      </dl>

      {clock.stage === 'awaitingCorrection' && (
        <section aria-labelledby="correct-title">
          <h2 id="correct-title">提交补正</h2>
          <p>请按补正告知书的要求补正，最迟于 {clock.correction!.dueBy.due}。答复期限自本机关收到补正之日起重新计算。</p>
          <form method="post" action="/apply/case/correction" novalidate>
            <Csrf env={p.env} />
            <TextArea name="correctionText" label="补正内容" values={p.values} errors={p.errors} required rows={5} maxLength={2000} />
            <button type="submit">提交补正</button>
          </form>
        </section>
      )}

      <section aria-labelledby="letters-title">
        <h2 id="letters-title">文书</h2>
        {letters.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <ul>
            {letters.map((l) => (
              <li>
                <a href={`/apply/case/letters/${l.id}`}>{l.title}</a>（{l.doc_no}，{l.issued_on}）{' '}
                <a href={`/apply/case/letters/${l.id}/docx`}>下载 DOCX</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {files.length > 0 && (
        <section aria-labelledby="files-title">
          <h2 id="files-title">提供的政府信息</h2>
          <ul>
            {files.map((f) => (
              <li>
                <a href={`/apply/case/files/${f.id}`}>{f.name}</a>（{Math.ceil(f.size / 1024)} KB）
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">办理记录</h2>
        <Timeline events={events} letters={letters} letterHref={(id) => `/apply/case/letters/${id}`} publicView />
      </section>

      {!clock.closed && (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">撤回申请</h2>
          <form method="post" action="/apply/case/withdraw" novalidate>
            <Csrf env={p.env} />
            <Field name="withdrawReason" label="撤回理由（可不填）" values={p.values} errors={p.errors} maxLength={500} />
            <button type="submit" class="danger">
              撤回申请
            </button>
          </form>
        </section>
      )}
      <form method="post" action="/apply/case/leave" class="actions">
        <Csrf env={p.env} />
        <button type="submit" class="secondary">
          退出查询
        </button>
      </form>
    </Layout>
  );
}
