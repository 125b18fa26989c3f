import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { disclosureModeLabels, disclosurePeriodLabels, docTypeLabels, validityLabels } from '../../domain/catalog.js';
import { MAX_QUERY_TERMS, MAX_TERM_CHARS } from '../../domain/text.js';
import { InputError } from '../../errors.js';
import { RATE_LIMIT } from '../../web/request.js';
import { storedBody } from '../catalog/html.js';
import {
  DEFAULT_LIMIT,
  MAX_DOCNO_CHARS,
  MAX_INDEXNO_CHARS,
  MAX_LIMIT,
  MAX_Q_CHARS,
  MAX_YEAR,
  MIN_YEAR,
  parseSearch,
} from '../search/params.js';
import { COUNT_CAP, type SearchHit, searchItems } from '../search/service.js';
import { idParam, publicItemPage } from './service.js';

// The public JSON API: the same search and the same item data as the portal pages, for anyone.
// The route schemas below are the OpenAPI document (served at /api/openapi.json by
// @fastify/swagger) and nothing more: input is checked by parseSearch, which answers in the app's
// error shape `{ error: { status, message, fields } }` with Chinese messages, and output is plain
// JSON.stringify, so the document cannot silently filter a response.

const PUBLIC = { public: true as const };

/**
 * Read from any site's scripts: the data is public and the same for everyone, and nothing here
 * reads or sets a cookie (the session a staff member's browser might send changes no answer, see
 * portal/service.ts), so `*` — which browsers never combine with credentials — gives nothing away.
 * CORP overrides helmet's same-origin for these responses. The rate-limit headers are exposed so
 * that a script can wait as told after a 429.
 */
export const PUBLIC_API_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
  'cross-origin-resource-policy': 'cross-origin',
} as const;

export const isPublicApi = (url: string) => url.startsWith('/api/v1/public/') || url.split('?')[0] === '/api/openapi.json';

const tooManyRequests = {
  description: `请求过于频繁：每个 IP 地址每 ${RATE_LIMIT.timeWindow / 60_000} 分钟最多 ${RATE_LIMIT.max} 次请求（全站合计）。请按 Retry-After 等待后重试。`,
  headers: {
    'Retry-After': { type: 'integer', description: '需要等待的秒数' },
    'X-RateLimit-Limit': { type: 'integer', description: '每个时间窗口允许的请求次数' },
    'X-RateLimit-Remaining': { type: 'integer', description: '本时间窗口剩余的请求次数' },
    'X-RateLimit-Reset': { type: 'integer', description: '距本时间窗口结束的秒数' },
  },
};

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const highlightParts = {
  type: 'array',
  description: '分段文本；hit 为 true 的部分是命中的搜索词',
  items: { type: 'object', required: ['text', 'hit'], properties: { text: { type: 'string' }, hit: { type: 'boolean' } } },
};

const itemSummary = {
  type: 'object',
  required: ['id', 'title', 'issuer', 'writtenOn', 'publishedOn', 'agency', 'url'],
  properties: {
    id: { type: 'integer' },
    indexNo: nullable('string', { description: '索引号' }),
    title: { type: 'string', description: '名称' },
    docNo: nullable('string', { description: '文号；无文号为 null' }),
    issuer: { type: 'string', description: '发布机构' },
    writtenOn: { type: 'string', format: 'date', description: '成文日期' },
    publishedOn: { type: 'string', format: 'date', description: '发布日期' },
    agency: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    category: nullable('object', { properties: { id: { type: 'integer' }, name: { type: 'string' } } }),
    summary: nullable('string', { description: '内容概述' }),
    url: { type: 'string', description: '门户上的页面' },
    titleHighlight: highlightParts,
    docNoHighlight: { ...highlightParts, description: '文号，命中的搜索词标出；无文号为空数组' },
    snippet: highlightParts,
  },
};

const link = {
  type: 'object',
  required: ['id', 'title', 'url'],
  properties: { id: { type: 'integer' }, title: { type: 'string' }, url: { type: 'string' } },
};

