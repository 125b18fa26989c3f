import type { Agency } from '../../db/schema.js';
import {
  type Channel,
  channelLabels,
  channels,
  type DisclosureMode,
  type DisclosurePeriod,
  type DocType,
  disclosureModeLabels,
  disclosureModes,
  disclosurePeriodLabels,
  disclosurePeriods,
  docTypeLabels,
  docTypes,
  type Validity,
  validities,
  validityLabels,
} from '../../domain/catalog.js';
import {
  ActionButton,
  CheckboxGroup,
  Csrf,
  ErrorSummary,
  type Errors,
  Field,
  formatInstant,
  Layout,
  type PageEnv,
  RichTextAssets,
  Select,
  TextArea,
  type Values,
} from '../../web/ui.js';
import { allowedExtensions, MAX_ATTACHMENT_BYTES } from './attachments.js';
import { storedBody } from './html.js';
import type { CategoryNode, getItem, listAgencyItems, Settings } from './service.js';

export const statusLabels: Record<string, string> = {
  draft: '草稿',
  in_review: '审查中',
  returned: '已退回',
  published: '已发布',
  withdrawn: '已撤回',
};

const pick = (errors: Errors, keys: string[]): Errors => Object.fromEntries(Object.entries(errors).filter(([k]) => keys.includes(k)));

const categoryOptions = (tree: CategoryNode[]): [string, string][] => tree.map((c) => [String(c.id), `${'　'.repeat(c.depth)}${c.name}`]);

