import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../errors.js';
import { letterDocxData } from './letters.js';

// Downloads of a letter's DOCX and of a case's documents; the routes decide who may ask.

/** RFC 5987 filename for Chinese names, with an ASCII fallback. */
const disposition = (name: string) => `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function letterDocxReply(req: FastifyRequest, reply: FastifyReply, letterId: number, applicationId?: number) {
  let q = req.ctx.db.selectFrom('application_letters').select('id').where('id', '=', letterId);
  if (applicationId !== undefined) q = q.where('application_id', '=', applicationId).where('for_applicant', '=', 1);
  const l = (await q.executeTakeFirst()) && (await letterDocxData(req.ctx.db, letterId));
  if (!l) throw new NotFoundError('找不到该文书');
  return reply
    .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    .header('content-disposition', disposition(`${l.title}（${l.docNo}）.docx`))
    .header('cache-control', 'private, no-store')
    .send(l.data);
}

export async function fileReply(req: FastifyRequest, reply: FastifyReply, fileId: number, applicationId?: number) {
  let q = req.ctx.db
    .selectFrom('application_files')
    .innerJoin('blobs', 'blobs.sha256', 'application_files.sha256')
    .select(['application_files.name', 'application_files.mime', 'blobs.data'])
    .where('application_files.id', '=', fileId);
  if (applicationId !== undefined) q = q.where('application_files.application_id', '=', applicationId).where('released', '=', 1);
  const f = await q.executeTakeFirst();
  if (!f) throw new NotFoundError('找不到该附件');
  return reply
    .type(f.mime)
    .header('content-disposition', disposition(f.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(f.data));
}
