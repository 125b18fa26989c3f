import type { ComponentChildren } from 'preact';
import type { Agency } from '../../db/schema.js';
import { type AgencyKind, agencyKindLabels } from '../../domain/agency.js';
import {
  type DisclosureMode,
  type DisclosurePeriod,
  disclosureModeLabels,
  disclosurePeriodLabels,
  type Validity,
  validityLabels,
} from '../../domain/catalog.js';
import { Layout, type PageEnv } from '../../web/ui.js';
import type { TreeRow } from '../agencies/store.js';
import { storedBody } from '../catalog/html.js';
import type { Settings } from '../catalog/service.js';
import { DEFAULT_HOW_TO_APPLY, NOT_ENTERED } from './guide.js';
import { portalUrl, toggleScriptUrl } from './script.js';
import type { ListedItem, PortalCategory, PublicItem } from './store.js';

/** What every portal view gets: the layout's environment, the script, and the URL of this page. */
export interface PortalEnv {
  env: PageEnv;
  tw: boolean;
  /** The request URL, for the 简体/繁體 switch. */
  url: string;
}

export interface Crumb {
  href: string;
  label: string;
}

// The switch's label is written as character references: the 繁體 conversion maps Han characters
// only, so the link back reads 简体 on a traditional page, as it should.
const LABEL_SIMPLIFIED = '&#31616;&#20307;';
const LABEL_TRADITIONAL = '&#32321;&#39636;';

export function PortalLayout(p: { pe: PortalEnv; title: string; crumbs?: Crumb[]; children: ComponentChildren; feed?: string }) {
  const { pe } = p;
  // For browsers and search engines: the page in the other script, and the page's feed.
  const simplified = pe.tw ? toggleScriptUrl(pe.url, true) : pe.url;
  const traditional = pe.tw ? pe.url : toggleScriptUrl(pe.url, false);
  const head = (
    <>
      <link rel="alternate" hrefLang="zh-Hans" href={simplified} />
      <link rel="alternate" hrefLang="zh-Hant" href={traditional} />
      {p.feed && <link rel="alternate" type="application/atom+xml" title={`${p.title}（Atom 订阅）`} href={p.feed} />}
    </>
  );
  return (
    <Layout env={pe.env} title={p.title} head={head}>
      <div class="portal-bar">
        {p.crumbs && p.crumbs.length > 0 && (
          <nav aria-label="当前位置" class="crumbs">
            {p.crumbs.map((c, i) => (
              <>
                {i > 0 && ' › '}
                <a href={c.href}>{c.label}</a>
              </>
            ))}
          </nav>
        )}
        <p class="script-switch">
          <a
            href={toggleScriptUrl(pe.url, pe.tw)}
            lang={pe.tw ? 'zh-Hans' : 'zh-Hant'}
            hrefLang={pe.tw ? 'zh-Hans' : 'zh-Hant'}
            dangerouslySetInnerHTML={{ __html: pe.tw ? LABEL_SIMPLIFIED : LABEL_TRADITIONAL }}
          />
          {p.feed && (
            <>
              {' · '}
              <a href={p.feed} type="application/atom+xml">
                订阅（Atom）
              </a>
            </>
          )}
        </p>
      </div>
      {p.children}
    </Layout>
  );
}

export function SearchBox(p: { pe: PortalEnv; q?: string; agencyId?: number | null }) {
  return (
    <search>
      <form method="get" action="/gk/search" class="search-box">
        <label for="gk-q">搜索政府信息</label>
        <input id="gk-q" name="q" type="search" value={p.q ?? ''} maxLength={200} />
        {p.agencyId ? <input type="hidden" name="agencyId" value={String(p.agencyId)} /> : null}
        {p.pe.tw && <input type="hidden" name="script" value="tw" />}
        <button type="submit">搜索</button>
      </form>
    </search>
  );
}