export function ItemListPage(p: {
  env: PageEnv;
  agency: Agency;
  items: Awaited<ReturnType<typeof listAgencyItems>>;
  canDraft: boolean;
  status: string;
  late: { year: number; total: number; late: number; overdue: number };
}) {
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：政府信息`}>
      <p>
        {p.late.year} 年已发布 {p.late.total} 条，其中超过条例第二十六条规定的20个工作日发布的{' '}
        <strong class={p.late.late ? 'late' : undefined}>{p.late.late}</strong> 条；尚未发布但已超过发布期限的{' '}
        <strong class={p.late.overdue ? 'late' : undefined}>{p.late.overdue}</strong> 条。
      </p>
      <div class="actions">
        {p.canDraft && (
          <a class="button" href={`/admin/agencies/${p.agency.id}/items/new`}>
            起草政府信息
          </a>
        )}
        <a class="button secondary" href={`/gk/${p.agency.id}`}>
          查看公开页面
        </a>
      </div>
      <nav aria-label="按状态筛选">
        <ul class="years">
          {[['', '全部'], ...Object.entries(statusLabels)].map(([k, label]) => (
            <li>
              <a href={`/admin/agencies/${p.agency.id}/items${k ? `?status=${k}` : ''}`} aria-current={p.status === k ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.items.length === 0 ? (
        <p>暂无。</p>
      ) : (
        <table>
          <caption class="visually-hidden">政府信息列表</caption>
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">索引号</th>
              <th scope="col">状态</th>
              <th scope="col">成文日期</th>
              <th scope="col">发布日期</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i) => (
              <tr>
                <td>
                  <a href={`/admin/items/${i.id}`}>{i.title}</a>
                </td>
                <td>
                  <code>{i.index_no ?? ''}</code>
                </td>
                <td>{statusLabels[i.status] ?? i.status}</td>
                <td>{i.written_on}</td>
                <td>{i.published_on ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

const itemLabels = {
  title: '标题',
  docNo: '文号',
  issuer: '发布机构',
  writtenOn: '成文日期',
  categoryId: '所属栏目',
  topic: '主题分类',
  disclosureMode: '公开形式',
  period: '公开时限',
  periodUntil: '限时公开截止日期',
  docType: '文件类型',
  validity: '有效性',
  validityOn: '废止（失效）日期',
  summary: '内容概述',
  body: '正文',
  channels: '公开渠道',
};

export function ItemFormPage(p: { env: PageEnv; agency: Agency; values: Values; errors: Errors; tree: CategoryNode[]; itemId?: number }) {
  const editing = p.itemId !== undefined;
  return (
    <Layout env={p.env} title={editing ? '修改政府信息' : `起草政府信息：${p.agency.short_name}`} head={<RichTextAssets />}>
      <form method="post" action={editing ? `/admin/items/${p.itemId}` : `/admin/agencies/${p.agency.id}/items`} novalidate>
        <ErrorSummary errors={p.errors} labels={itemLabels} />
        <Csrf env={p.env} />
        {editing && <input type="hidden" name="version" value={String(p.values.version ?? '')} />}
        {!editing && <input type="hidden" name="formToken" value={String(p.values.formToken ?? '')} />}
        <Field name="title" label={itemLabels.title} values={p.values} errors={p.errors} required maxLength={300} />
        <Field
          name="docNo"
          label={itemLabels.docNo}
          values={p.values}
          errors={p.errors}
          maxLength={100}
          hint="如：示政发〔2024〕3号。没有文号的留空，页面显示“无文号”。"
        />
        <Field name="issuer" label={itemLabels.issuer} values={p.values} errors={p.errors} required maxLength={100} />
        <Field
          name="writtenOn"
          label={itemLabels.writtenOn}
          type="date"
          values={p.values}
          errors={p.errors}
          required
          hint="信息形成或者变更之日；应在其后20个工作日内公开（条例第二十六条）。"
        />
        <Select
          name="categoryId"
          label={itemLabels.categoryId}
          values={p.values}
          errors={p.errors}
          required
          options={categoryOptions(p.tree)}
          placeholder="请选择"
        />
        <Field name="topic" label={itemLabels.topic} values={p.values} errors={p.errors} maxLength={100} hint="如：综合政务\政务公开" />
        <Select
          name="disclosureMode"
          label={itemLabels.disclosureMode}
          values={p.values}
          errors={p.errors}
          required
          options={disclosureModes.map((m) => [m, disclosureModeLabels[m]])}
        />
        <Select
          name="period"
          label={itemLabels.period}
          values={p.values}
          errors={p.errors}
          required
          options={disclosurePeriods.map((m) => [m, disclosurePeriodLabels[m]])}
        />
        <Field
          name="periodUntil"
          label={itemLabels.periodUntil}
          type="date"
          values={p.values}
          errors={p.errors}
          hint="限时公开的信息在此日期之后不再在公开页面显示。"
        />
        <Select
          name="docType"
          label={itemLabels.docType}
          values={p.values}
          errors={p.errors}
          required
          options={docTypes.map((m) => [m, docTypeLabels[m]])}
        />
        <Select
          name="validity"
          label={itemLabels.validity}
          values={p.values}
          errors={p.errors}
          options={validities.map((m) => [m, validityLabels[m]])}
          placeholder="（不适用）"
          hint="仅规章和行政规范性文件填写。"
        />
        <Field name="validityOn" label={itemLabels.validityOn} type="date" values={p.values} errors={p.errors} />
        <TextArea name="summary" label={itemLabels.summary} values={p.values} errors={p.errors} maxLength={500} rows={3} />
        <TextArea
          name="body"
          label={itemLabels.body}
          values={p.values}
          errors={p.errors}
          rows={14}
          richText
          hint="可直接输入，或从 Word、网页粘贴带格式的正文（段落、标题、列表、表格、链接）；图片、字体、颜色和对齐方式不保留（图片请作为附件上传），保存后会列出去除的内容。浏览器未运行脚本时，每行为一段，也可输入 HTML；脚本、事件属性和嵌入对象不被接受。"
        />
        <CheckboxGroup
          name="channels"
          legend={itemLabels.channels}
          values={p.values}
          errors={p.errors}
          options={channels.map((c) => [c, channelLabels[c]])}
        />
        <button type="submit">{editing ? '保存' : '保存草稿'}</button>
      </form>
    </Layout>
  );
}

type ItemData = Awaited<ReturnType<typeof getItem>>;

export function ItemPage(p: {
  env: PageEnv;
  data: ItemData;
  agency: Agency;
  canDraft: boolean;
  canReview: boolean;
  canApprove: boolean;
  values: Values;
  errors: Errors;
}) {
  const { item, review, attachments, links, due, flags, category } = p.data;
  const editable = ['draft', 'returned'].includes(item.status);
  const chs = (JSON.parse(item.channels) as Channel[]).map((c) => channelLabels[c] ?? c).join('、');
  const ack = p.values.acknowledged;
  const acknowledged = Array.isArray(ack) ? ack.map(String) : typeof ack === 'string' ? [ack] : [];
  // A message about the item as a whole: shown here, because the form it came from may be gone
  // (the item was published or returned meanwhile).
  const { _form: formError, ...fieldErrors } = p.errors;
  return (
    <Layout env={p.env} title={item.title}>
      {formError && (
        <p class="error" role="alert">
          {formError}
        </p>
      )}
      <p>
        <span class="status">{statusLabels[item.status] ?? item.status}</span> · {p.agency.name}
        {item.status === 'published' && (
          <>
            {' · '}
            <a href={`/gk/items/${item.id}`}>公开页面</a>
          </>
        )}
      </p>
      <dl class="meta">
        <dt>索引号</dt>
        <dd>
          <code>{item.index_no ?? '（发布时生成）'}</code>
        </dd>
        <dt>文号</dt>
        <dd>{item.doc_no ?? '无文号'}</dd>
        <dt>发布机构</dt>
        <dd>{item.issuer}</dd>
        <dt>所属栏目</dt>
        <dd>{category?.name ?? ''}</dd>
        <dt>成文日期</dt>
        <dd>{item.written_on}</dd>
        <dt>发布期限</dt>
        <dd>
          {due.due}（成文后第20个工作日，条例第二十六条）{due.provisional && '（暂定）'}
          {due.late && <strong class="late">{item.published_on ? ' 逾期发布' : ' 已逾期'}</strong>}
        </dd>
        <dt>发布日期</dt>
        <dd>{item.published_on ?? '未发布'}</dd>
        <dt>公开形式</dt>
        <dd>{disclosureModeLabels[item.disclosure_mode as DisclosureMode]}</dd>
        <dt>公开时限</dt>
        <dd>
          {disclosurePeriodLabels[item.period as DisclosurePeriod]}
          {item.period === 'limited' && `（至 ${item.period_until}）`}
        </dd>
        <dt>文件类型</dt>
        <dd>
          {docTypeLabels[item.doc_type as DocType]}
          {item.validity && `，${validityLabels[item.validity as Validity]}${item.validity_on ? `（${item.validity_on}）` : ''}`}
        </dd>
        <dt>公开渠道</dt>
        <dd>{chs || '未填写'}</dd>
      </dl>
      {item.summary && <p>{item.summary}</p>}

      <section aria-labelledby="scan-title">
        <h2 id="scan-title">自动检查</h2>
        {flags.length === 0 ? (
          <p>未发现身份证号、手机号、银行卡号、密级标志或内部资料字样。</p>
        ) : (
          <div class="flags">
            <p>发现 {flags.length} 处可能不宜公开的内容，审查人须逐条核对：</p>
            <ol>
              {flags.map((f) => (
                <li>
                  {f.source}：{f.message}
                  {f.line !== null && `（第${f.line}行）`}
                  {f.context && (
                    <>
                      ：…{f.context.before}
                      <mark>{f.context.match}</mark>
                      {f.context.after}…
                    </>
                  )}
                </li>
              ))}
            </ol>
          </div>
        )}
      </section>

      {item.status === 'in_review' && review.current !== null && p.canReview && (
        <section aria-labelledby="review-title">
          <h2 id="review-title">保密审查：{review.chain[review.current]?.name}</h2>
          <form method="post" action={`/admin/items/${item.id}/review`} novalidate>
            <ErrorSummary errors={fieldErrors} labels={{ decision: '审查意见', comment: '意见', acknowledged: '自动检查提示' }} />
            <Csrf env={p.env} />
            <input type="hidden" name="round" value={String(item.review_round)} />
            <input type="hidden" name="step" value={String(review.current)} />
            {flags.length > 0 && (
              <fieldset class="field" id="f-acknowledged">
                <legend>逐条确认自动检查提示</legend>
                {p.errors.acknowledged && <p class="error">{p.errors.acknowledged}</p>}
                {flags.map((f, i) => (
                  <label class="check">
                    <input type="checkbox" name="acknowledged" value={f.id} checked={acknowledged.includes(f.id)} /> 第 {i + 1} 处：
                    {f.context?.match ?? f.source}（已核对）
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset class="field" id="f-decision">
              <legend>审查意见</legend>
              {p.errors.decision && <p class="error">{p.errors.decision}</p>}
              <label class="check">
                <input type="radio" name="decision" value="approved" checked={p.values.decision === 'approved'} /> 同意
              </label>
              <label class="check">
                <input type="radio" name="decision" value="returned" checked={p.values.decision === 'returned'} /> 退回起草人修改
              </label>
            </fieldset>
            <TextArea name="comment" label="意见" values={p.values} errors={p.errors} rows={3} maxLength={1000} />
            <button type="submit">提交审查意见</button>
          </form>
        </section>
      )}

      {item.status === 'published' && (p.canDraft || p.canApprove) && (
        <section aria-labelledby="after-title">
          <h2 id="after-title">发布后变更</h2>
          {p.canDraft && (item.doc_type === 'rule' || item.doc_type === 'normativeDoc') && (
            <form method="post" action={`/admin/items/${item.id}/validity`} novalidate>
              <h3>登记有效性变更（废止、失效）</h3>
              <ErrorSummary
                errors={pick(fieldErrors, ['validity', 'validityOn', 'reason'])}
                labels={{ validity: '有效性', validityOn: '废止（失效）日期', reason: '变更依据' }}
              />
              <Csrf env={p.env} />
              <Select
                name="validity"
                label="有效性"
                required
                options={validities.map((m) => [m, validityLabels[m]])}
                values={{ validity: item.validity, ...p.values }}
                errors={p.errors}
              />
              <Field
                name="validityOn"
                label="废止（失效）日期"
                hint="如 2025-01-01；恢复为有效时不填"
                values={{ validityOn: item.validity_on, ...p.values }}
                errors={p.errors}
                maxLength={10}
              />
              <TextArea
                name="reason"
                label="变更依据"
                required
                hint="如废止决定的文号"
                values={p.values}
                errors={p.errors}
                rows={2}
                maxLength={500}
              />
              <button type="submit">登记变更</button>
            </form>
          )}
          {p.canApprove && (
            <form method="post" action={`/admin/items/${item.id}/withdraw`} novalidate>
              <h3>撤回</h3>
              <p class="hint">撤回后该信息立即从门户网站、检索、订阅和开放接口中移除；索引号保留，不再使用。</p>
              <ErrorSummary errors={pick(fieldErrors, ['withdrawReason'])} labels={{ withdrawReason: '撤回原因' }} />
              <Csrf env={p.env} />
              <TextArea name="withdrawReason" label="撤回原因" required values={p.values} errors={p.errors} rows={2} maxLength={500} />
              <button type="submit">撤回该信息</button>
            </form>
          )}
        </section>
      )}

      {item.status === 'draft' && item.review_round === 0 && p.canDraft && (
        <section aria-labelledby="delete-title">
          <h2 id="delete-title">删除草稿</h2>
          <form method="post" action={`/admin/items/${item.id}/delete`} novalidate>
            <p class="hint">误建或重复的草稿可以删除，附件和政策解读关联一并删除。提交过审查的信息保留审查记录，不能删除。</p>
            <ErrorSummary errors={pick(fieldErrors, ['confirmDelete'])} labels={{ confirmDelete: '确认删除' }} />
            <Csrf env={p.env} />
            <div class="field" id="f-confirmDelete">
              {p.errors.confirmDelete && <p class="error">{p.errors.confirmDelete}</p>}
              <label class="check">
                <input type="checkbox" name="confirmDelete" value="yes" /> 确认删除此草稿（不能恢复）
              </label>
            </div>
            <button type="submit">删除草稿</button>
          </form>
        </section>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">审查记录</h2>
        <p>审查流程：{review.chain.map((s) => s.name).join(' → ')}</p>
        {review.history.length === 0 ? (
          <p>暂无。</p>
        ) : (
          <table aria-labelledby="history-title">
            <thead>
              <tr>
                <th scope="col">轮次</th>
                <th scope="col">步骤</th>
                <th scope="col">审查人</th>
                <th scope="col">意见</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {review.history.map((h) => (
                <tr>
                  <td>{h.round}</td>
                  <td>{h.step_name}</td>
                  <td>{h.reviewer}</td>
                  <td>
                    {h.decision === 'approved' ? '同意' : '退回'}
                    {h.comment && `：${h.comment}`}
                  </td>
                  <td>{formatInstant(h.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="att-title">
        <h2 id="att-title">附件</h2>
        {attachments.length === 0 ? (
          <p>无</p>
        ) : (
          <ul>
            {attachments.map((a) => (
              <li>
                <a href={`/admin/items/${item.id}/attachments/${a.id}`}>{a.name}</a>（{Math.ceil(a.size / 1024)} KB）
                {editable && p.canDraft && (
                  <>
                    {' '}
                    <ActionButton
                      env={p.env}
                      action={`/admin/items/${item.id}/attachments/${a.id}/delete`}
                      label="删除"
                      name={`删除附件“${a.name}”`}
                      danger
                    />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {editable && p.canDraft && (
          <form method="post" action={`/admin/items/${item.id}/attachments`} enctype="multipart/form-data" novalidate>
            <Csrf env={p.env} />
            <div class={p.errors.file ? 'field has-error' : 'field'}>
              <label for="f-file">上传附件</label>
              <p class="hint" id="h-file">
                可上传 {allowedExtensions.join('、')}，不超过 {MAX_ATTACHMENT_BYTES / 1024 / 1024} MB。
              </p>
              {p.errors.file && (
                <p class="error" id="e-file">
                  {p.errors.file}
                </p>
              )}
              <input id="f-file" type="file" name="file" aria-describedby="h-file" />
            </div>
            <button type="submit" class="secondary">
              上传
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="links-title">
        <h2 id="links-title">政策解读</h2>
        {links.interpretations.length + links.interprets.length === 0 && <p>无</p>}
        <ul>
          {[
            ...links.interpretations.map((l) => ({ ...l, role: '解读' })),
            ...links.interprets.map((l) => ({ ...l, role: '解读的文件' })),
          ].map((l) => (
            <li>
              {l.role}：<a href={`/admin/items/${l.id}`}>{l.title}</a>
              {p.canDraft && (
                <>
                  {' '}
                  <ActionButton
                    env={p.env}
                    action={`/admin/items/${item.id}/links/${l.id}/delete`}
                    label="取消关联"
                    name={`取消与“${l.title}”的关联`}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
        {p.canDraft && (
          <form method="post" action={`/admin/items/${item.id}/links`} class="narrow" novalidate>
            <Csrf env={p.env} />
            <Field name="interpretation" label="添加解读文件（信息编号或索引号）" values={p.values} errors={p.errors} maxLength={60} />
            <button type="submit" class="secondary">
              添加
            </button>
          </form>
        )}
      </section>

      {editable && p.canDraft && (
        <div class="actions">
          <a class="button secondary" href={`/admin/items/${item.id}/edit`}>
            修改
          </a>
          <ActionButton env={p.env} action={`/admin/items/${item.id}/submit`} label="提交保密审查" />
        </div>
      )}
      {item.body_html && (
        <section class="item-body" aria-labelledby="body-title">
          <h2 id="body-title">正文</h2>
          {/* As the portal will show it (catalog/html.ts storedBody). */}
          <div dangerouslySetInnerHTML={{ __html: storedBody(item.body_html) }} />
        </section>
      )}
    </Layout>
  );
}

const settingsLabels = {
  officeName: '政府信息公开工作机构',
  address: '办公地址',
  officeHours: '办公时间',
  phone: '联系电话',
  fax: '传真',
  internetContact: '互联网联系方式',
  howToApply: '申请方式',
  catalogArrangement: '目录编排说明',
  indexScheme: '索引号规则',
  reviewChain: '保密审查流程',
};

export function SettingsPage(p: { env: PageEnv; agency: Agency; values: Values; errors: Errors }) {
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：公开设置`}>
      <form method="post" action={`/admin/agencies/${p.agency.id}/settings`} novalidate>
        <ErrorSummary errors={p.errors} labels={settingsLabels} />
        <Csrf env={p.env} />
        <h2>政府信息公开指南（条例第十二条）</h2>
        <Field name="officeName" label={settingsLabels.officeName} values={p.values} errors={p.errors} maxLength={100} />
        <Field name="address" label={settingsLabels.address} values={p.values} errors={p.errors} maxLength={200} />
        <Field name="officeHours" label={settingsLabels.officeHours} values={p.values} errors={p.errors} maxLength={200} />
        <Field name="phone" label={settingsLabels.phone} values={p.values} errors={p.errors} maxLength={100} />
        <Field name="fax" label={settingsLabels.fax} values={p.values} errors={p.errors} maxLength={100} />
        <Field name="internetContact" label={settingsLabels.internetContact} values={p.values} errors={p.errors} maxLength={200} />
        <TextArea name="howToApply" label={settingsLabels.howToApply} values={p.values} errors={p.errors} rows={4} maxLength={2000} />
        <TextArea
          name="catalogArrangement"
          label={settingsLabels.catalogArrangement}
          values={p.values}
          errors={p.errors}
          rows={3}
          maxLength={2000}
        />
        <h2>索引号与审查</h2>
        <Field
          name="indexScheme"
          label={settingsLabels.indexScheme}
          values={p.values}
          errors={p.errors}
          maxLength={100}
          hint="默认 {code}/{year}-{serial:5}：机关代码/年份-五位序号。可用 {code} {orgcode} {year} {month} {serial:N}。"
        />
        <TextArea
          name="reviewChain"
          label={settingsLabels.reviewChain}
          values={p.values}
          errors={p.errors}
          rows={4}
          hint="每行一个步骤，如“科室负责人审核（审核人）”“分管领导审批（审批人）”。"
        />
        <button type="submit">保存</button>
      </form>
      <p>
        <a href={`/admin/agencies/${p.agency.id}/categories`}>管理目录栏目</a>
      </p>
    </Layout>
  );
}