const itemDetail = {
  type: 'object',
  required: [
    'id',
    'title',
    'issuer',
    'writtenOn',
    'publishedOn',
    'agency',
    'url',
    'bodyHtml',
    'attachments',
    'interpretations',
    'interprets',
  ],
  properties: {
    ...Object.fromEntries(
      Object.entries(itemSummary.properties).filter(([k]) => !['titleHighlight', 'docNoHighlight', 'snippet'].includes(k)),
    ),
    topic: nullable('string', { description: '主题分类' }),
    disclosureMode: { type: 'string', enum: ['proactive'], description: `公开形式（${disclosureModeLabels.proactive}）` },
    disclosurePeriod: {
      type: 'string',
      enum: ['permanent', 'limited'],
      description: `公开时限：permanent ${disclosurePeriodLabels.permanent}，limited ${disclosurePeriodLabels.limited}`,
    },
    periodUntil: nullable('string', { format: 'date', description: '限时公开的截止日期' }),
    docType: {
      type: 'string',
      enum: ['rule', 'normativeDoc', 'other'],
      description: `文件类型：${Object.entries(docTypeLabels)
        .map(([k, v]) => `${k} ${v}`)
        .join('，')}`,
    },
    validity: nullable('string', {
      enum: ['valid', 'repealed', 'expired', null],
      description: `有效性（仅规章和行政规范性文件）：${Object.entries(validityLabels)
        .map(([k, v]) => `${k} ${v}`)
        .join('，')}`,
    }),
    validityOn: nullable('string', { format: 'date', description: '废止或失效日期' }),
    bodyHtml: { type: 'string', description: '正文（经过白名单净化的 HTML）' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'mime', 'size', 'url'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          mime: { type: 'string' },
          size: { type: 'integer' },
          url: { type: 'string' },
        },
      },
    },
    interpretations: { type: 'array', items: link, description: '本文件的政策解读' },
    interprets: { type: 'array', items: link, description: '本解读所解读的政策文件' },
  },
};

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'message'],
      properties: {
        status: { type: 'integer' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: '每个有误参数的中文说明' },
        reference: { type: 'string', description: '参考编号（出错或被拒绝的请求，服务日志中可查）' },
      },
    },
  },
};

const listQuery = {
  type: 'object',
  properties: {
    q: {
      type: 'string',
      maxLength: MAX_Q_CHARS,
      description: '搜索词：空格分隔的词须同时出现；引号括起的词语按原样查找；简体、繁体结果相同',
    },
    agencyId: { type: 'string', pattern: '^[1-9][0-9]*$', description: '机关编号，含其全部下级机关' },
    categoryId: { type: 'string', pattern: '^[1-9][0-9]*$', description: '栏目编号，含其下级栏目' },
    year: { type: 'string', pattern: '^[0-9]{4}$', description: `发布年份（${MIN_YEAR}–${MAX_YEAR}）` },
    docNo: {
      type: 'string',
      maxLength: MAX_DOCNO_CHARS,
      description: '文号，完整文号或其开头部分；年份的括号〔〕、[]、（）、()、【】任写一种即可',
    },
    indexNo: {
      type: 'string',
      maxLength: MAX_INDEXNO_CHARS,
      description: '索引号，须完整；全角字母数字按半角对待，字母大小写均可',
    },
    after: { type: 'string', description: '翻页游标：上一页响应中的 next，原样传回' },
    limit: { type: 'string', pattern: '^[0-9]+$', description: `每页条数，1–${MAX_LIMIT}，默认 ${DEFAULT_LIMIT}` },
  },
};

function summaryJson(h: SearchHit) {
  return {
    id: h.id,
    indexNo: h.index_no,
    title: h.title,
    docNo: h.doc_no,
    issuer: h.issuer,
    writtenOn: h.written_on,
    publishedOn: h.published_on,
    agency: { id: h.agency_id, name: h.agencyName },
    category: h.category_id === null ? null : { id: h.category_id, name: h.categoryName ?? '' },
    summary: h.summary,
    url: `/gk/items/${h.id}`,
    titleHighlight: h.titleParts,
    docNoHighlight: h.docNoParts,
    snippet: h.snippet,
  };
}

