import type { HighlightPart } from '../../domain/text.js';
import { ErrorSummary, type Errors, Field, Select } from '../../web/ui.js';
import type { TreeRow } from '../agencies/store.js';
import { portalUrl } from '../portal/script.js';
import { type PortalEnv, PortalLayout } from '../portal/views.js';
import { fieldLabels, MAX_DOCNO_CHARS, MAX_INDEXNO_CHARS, MAX_Q_CHARS, type RawSearch } from './params.js';
import { COUNT_CAP, type SearchResult } from './service.js';

/** Text with the matched parts in <mark>; every part is escaped by the template. */
export function Marked({ parts }: { parts: HighlightPart[] }) {
  return <>{parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

export function SearchPage(p: {
  pe: PortalEnv;
  raw: RawSearch;
  errors: Errors;
  result: SearchResult | null;
  agencies: TreeRow[];
  nextUrl: string | null;
  categoryName: string | null;
}) {
  const { pe, raw, errors, result } = p;
  const values = raw as unknown as Record<string, unknown>;
  const agencyOptions: [string, string][] = p.agencies.map((a) => [String(a.id), `${'　'.repeat(Math.min(a.depth, 8))}${a.name}`]);
  return (
    <PortalLayout pe={pe} title="搜索政府信息" crumbs={[{ href: portalUrl(pe.tw, '/gk'), label: '政府信息公开' }]}>
      <search>
        <form method="get" action="/gk/search" class="search-form" novalidate>
          <ErrorSummary errors={errors} labels={fieldLabels} />
          <Field
            name="q"
            label="搜索词"
            type="search"
            values={values}
            errors={errors}
            maxLength={MAX_Q_CHARS}
            hint="多个词用空格分开，须同时出现；用引号括起的词语按原样查找，如 “安全生产”。简体、繁体均可。"
          />
          <Select
            name="agencyId"
            label="机关（含下级机关）"
            values={values}
            errors={errors}
            options={agencyOptions}
            placeholder="全部机关"
          />
          <Field name="year" label="发布年份" values={values} errors={errors} inputMode="numeric" maxLength={4} hint="四位数字，如 2024" />
          <Field
            name="docNo"
            label="文号"
            values={values}
            errors={errors}
            maxLength={MAX_DOCNO_CHARS}
            hint="完整文号或其开头部分，如 国办发〔2019〕；年份括号写作 [ ] 或（ ）亦可"
          />
          <Field
            name="indexNo"
            label="索引号"
            values={values}
            errors={errors}
            maxLength={MAX_INDEXNO_CHARS}
            hint="完整的索引号，见每条信息的信息索引栏"
          />
          {raw.categoryId && <input type="hidden" name="categoryId" value={raw.categoryId} />}
          {pe.tw && <input type="hidden" name="script" value="tw" />}
          {p.categoryName && <p class="muted">仅在栏目“{p.categoryName}”中查找。</p>}
          <button type="submit">搜索</button>
        </form>
      </search>
      {result && (
        <section aria-labelledby="s-results">
          <h2 id="s-results">
            {result.total === 0
              ? '没有找到符合条件的政府信息'
              : `共找到 ${result.totalCapped ? `${formatCount(COUNT_CAP)}+` : formatCount(result.total)} 条`}
          </h2>
          {result.parsed.terms.length === 0 && raw.q.trim() !== '' && <p class="muted">搜索词中没有可检索的文字，已按其他条件列出。</p>}
          {result.notices.map((n) => (
            <p class="caution" role="status">
              {n}
            </p>
          ))}
          <ol class="results">
            {result.hits.map((h) => (
              <li>
                <h3>
                  <a href={portalUrl(pe.tw, `/gk/items/${h.id}`)}>
                    <Marked parts={h.titleParts} />
                  </a>
                </h3>
                <p class="muted">
                  {h.agencyName}
                  {h.doc_no && (
                    <>
                      {' · '}
                      <Marked parts={h.docNoParts} />
                    </>
                  )}
                  {h.categoryName ? ` · ${h.categoryName}` : ''} · <time dateTime={h.published_on}>{h.published_on}</time>
                </p>
                {h.snippet.length > 0 && (
                  <p class="snippet">
                    <Marked parts={h.snippet} />
                  </p>
                )}
              </li>
            ))}
          </ol>
          {p.nextUrl && (
            <p>
              <a rel="next" href={p.nextUrl}>
                下一页
              </a>
            </p>
          )}
        </section>
      )}
    </PortalLayout>
  );
}