export function ItemList(p: { pe: PortalEnv; items: ListedItem[]; agencies?: Map<number, string>; empty?: string }) {
  if (p.items.length === 0) return <p class="muted">{p.empty ?? '暂无'}</p>;
  return (
    <ul class="item-list">
      {p.items.map((i) => (
        <li>
          <a href={portalUrl(p.pe.tw, `/gk/items/${i.id}`)}>{i.title}</a>
          <span class="muted">
            {' '}
            {i.doc_no ? `${i.doc_no} · ` : ''}
            {p.agencies?.get(i.agency_id) ? `${p.agencies.get(i.agency_id)} · ` : ''}
            <time dateTime={i.published_on}>{i.published_on}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}

export function GkHomePage(p: {
  pe: PortalEnv;
  tree: TreeRow[];
  counts: Map<number, number>;
  latest: ListedItem[];
  agencies: Map<number, string>;
}) {
  const { pe } = p;
  return (
    <PortalLayout pe={pe} title="政府信息公开">
      <p class="lead">依据《中华人民共和国政府信息公开条例》，各机关在此主动公开政府信息。</p>
      <SearchBox pe={pe} />
      <section aria-labelledby="gk-agencies">
        <h2 id="gk-agencies">公开机关</h2>
        {p.tree.length === 0 ? (
          <p class="muted">暂无</p>
        ) : (
          <ul class="tree">
            {p.tree.map((a) => (
              <li class={`depth-${Math.min(a.depth, 8)}`}>
                <a href={portalUrl(pe.tw, `/gk/${a.id}`)}>{a.name}</a>{' '}
                <span class="muted">
                  {agencyKindLabels[a.kind as AgencyKind] ?? ''}
                  {a.dissolved_on ? '（已撤销）' : ''} · 公开信息 {p.counts.get(a.id) ?? 0} 条
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="gk-latest">
        <h2 id="gk-latest">最新公开</h2>
        <ItemList pe={pe} items={p.latest} agencies={p.agencies} />
      </section>
    </PortalLayout>
  );
}

function CategoryTree(p: { pe: PortalEnv; agencyId: number; nodes: PortalCategory[] }) {
  if (p.nodes.length === 0) return <p class="muted">暂无</p>;
  return (
    <ul class="tree">
      {p.nodes.map((c) => (
        <li class={`depth-${Math.min(c.depth, 8)}`}>
          {c.id === null ? c.name : <a href={portalUrl(p.pe.tw, `/gk/${p.agencyId}/categories/${c.id}`)}>{c.name}</a>}{' '}
          <span class="muted">（{c.count}）</span>
        </li>
      ))}
    </ul>
  );
}

const agencyCrumbs = (pe: PortalEnv, agency: Agency): Crumb[] => [
  { href: portalUrl(pe.tw, '/gk'), label: '政府信息公开' },
  { href: portalUrl(pe.tw, `/gk/${agency.id}`), label: agency.name },
];

export function AgencyHomePage(p: {
  pe: PortalEnv;
  agency: Agency;
  children: Agency[];
  categories: PortalCategory[];
  latest: ListedItem[];
  /** The agency's published annual reports, newest first (features/reports). */
  reports?: ComponentChildren;
}) {
  const { pe, agency } = p;
  const base = `/gk/${agency.id}`;
  return (
    <PortalLayout
      pe={pe}
      title={`${agency.name}政府信息公开`}
      crumbs={agencyCrumbs(pe, agency).slice(0, 1)}
      feed={portalUrl(false, `${base}/feed.atom`)}
    >
      {agency.dissolved_on && <p class="notice">该机关已于 {agency.dissolved_on} 撤销，其公开的政府信息仍可查阅。</p>}
      <SearchBox pe={pe} agencyId={agency.id} />
      <nav aria-label="政府信息公开栏目" class="columns">
        <ul>
          <li>
            <a href={portalUrl(pe.tw, `${base}/guide`)}>政府信息公开指南</a>
          </li>
          <li>
            <a href="#gk-rules">政府信息公开制度</a>
          </li>
          <li>
            <a href="#gk-catalog">法定主动公开内容</a>
          </li>
          <li>
            <a href="#gk-reports">政府信息公开工作年度报告</a>
          </li>
          <li>
            <a href={`/apply?agency=${agency.id}`}>依申请公开（网上申请、查询）</a>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="gk-guide">
        <h2 id="gk-guide">政府信息公开指南</h2>
        <p>
          <a href={portalUrl(pe.tw, `${base}/guide`)}>查看本机关政府信息公开指南</a>
          （信息的分类编排、获取方式，工作机构的名称、地址、办公时间、联系电话、传真和互联网联系方式）。
        </p>
      </section>
      <section aria-labelledby="gk-rules">
        <h2 id="gk-rules">政府信息公开制度</h2>
        <ul>
          <li>《中华人民共和国政府信息公开条例》（国务院令第711号，2019年5月15日起施行）</li>
        </ul>
      </section>
      <section aria-labelledby="gk-catalog">
        <h2 id="gk-catalog">法定主动公开内容</h2>
        <CategoryTree pe={pe} agencyId={agency.id} nodes={p.categories} />
      </section>
      <section aria-labelledby="gk-reports">
        <h2 id="gk-reports">政府信息公开工作年度报告</h2>
        {p.reports ?? <p class="muted">暂无</p>}
      </section>
      <section aria-labelledby="gk-latest">
        <h2 id="gk-latest">最新公开</h2>
        <ItemList pe={pe} items={p.latest} />
      </section>
      {p.children.length > 0 && (
        <section aria-labelledby="gk-below">
          <h2 id="gk-below">下级机关</h2>
          <ul>
            {p.children.map((c) => (
              <li>
                <a href={portalUrl(pe.tw, `/gk/${c.id}`)}>{c.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </PortalLayout>
  );
}

const shown = (v: string | null) => v || NOT_ENTERED;

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => (
          <p>{l}</p>
        ))}
    </>
  );
}

/** 政府信息公开指南 (条例 第十二条). */
export function GuidePage(p: { pe: PortalEnv; agency: Agency; settings: Settings; categories: PortalCategory[] }) {
  const { pe, agency, settings: s } = p;
  return (
    <PortalLayout pe={pe} title={`${agency.name}政府信息公开指南`} crumbs={agencyCrumbs(pe, agency)}>
      <p>根据《中华人民共和国政府信息公开条例》第十二条，本机关编制并公布本指南，并及时更新。</p>
      <section aria-labelledby="g-arrange">
        <h2 id="g-arrange">一、政府信息的分类和编排体系</h2>
        {s.catalogArrangement ? (
          <Paragraphs text={s.catalogArrangement} />
        ) : (
          <p>本机关主动公开的政府信息按以下目录分类编排，每条信息标注索引号、名称、内容概述、生成日期等要素：</p>
        )}
        <CategoryTree pe={pe} agencyId={agency.id} nodes={p.categories} />
      </section>
      <section aria-labelledby="g-obtain">
        <h2 id="g-obtain">二、获取政府信息的方式</h2>
        <h3>（一）主动公开</h3>
        <p>
          本机关主动公开的政府信息在本平台“<a href={portalUrl(pe.tw, `/gk/${agency.id}`)}>{agency.name}政府信息公开</a>
          ”栏目发布，可浏览、检索和下载。
        </p>
        <h3>（二）依申请公开</h3>
        <Paragraphs text={s.howToApply ?? DEFAULT_HOW_TO_APPLY} />
        {/* Whatever the agency wrote above, the platform's own form is a way to apply (条例 第二十九条:
            数据电文), with this agency already chosen. A dissolved agency takes no applications. */}
        {!agency.dissolved_on && (
          <p>
            申请人也可以通过本平台<a href={portalUrl(false, '/apply', { agency: agency.id })}>在线提交政府信息公开申请</a>
            （申请表中已选定本机关）。提交后会得到查询码，凭查询码和申请时填写的联系电话或电子邮箱，可在“
            <a href="/apply/track">申请查询</a>”查看办理进度和答复。
          </p>
        )}
      </section>
      <section aria-labelledby="g-office">
        <h2 id="g-office">三、政府信息公开工作机构</h2>
        <dl class="meta">
          <dt>工作机构</dt>
          <dd>{shown(s.officeName)}</dd>
          <dt>办公地址</dt>
          <dd>{shown(s.address)}</dd>
          <dt>办公时间</dt>
          <dd>{shown(s.officeHours)}</dd>
          <dt>联系电话</dt>
          <dd>{shown(s.phone)}</dd>
          <dt>传真</dt>
          <dd>{shown(s.fax)}</dd>
          <dt>互联网联系方式</dt>
          <dd>{shown(s.internetContact)}</dd>
        </dl>
      </section>
    </PortalLayout>
  );
}

export function CategoryPage(p: {
  pe: PortalEnv;
  agency: Agency;
  path: { id: number; name: string }[];
  items: ListedItem[];
  next: string | null;
  feed: string;
}) {
  const { pe, agency } = p;
  const title = p.path.map((c) => c.name).join(' › ') || '栏目';
  const crumbs = [
    ...agencyCrumbs(pe, agency),
    ...p.path.slice(0, -1).map((c) => ({ href: portalUrl(pe.tw, `/gk/${agency.id}/categories/${c.id}`), label: c.name })),
  ];
  return (
    <PortalLayout pe={pe} title={title} crumbs={crumbs} feed={p.feed}>
      <ItemList pe={pe} items={p.items} />
      {p.next && (
        <p>
          <a rel="next" href={p.next}>
            下一页
          </a>
        </p>
      )}
    </PortalLayout>
  );
}

function validityText(item: PublicItem): string | null {
  if (item.doc_type !== 'rule' && item.doc_type !== 'normativeDoc') return null;
  const v = (item.validity ?? 'valid') as Validity;
  const label = validityLabels[v] ?? v;
  return v !== 'valid' && item.validity_on ? `${label}（${item.validity_on}）` : label;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface ItemPageData {
  item: PublicItem;
  agency: Agency;
  categoryPath: { id: number; name: string }[];
  attachments: { id: number; name: string; mime: string; size: number }[];
  interpretations: { id: number; title: string }[];
  interprets: { id: number; title: string }[];
  /** The count, or page.ts's SLOT where a memoized page fills it in. */
  views: number | string;
}

/** The item page: the metadata block as government portals show it (spec §6.3), then the body. */
export function ItemPage(p: { pe: PortalEnv; d: ItemPageData }) {
  const { pe, d } = p;
  const { item, agency } = d;
  const validity = validityText(item);
  const category = d.categoryPath.map((c) => c.name).join('\\');
  const crumbs = [
    ...agencyCrumbs(pe, agency),
    ...(d.categoryPath.length
      ? [
          {
            href: portalUrl(pe.tw, `/gk/${agency.id}/categories/${d.categoryPath[d.categoryPath.length - 1]!.id}`),
            label: d.categoryPath[d.categoryPath.length - 1]!.name,
          },
        ]
      : []),
  ];
  const period = item.period as DisclosurePeriod;
  return (
    <PortalLayout pe={pe} title={item.title} crumbs={crumbs}>
      <table class="item-meta">
        <caption class="visually-hidden">信息属性</caption>
        <tbody>
          <tr>
            <th scope="row">索引号</th>
            <td>{item.index_no ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">主题分类</th>
            <td>{item.topic || category || '—'}</td>
          </tr>
          <tr>
            <th scope="row">发布机构</th>
            <td>{item.issuer}</td>
          </tr>
          <tr>
            <th scope="row">成文日期</th>
            <td>
              <time dateTime={item.written_on}>{item.written_on}</time>
            </td>
          </tr>
          <tr>
            <th scope="row">发布日期</th>
            <td>
              <time dateTime={item.published_on ?? undefined}>{item.published_on}</time>
            </td>
          </tr>
          <tr>
            <th scope="row">文号</th>
            <td>{item.doc_no || '无文号'}</td>
          </tr>
          {validity && (
            <tr>
              <th scope="row">有效性</th>
              <td>{validity}</td>
            </tr>
          )}
          <tr>
            <th scope="row">公开形式</th>
            <td>{disclosureModeLabels[item.disclosure_mode as DisclosureMode] ?? item.disclosure_mode}</td>
          </tr>
          <tr>
            <th scope="row">公开时限</th>
            <td>
              {disclosurePeriodLabels[period] ?? item.period}
              {period === 'limited' && item.period_until ? `（至 ${item.period_until}）` : ''}
            </td>
          </tr>
          <tr>
            <th scope="row">内容概述</th>
            <td>{item.summary || '—'}</td>
          </tr>
        </tbody>
      </table>
      {/* body_html was sanitized when saved; it is sanitized again here so that a row written by any
          other path (an import, a manual fix in the database) cannot put active content on the portal. */}
      <div class="item-body" dangerouslySetInnerHTML={{ __html: storedBody(item.body_html) }} />
      {d.attachments.length > 0 && (
        <section aria-labelledby="i-files">
          <h2 id="i-files">附件</h2>
          <ul>
            {d.attachments.map((a) => (
              <li>
                <a href={`/gk/attachments/${a.id}`} download>
                  {a.name}
                </a>{' '}
                <span class="muted">（{formatSize(a.size)}）</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.interpretations.length > 0 && (
        <section aria-labelledby="i-interp">
          <h2 id="i-interp">政策解读</h2>
          <ul>
            {d.interpretations.map((l) => (
              <li>
                <a href={portalUrl(pe.tw, `/gk/items/${l.id}`)}>{l.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.interprets.length > 0 && (
        <section aria-labelledby="i-policy">
          <h2 id="i-policy">解读的政策文件</h2>
          <ul>
            {d.interprets.map((l) => (
              <li>
                <a href={portalUrl(pe.tw, `/gk/items/${l.id}`)}>{l.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p class="muted">浏览次数：{d.views}</p>
    </PortalLayout>
  );
}
