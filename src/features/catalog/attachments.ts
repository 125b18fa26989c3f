import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import { requireAgency } from '../access.js';
import { audit, type Tx } from '../audit/service.js';
import type { Ctx } from '../context.js';
import { docxToHtml } from '../reader/docx.js';
import { textOf } from './html.js';

/** Largest attachment accepted; the multipart parser stops reading past it. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

// What may be attached to a published item: documents and images people open safely. The file's
// first bytes must match its extension, so a renamed HTML or executable is refused.
const kinds: Record<string, { mime: string; magic: (b: Buffer) => boolean }> = {
  pdf: { mime: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  ofd: { mime: 'application/ofd', magic: isZip },
  doc: { mime: 'application/msword', magic: isOle },
  xls: { mime: 'application/vnd.ms-excel', magic: isOle },
  wps: { mime: 'application/vnd.ms-works', magic: isOle },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: isZip },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: isZip },
  zip: { mime: 'application/zip', magic: isZip },
  jpg: { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { mime: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  txt: { mime: 'text/plain', magic: isPlainText },
  csv: { mime: 'text/csv', magic: isPlainText },
};

export const allowedExtensions = Object.keys(kinds);

function isZip(b: Buffer) {
  return b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}
function isOle(b: Buffer) {
  return b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}
/** UTF-8 or, as Chinese office software often saves text and CSV, GB18030; null when neither decodes. */
function textEncoding(b: Buffer): 'utf-8' | 'gb18030' | null {
  for (const enc of ['utf-8', 'gb18030'] as const) {
    try {
      new TextDecoder(enc, { fatal: true }).decode(b);
      return enc;
    } catch {}
  }
  return null;
}
function isPlainText(b: Buffer) {
  if (!textEncoding(b)) return false;
  const s = new TextDecoder(textEncoding(b)!).decode(b.subarray(0, 4096));
  return !/\0/.test(s) && !/<\s*(script|html|svg|iframe)\b/i.test(s);
}

/**
 * The text of an attachment for the pre-review scan (保密审查), or null when the platform cannot
 * read it (PDF, OFD, images, the old binary Office formats, archives): the reviewer then has to
 * open it. Text and CSV in UTF-8 or GB18030; DOCX through the report reader's reader; XLSX from
 * its shared strings and inline strings.
 */
export function attachmentText(ext: string, data: Buffer): string | null {
  try {
    if (ext === 'txt' || ext === 'csv') {
      const enc = textEncoding(data);
      return enc ? new TextDecoder(enc).decode(data) : null;
    }
    if (ext === 'docx') {
      const html = docxToHtml(data);
      return html === null ? null : textOf(html);
    }
    if (ext === 'xlsx') {
      const files = unzipSync(data, { filter: (f) => f.name === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
      // One cell's text per line, so that neighbouring cells do not run together into a number.
      const xml = Object.values(files)
        .map((f) => strFromU8(f).replace(/<\/(?:t|si|c)>/g, '$&\n'))
        .join('\n');
      return textOf(xml);
    }
  } catch {
    return null; // a damaged file: as unreadable
  }
  return null;
}

/** The type an upload is stored with, or a Chinese reason it is refused. */
export function checkAttachment(filename: string, data: Buffer): { ext: string; mime: string } | string {
  const ext = filename.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1] ?? '';
  const kind = kinds[ext];
  if (!kind) return `不支持“.${ext || '无扩展名'}”类型的附件；可上传：${allowedExtensions.join('、')}`;
  if (data.length === 0) return '附件是空文件';
  if (data.length > MAX_ATTACHMENT_BYTES) return `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
  if (!kind.magic(data)) return `文件内容与扩展名“.${ext}”不符，请检查文件`;
  // Text is served with the encoding it was saved in.
  if (kind.magic === isPlainText) return { ext, mime: `${kind.mime}; charset=${textEncoding(data)}` };
  return { ext, mime: kind.mime };
}

/** Stores an attachment by its sha256 (the same file twice is kept once) and links it to the item. */
export async function addAttachment(ctx: Ctx, itemId: number, file: { filename: string; data: Buffer; truncated?: boolean }) {
  const item = await ctx.db.selectFrom('items').select(['agency_id', 'status']).where('id', '=', itemId).executeTakeFirst();
  if (!item) throw new NotFoundError('找不到该政府信息');
  await requireAgency(ctx, 'draft', item.agency_id);
  if (!['draft', 'returned'].includes(item.status)) throw new InputError({ file: '只有草稿或被退回的信息可以添加附件' });
  if (file.truncated) throw new InputError({ file: `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
  const name = file.filename.replace(/[\\/\0]/g, '_').slice(-120) || '附件';
  const checked = checkAttachment(name, file.data);
  if (typeof checked === 'string') throw new InputError({ file: checked });
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const sha256 = await storeBlob(trx, file.data, ctx.now());
    const a = await trx
      .insertInto('item_attachments')
      .values({ item_id: itemId, name, mime: checked.mime, size: file.data.length, sha256, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      ctx.actor,
      {
        action: 'item.attach',
        objectType: 'item',
        objectId: itemId,
        agencyId: item.agency_id,
        details: { name, sha256, size: file.data.length },
      },
      ctx.now(),
    );
    return a;
  });
}

/**
 * Removes an attachment from a draft or returned item (an officer uploaded the wrong file). What was
 * reviewed and published stays as it was: a published item's files change only by withdrawing it
 * and publishing it again. The bytes stay in the blob store, which other items may share by hash.
 */
export async function removeAttachment(ctx: Ctx, itemId: number, attachmentId: number): Promise<string> {
  const item = await ctx.db.selectFrom('items').select(['agency_id', 'status']).where('id', '=', itemId).executeTakeFirst();
  if (!item) throw new NotFoundError('找不到该政府信息');
  await requireAgency(ctx, 'draft', item.agency_id);
  return ctx.db.transaction().execute(async (trx) => {
    // The item's row first, on its status: that also holds off a submission until this commits.
    const changed = await trx
      .updateTable('items')
      .set({ updated_at: ctx.now().toISOString() })
      .where('id', '=', itemId)
      .where('status', 'in', ['draft', 'returned'])
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw new ConflictError('只有草稿或被退回的信息可以删除附件');
    const a = await trx
      .deleteFrom('item_attachments')
      .where('id', '=', attachmentId)
      .where('item_id', '=', itemId)
      .returning(['name', 'sha256'])
      .executeTakeFirst();
    if (!a) throw new ConflictError('该附件已不存在（可能已被删除），请查看当前的附件列表');
    await audit(
      trx,
      ctx.actor,
      {
        action: 'item.detach',
        objectType: 'item',
        objectId: itemId,
        agencyId: item.agency_id,
        details: { name: a.name, sha256: a.sha256 },
      },
      ctx.now(),
    );
    return a.name;
  });
}

/** Stores bytes by their sha256 (the same bytes twice are kept once) and returns the hash. */
export async function storeBlob(trx: Tx, data: Buffer, now: Date): Promise<string> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  await trx
    .insertInto('blobs')
    .values({ sha256, size: data.length, data, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
}