export async function registerPublicApi(api: FastifyInstance) {
  // Schemas here document; they do not validate or serialize (see the note at the top).
  api.setValidatorCompiler(() => () => true);
  api.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // onSend, so that errors (404, 400, the rate limit's 429) carry the headers too: a script that
  // cannot read an error cannot tell the reader what went wrong.
  api.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(PUBLIC_API_HEADERS);
    return payload;
  });
  await api.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '政府信息公开平台 · 公开数据接口',
        version: '1',
        description: '主动公开的政府信息：检索、筛选和读取。无需登录。只返回已发布、主动公开且在公开时限内的信息。',
      },
      tags: [{ name: 'public', description: '公开数据' }],
    },
  });

  api.get(
    '/api/v1/public/items',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['public'],
        summary: '检索和列出主动公开的政府信息',
        description: `有搜索词时按相关度（标题、文号命中）和发布时间排序，否则按发布日期从新到旧。total 精确到 ${COUNT_CAP}，超过时 totalCapped 为 true。未列出的参数（如拼错的筛选条件）返回 400。`,
        querystring: listQuery,
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'totalCapped', 'next', 'notices'],
            properties: {
              items: { type: 'array', items: itemSummary },
              total: { type: 'integer' },
              totalCapped: { type: 'boolean' },
              notices: {
                type: 'array',
                items: { type: 'string' },
                description: `搜索词中未按原样检索的部分的说明：超过 ${MAX_TERM_CHARS} 个字的词只按其开头检索，超过 ${MAX_QUERY_TERMS} 个的词不检索；没有时为空数组`,
              },
              next: nullable('string', { description: '下一页的游标（作为 after 传回）；没有下一页时为 null' }),
            },
          },
          400: errorBody,
          429: { ...tooManyRequests, ...errorBody },
        },
      },
    },
    async (req) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      // A misspelt filter (yaer=2024) is refused rather than dropped: the answer would look right
      // and be unfiltered. (The search page, which links and bookmarks carry extra parameters to,
      // ignores them.)
      const unknown = Object.keys(query).filter((k) => !Object.hasOwn(listQuery.properties, k));
      if (unknown.length)
        throw new InputError(
          Object.fromEntries(unknown.map((k) => [k, `不认识的参数“${k}”（可用的参数：${Object.keys(listQuery.properties).join('、')}）`])),
        );
      const input = parseSearch(query, { api: true });
      const r = await searchItems(req.ctx, input);
      return { items: r.hits.map(summaryJson), total: r.total, totalCapped: r.totalCapped, next: r.next, notices: r.notices };
    },
  );

  api.get(
    '/api/v1/public/items/:itemId',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['public'],
        summary: '读取一条主动公开的政府信息',
        params: { type: 'object', required: ['itemId'], properties: { itemId: { type: 'string', pattern: '^[1-9][0-9]*$' } } },
        response: {
          200: { type: 'object', required: ['item'], properties: { item: itemDetail } },
          404: errorBody,
          429: { ...tooManyRequests, ...errorBody },
        },
      },
    },
    async (req) => {
      const d = await publicItemPage(req.ctx, idParam(req.params, 'itemId'));
      const { item: i } = d;
      const category = d.categoryPath[d.categoryPath.length - 1];
      return {
        item: {
          id: i.id,
          indexNo: i.index_no,
          title: i.title,
          docNo: i.doc_no,
          issuer: i.issuer,
          writtenOn: i.written_on,
          publishedOn: i.published_on,
          agency: { id: d.agency.id, name: d.agency.name },
          category: category ? { id: category.id, name: category.name } : null,
          summary: i.summary,
          url: `/gk/items/${i.id}`,
          topic: i.topic,
          disclosureMode: i.disclosure_mode,
          disclosurePeriod: i.period,
          periodUntil: i.period === 'limited' ? i.period_until : null,
          docType: i.doc_type,
          validity: i.doc_type === 'rule' || i.doc_type === 'normativeDoc' ? (i.validity ?? 'valid') : null,
          validityOn: i.validity_on,
          bodyHtml: storedBody(i.body_html),
          attachments: d.attachments.map((a) => ({ ...a, url: `/gk/attachments/${a.id}` })),
          interpretations: d.interpretations.map((l) => ({ ...l, url: `/gk/items/${l.id}` })),
          interprets: d.interprets.map((l) => ({ ...l, url: `/gk/items/${l.id}` })),
        },
      };
    },
  );

  api.get('/api/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, async () => api.swagger());
}