export const settingsValues = (s: Settings, formatChain: (c: Settings['reviewChain']) => string): Values => ({
  officeName: s.officeName,
  address: s.address,
  officeHours: s.officeHours,
  phone: s.phone,
  fax: s.fax,
  internetContact: s.internetContact,
  howToApply: s.howToApply,
  catalogArrangement: s.catalogArrangement,
  indexScheme: s.indexScheme,
  reviewChain: formatChain(s.reviewChain),
});

export function CategoriesPage(p: { env: PageEnv; agency: Agency; tree: CategoryNode[]; values: Values; errors: Errors }) {
  return (
    <Layout env={p.env} title={`${p.agency.short_name}：目录栏目`}>
      <p>默认栏目依据条例第二十条、第二十一条生成，可增删改名。</p>
      <table>
        <caption class="visually-hidden">目录栏目</caption>
        <thead>
          <tr>
            <th scope="col">栏目</th>
            <th scope="col">已公开</th>
            <th scope="col">改名</th>
            <th scope="col">
              <span class="visually-hidden">删除</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.tree.map((c) => (
            <tr>
              <td class={`tree-cell depth-${Math.min(c.depth, 8)}`}>
                {c.name}
                {c.basis && <span class="muted">（{c.basis.split(' ')[0]}）</span>}
              </td>
              <td>{c.count}</td>
              <td>
                <form method="post" action={`/admin/categories/${c.id}`} class="inline">
                  <Csrf env={p.env} />
                  <label class="visually-hidden" for={`rename-${c.id}`}>
                    {c.name} 的新名称
                  </label>
                  <input id={`rename-${c.id}`} name="name" value={c.name} maxLength={50} />
                  <button type="submit" class="secondary">
                    改名
                  </button>
                </form>
              </td>
              <td>
                <ActionButton env={p.env} action={`/admin/categories/${c.id}/delete`} label="删除" danger />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>新增栏目</h2>
      <form method="post" action={`/admin/agencies/${p.agency.id}/categories`} class="narrow" novalidate>
        <ErrorSummary errors={p.errors} labels={{ name: '栏目名称', parentId: '上级栏目' }} />
        <Csrf env={p.env} />
        <Field name="name" label="栏目名称" values={p.values} errors={p.errors} required maxLength={50} />
        <Select
          name="parentId"
          label="上级栏目"
          values={p.values}
          errors={p.errors}
          options={categoryOptions(p.tree)}
          placeholder="（顶级栏目）"
        />
        <button type="submit">新增</button>
      </form>
    </Layout>
  );
}

export function ReviewQueuePage(p: {
  env: PageEnv;
  items: { id: number; title: string; agency: string; step: string; updated_at: string }[];
}) {
  return (
    <Layout env={p.env} title="待我审查">
      {p.items.length === 0 ? (
        <p>暂无待审查的政府信息。</p>
      ) : (
        <table>
          <caption class="visually-hidden">待审查</caption>
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">机关</th>
              <th scope="col">当前步骤</th>
              <th scope="col">提交时间</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i) => (
              <tr>
                <td>
                  <a href={`/admin/items/${i.id}`}>{i.title}</a>
                </td>
                <td>{i.agency}</td>
                <td>{i.step}</td>
                <td>{formatInstant(i.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
