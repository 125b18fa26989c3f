import { randomBytes } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Capability } from '../../domain/roles.js';
import { chinaDate } from '../../domain/time.js';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import type { Errors, Values } from '../../web/ui.js';
import { can, requireUser, scope } from '../access.js';
import { findAgency } from '../agencies/store.js';
import { contentDisposition } from '../portal/routes.js';
import { addAttachment, removeAttachment } from './attachments.js';
import { bodyDropped } from './html.js';
import {
  categoryAgencyId,
  categoryTree,
  changeValidity,
  createCategory,
  createItem,
  deleteCategory,
  deleteDraft,
  formatReviewChain,
  getItem,
  itemAgencyId,
  linkInterpretation,
  listAgencyItems,
  loadSettings,
  renameCategory,
  reviewItem,
  reviewState,
  StaleEditError,
  saveSettings,
  submitItem,
  timelinessCounts,
  unlinkInterpretation,
  updateItem,
  withdrawItem,
} from './service.js';
import { CategoriesPage, ItemFormPage, ItemListPage, ItemPage, ReviewQueuePage, SettingsPage, settingsValues } from './views.js';

type Body = Record<string, unknown>;
const body = (req: FastifyRequest): Body => {
  const { _csrf: _, ...rest } = (req.body && typeof req.body === 'object' ? req.body : {}) as Body;
  return rest;
};
const num = (req: FastifyRequest, name: string) => Number((req.params as Record<string, string>)[name]);
/** A path's attachment or item number; anything else names nothing there is. */
const idIn = (req: FastifyRequest, name: string, missing: string) => {
  const id = num(req, name);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(missing);
  return id;
};

/** The notice after saving an item, naming what its body lost to the sanitizer. */
const savedNotice = (done: string, b: Record<string, unknown>) => {
  const dropped = typeof b.body === 'string' ? bodyDropped(b.body) : [];
  return dropped.length ? `${done}。正文中以下内容不能在门户网站显示，已去除：${dropped.join('、')}。请查看下方正文。` : done;
};

const agencyAccess = (capability: Capability) => ({ config: { access: { agency: { param: 'agencyId', capability } } } });
const itemAccess = (capability: Capability) => ({
  config: { access: { object: { param: 'itemId', capability, agencyOf: itemAgencyId } } },
});
const categoryAccess = {
  config: { access: { object: { param: 'categoryId', capability: 'manage' as const, agencyOf: categoryAgencyId } } },
};

// The item form may carry a body of up to 2,000,000 characters (service.ts itemSchema); a browser
// sends a Chinese character URL-encoded as 9 bytes. With the platform's 1 MB limit, ~120,000
// characters were answered with 413 and the form was gone.
const ITEM_FORM_BYTES = 24 * 1024 * 1024;

/** Sent back with the new-item form: the same form saved twice makes one draft (createItem). */
const newFormToken = () => randomBytes(18).toString('base64url');

