import type { Agency, Appeal, Consultation } from '../../db/schema.js';
import { type ConsultationChannel, consultationChannelLabels, consultationChannels } from '../../domain/applicationChannels.js';
import { type AppealGroup, type AppealResult, appealGroupLabels, appealGroups, appealResultLabels } from '../../domain/report/formats.js';
import { Csrf, ErrorSummary, type Errors, Field, Layout, type PageEnv, Select, TextArea, type Values } from '../../web/ui.js';

const consultationLabels = { channel: '咨询方式', occurredOn: '咨询日期', topic: '咨询事项', note: '答复情况' };

export function ConsultationsPage(p: {
  env: PageEnv;
  agency: Agency;
  rows: Consultation[];
  counts: Map<string, number>;
  year: number;
  values: Values;
  errors: Errors;
  canRecord: boolean;
}) {
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：咨询登记`}>
      <p>
        {p.year} 年：
        {consultationChannels.map((c) => `${consultationChannelLabels[c]} ${p.counts.get(c) ?? 0} 人次`).join('，')}。
      </p>
      {p.canRecord && (
        <form method="post" action={`/admin/agencies/${p.agency.id}/consultations`} novalidate class="narrow">
          <ErrorSummary errors={p.errors} labels={consultationLabels} />
          <Csrf env={p.env} />
          <Select
            name="channel"
            label={consultationLabels.channel}
            values={p.values}
            errors={p.errors}
            required
            placeholder="请选择"
            options={consultationChannels.map((c) => [c, consultationChannelLabels[c]])}
          />
          <Field name="occurredOn" label={consultationLabels.occurredOn} type="date" values={p.values} errors={p.errors} required />
          <Field name="topic" label={consultationLabels.topic} values={p.values} errors={p.errors} maxLength={200} />
          <TextArea name="note" label={consultationLabels.note} values={p.values} errors={p.errors} rows={2} maxLength={1000} />
          <button type="submit">登记咨询</button>
        </form>
      )}
      <h2>最近的咨询</h2>
      {p.rows.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <table>
          <caption class="visually-hidden">咨询</caption>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">方式</th>
              <th scope="col">事项</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>{r.occurred_on}</td>
                <td>{consultationChannelLabels[r.channel as ConsultationChannel]}</td>
                <td>{r.topic ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

const appealLabels = {
  kind: '类型',
  filedOn: '申请复议或起诉之日',
  trackingCode: '涉及申请的查询码',
  caseNo: '案号',
  body: '复议机关或法院',
  note: '备注',
  result: '结果',
  decidedOn: '审结日期',
};

export function AppealsPage(p: {
  env: PageEnv;
  agency: Agency;
  rows: (Appeal & { tracking_code: string | null })[];
  values: Values;
  errors: Errors;
  canRecord: boolean;
}) {
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：行政复议和行政诉讼`} wide>
      <ErrorSummary errors={p.errors} labels={appealLabels} />
      {p.canRecord && (
        <form method="post" action={`/admin/agencies/${p.agency.id}/appeals`} novalidate class="narrow">
          <Csrf env={p.env} />
          <Select
            name="kind"
            label={appealLabels.kind}
            values={p.values}
            errors={p.errors}
            required
            placeholder="请选择"
            options={appealGroups.map((g) => [g, appealGroupLabels[g]])}
          />
          <Field name="filedOn" label={appealLabels.filedOn} type="date" values={p.values} errors={p.errors} required />
          <Field
            name="trackingCode"
            label={appealLabels.trackingCode}
            values={p.values}
            errors={p.errors}
            maxLength={20}
            hint="因某件申请引起的，填写该申请的查询码。"
          />
          <Field name="caseNo" label={appealLabels.caseNo} values={p.values} errors={p.errors} maxLength={100} />
          <Field name="body" label={appealLabels.body} values={p.values} errors={p.errors} maxLength={100} />
          <TextArea name="note" label={appealLabels.note} values={p.values} errors={p.errors} rows={2} maxLength={1000} />
          <button type="submit">登记</button>
        </form>
      )}
      <h2>登记的复议和诉讼</h2>
      {p.rows.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <table>
          <caption class="visually-hidden">行政复议和行政诉讼</caption>
          <thead>
            <tr>
              <th scope="col">类型</th>
              <th scope="col">申请复议或起诉之日</th>
              <th scope="col">涉及申请</th>
              <th scope="col">案号</th>
              <th scope="col">结果</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>{appealGroupLabels[r.kind as AppealGroup]}</td>
                <td>{r.filed_on}</td>
                <td>{r.application_id ? <a href={`/admin/applications/${r.application_id}`}>{r.tracking_code}</a> : ''}</td>
                <td>{r.case_no ?? ''}</td>
                <td>
                  {r.result ? (
                    `${appealResultLabels[r.result as AppealResult]}（${r.decided_on}）`
                  ) : p.canRecord ? (
                    <form method="post" action={`/admin/appeals/${r.id}/decide`} class="inline" novalidate>
                      <Csrf env={p.env} />
                      <label class="visually-hidden" for={`result-${r.id}`}>
                        结果
                      </label>
                      <select id={`result-${r.id}`} name="result">
                        <option value="">尚未审结</option>
                        {(['upheld', 'corrected', 'other'] as const).map((x) => (
                          <option value={x}>{appealResultLabels[x]}</option>
                        ))}
                      </select>
                      <label class="visually-hidden" for={`decided-${r.id}`}>
                        审结日期
                      </label>
                      <input id={`decided-${r.id}`} type="date" name="decidedOn" />
                      <button type="submit" class="secondary">
                        登记结果
                      </button>
                    </form>
                  ) : (
                    appealResultLabels.pending
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