export function registerCatalogRoutes(app: FastifyInstance) {
  // ---- items of an agency ----
  app.get('/admin/agencies/:agencyId/items', agencyAccess('read'), async (req, reply) => {
    const agencyId = num(req, 'agencyId');
    const status = String((req.query as Body).status ?? '');
    const [agency, items, canDraft, late] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      listAgencyItems(req.ctx, agencyId, status ? { status } : {}),
      can(req.ctx, 'draft', agencyId),
      timelinessCounts(req.ctx, agencyId, Number(chinaDate(req.ctx.now()).slice(0, 4))),
    ]);
    return reply.page(200, (env) => (
      <ItemListPage env={env} agency={agency!} items={items} canDraft={canDraft} status={status} late={late} />
    ));
  });

  const itemForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    agencyId: number,
    values: Values,
    errors: Errors,
    itemId?: number,
  ) => {
    const [agency, tree] = await Promise.all([findAgency(req.ctx.db, agencyId), categoryTree(req.ctx, agencyId)]);
    return reply.page(status, (env) => (
      <ItemFormPage env={env} agency={agency!} values={values} errors={errors} tree={tree} itemId={itemId} />
    ));
  };

  app.get('/admin/agencies/:agencyId/items/new', agencyAccess('draft'), async (req, reply) => {
    const agency = (await findAgency(req.ctx.db, num(req, 'agencyId')))!;
    const values = {
      issuer: agency.name,
      disclosureMode: 'proactive',
      period: 'permanent',
      docType: 'other',
      writtenOn: chinaDate(req.ctx.now()),
      channels: ['website'],
      formToken: newFormToken(),
    };
    return itemForm(req, reply, 200, agency.id, values, {});
  });

  app.post('/admin/agencies/:agencyId/items', { ...agencyAccess('draft'), bodyLimit: ITEM_FORM_BYTES }, async (req, reply) => {
    const b = body(req);
    try {
      const item = await createItem(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/items/${item.id}`, savedNotice('已保存草稿', b));
    } catch (e) {
      if (e instanceof InputError) return itemForm(req, reply, 400, num(req, 'agencyId'), b, e.fields);
      // A token spent elsewhere: what was typed stays, with a fresh token to save it by.
      if (e instanceof ConflictError)
        return itemForm(req, reply, 409, num(req, 'agencyId'), { ...b, formToken: newFormToken() }, { _form: e.message });
      throw e;
    }
  });

  // ---- one item ----
  const itemPage = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values, errors: Errors) => {
    const data = await getItem(req.ctx, num(req, 'itemId'));
    const agencyId = data.item.agency_id;
    const [agency, canDraft, canApprove, canReview] = await Promise.all([
      findAgency(req.ctx.db, agencyId),
      can(req.ctx, 'draft', agencyId),
      can(req.ctx, 'approve', agencyId),
      can(
        req.ctx,
        data.review.current !== null && data.review.chain[data.review.current]?.role === 'approver' ? 'approve' : 'review',
        agencyId,
      ),
    ]);
    return reply.page(status, (env) => (
      <ItemPage
        env={env}
        data={data}
        agency={agency!}
        canDraft={canDraft}
        canApprove={canApprove}
        canReview={canReview}
        values={values}
        errors={errors}
      />
    ));
  };

  app.get('/admin/items/:itemId', itemAccess('read'), async (req, reply) => itemPage(req, reply, 200, {}, {}));

  // Staff open an item's attachments before publication (the reviewers must read them); the public
  // route serves only those of public items.
  app.get('/admin/items/:itemId/attachments/:attachmentId', itemAccess('read'), async (req, reply) => {
    const attachmentId = idIn(req, 'attachmentId', '找不到该附件');
    const a = await req.ctx.db
      .selectFrom('item_attachments')
      .innerJoin('blobs', 'blobs.sha256', 'item_attachments.sha256')
      .select(['item_attachments.name', 'item_attachments.mime', 'blobs.data'])
      .where('item_attachments.id', '=', attachmentId)
      .where('item_attachments.item_id', '=', num(req, 'itemId'))
      .executeTakeFirst();
    if (!a) throw new NotFoundError('找不到该附件');
    return reply
      .header('content-type', a.mime)
      .header('content-disposition', contentDisposition(a.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(a.data));
  });

  app.get('/admin/items/:itemId/edit', itemAccess('draft'), async (req, reply) => {
    const { item } = await getItem(req.ctx, num(req, 'itemId'));
    const values = {
      title: item.title,
      docNo: item.doc_no,
      issuer: item.issuer,
      writtenOn: item.written_on,
      categoryId: item.category_id,
      topic: item.topic,
      disclosureMode: item.disclosure_mode,
      period: item.period,
      periodUntil: item.period_until,
      docType: item.doc_type,
      validity: item.validity,
      validityOn: item.validity_on,
      summary: item.summary,
      body: item.body_html,
      channels: JSON.parse(item.channels) as string[],
      version: item.updated_at,
    };
    return itemForm(req, reply, 200, item.agency_id, values, {}, item.id);
  });

  app.post('/admin/items/:itemId', { ...itemAccess('draft'), bodyLimit: ITEM_FORM_BYTES }, async (req, reply) => {
    const b = body(req);
    try {
      await updateItem(req.ctx, num(req, 'itemId'), b);
      return reply.doneTo(`/admin/items/${num(req, 'itemId')}`, savedNotice('已保存', b));
    } catch (e) {
      if (e instanceof InputError)
        return itemForm(req, reply, 400, await itemAgencyId(req.ctx, num(req, 'itemId')), b, e.fields, num(req, 'itemId'));
      if (e instanceof StaleEditError)
        return itemForm(
          req,
          reply,
          409,
          await itemAgencyId(req.ctx, num(req, 'itemId')),
          { ...b, version: e.current },
          { _form: e.message },
          num(req, 'itemId'),
        );
      throw e;
    }
  });

  /** A POST on one item: `run` returns the notice to show on the item page, or where to go instead. */
  const itemAction = (
    path: string,
    capability: Capability,
    run: (req: FastifyRequest) => Promise<string | { to: string; notice: string }>,
  ) =>
    app.post(`/admin/items/:itemId/${path}`, itemAccess(capability), async (req, reply) => {
      try {
        const done = await run(req);
        if (typeof done !== 'string') return reply.doneTo(done.to, done.notice);
        return reply.doneTo(`/admin/items/${num(req, 'itemId')}`, done);
      } catch (e) {
        if (e instanceof InputError) return itemPage(req, reply, 400, body(req), e.fields);
        // The item changed under the form (another reviewer, a resubmission): the page as it is
        // now, with what was typed kept.
        if (e instanceof ConflictError) return itemPage(req, reply, 409, body(req), { _form: e.message });
        throw e;
      }
    });

  itemAction('submit', 'draft', async (req) => {
    await submitItem(req.ctx, num(req, 'itemId'));
    return '已提交保密审查';
  });
  itemAction('review', 'read', async (req) => {
    const r = await reviewItem(req.ctx, num(req, 'itemId'), body(req));
    return r.published ? '审查通过，已发布' : r.returned ? '已退回起草人' : '已同意，转下一步审查';
  });
  itemAction('validity', 'draft', async (req) => {
    await changeValidity(req.ctx, num(req, 'itemId'), body(req));
    return '已登记有效性变更';
  });
  itemAction('withdraw', 'approve', async (req) => {
    await withdrawItem(req.ctx, num(req, 'itemId'), body(req));
    return '已撤回：该信息不再在门户网站公开';
  });
  itemAction('delete', 'draft', async (req) => {
    if ((body(req) as Record<string, unknown>).confirmDelete !== 'yes') throw new InputError({ confirmDelete: '请勾选“确认删除此草稿”' });
    const { agencyId, title } = await deleteDraft(req.ctx, num(req, 'itemId'));
    return { to: `/admin/agencies/${agencyId}/items`, notice: `已删除草稿“${title}”` };
  });
  itemAction('links', 'draft', async (req) => {
    await linkInterpretation(req.ctx, num(req, 'itemId'), body(req));
    return '已添加政策解读';
  });
  itemAction('links/:otherId/delete', 'draft', async (req) => {
    const title = await unlinkInterpretation(req.ctx, num(req, 'itemId'), idIn(req, 'otherId', '找不到该政策解读关联'));
    return `已取消与“${title}”的政策解读关联`;
  });
  itemAction('attachments/:attachmentId/delete', 'draft', async (req) => {
    const name = await removeAttachment(req.ctx, num(req, 'itemId'), idIn(req, 'attachmentId', '找不到该附件'));
    return `已删除附件“${name}”`;
  });
  itemAction('attachments', 'draft', async (req) => {
    const file = (req.body as Record<string, unknown> | undefined)?.file as MultipartFile | undefined;
    if (!file || typeof file !== 'object' || !('toBuffer' in file)) throw new InputError({ file: '请选择要上传的文件' });
    const data = await file.toBuffer();
    const a = await addAttachment(req.ctx, num(req, 'itemId'), { filename: file.filename, data, truncated: file.file.truncated });
    return `已上传附件“${a.name}”`;
  });

  // ---- review queue ----
  app.get('/admin/reviews', { config: { access: { signedIn: true } } }, async (req, reply) => {
    const me = requireUser(req.ctx);
    const reviewable = await scope(req.ctx, 'review');
    let q = req.ctx.db
      .selectFrom('items')
      .innerJoin('agencies', 'agencies.id', 'items.agency_id')
      .selectAll('items')
      .select('agencies.short_name as agency')
      .where('items.status', '=', 'in_review')
      .orderBy('items.updated_at')
      .limit(200);
    if (reviewable !== 'all') q = reviewable.size ? q.where('items.agency_id', 'in', [...reviewable]) : q.where('items.id', '=', -1);
    const rows = await q.execute();
    const items: { id: number; title: string; agency: string; step: string; updated_at: string }[] = [];
    for (const r of rows) {
      const st = await reviewState(req.ctx.db, r);
      const step = st.chain[st.current!];
      if (!step || r.created_by === me.id) continue;
      if (!(await can(req.ctx, step.role === 'approver' ? 'approve' : 'review', r.agency_id))) continue;
      items.push({ id: r.id, title: r.title, agency: r.agency, step: step.name, updated_at: r.updated_at });
    }
    return reply.page(200, (env) => <ReviewQueuePage env={env} items={items} />);
  });

  // ---- settings and the catalog tree ----
  const settingsPage = async (req: FastifyRequest, reply: FastifyReply, status: number, values: Values | null, errors: Errors) => {
    const agencyId = num(req, 'agencyId');
    const agency = (await findAgency(req.ctx.db, agencyId))!;
    const shown = values ?? settingsValues(await loadSettings(req.ctx.db, agencyId), formatReviewChain);
    return reply.page(status, (env) => <SettingsPage env={env} agency={agency} values={shown} errors={errors} />);
  };
  app.get('/admin/agencies/:agencyId/settings', agencyAccess('manage'), async (req, reply) => settingsPage(req, reply, 200, null, {}));
  app.post('/admin/agencies/:agencyId/settings', agencyAccess('manage'), async (req, reply) => {
    const b = body(req);
    try {
      await saveSettings(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/agencies/${num(req, 'agencyId')}/settings`, '已保存');
    } catch (e) {
      if (e instanceof InputError) return settingsPage(req, reply, 400, b, e.fields);
      throw e;
    }
  });

  const categoriesPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    agencyId: number,
    status: number,
    values: Values,
    errors: Errors,
  ) => {
    const [agency, tree] = await Promise.all([findAgency(req.ctx.db, agencyId), categoryTree(req.ctx, agencyId)]);
    return reply.page(status, (env) => <CategoriesPage env={env} agency={agency!} tree={tree} values={values} errors={errors} />);
  };
  app.get('/admin/agencies/:agencyId/categories', agencyAccess('manage'), async (req, reply) =>
    categoriesPage(req, reply, num(req, 'agencyId'), 200, {}, {}),
  );
  app.post('/admin/agencies/:agencyId/categories', agencyAccess('manage'), async (req, reply) => {
    const b = body(req);
    try {
      await createCategory(req.ctx, num(req, 'agencyId'), b);
      return reply.doneTo(`/admin/agencies/${num(req, 'agencyId')}/categories`, '已新增栏目');
    } catch (e) {
      if (e instanceof InputError) return categoriesPage(req, reply, num(req, 'agencyId'), 400, b, e.fields);
      throw e;
    }
  });
  const categoryAction = (path: string, run: (req: FastifyRequest) => Promise<string>) =>
    app.post(`/admin/categories/:categoryId${path}`, categoryAccess, async (req, reply) => {
      const agencyId = await categoryAgencyId(req.ctx, num(req, 'categoryId'));
      try {
        return reply.doneTo(`/admin/agencies/${agencyId}/categories`, await run(req));
      } catch (e) {
        if (e instanceof InputError) return categoriesPage(req, reply, agencyId, 400, {}, e.fields);
        throw e;
      }
    });
  categoryAction('', async (req) => {
    await renameCategory(req.ctx, num(req, 'categoryId'), body(req));
    return '已改名';
  });
  categoryAction('/delete', async (req) => {
    await deleteCategory(req.ctx, num(req, 'categoryId'));
    return '已删除栏目';
  });
}
