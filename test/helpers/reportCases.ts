// Cases, appeals and consultations inserted straight into the contract columns of migration 0003
// (the applications feature derives them from each case's events; the report only reads them).
import { randomBytes } from 'node:crypto';
import type { DbHandle } from '../../src/db/connect.js';

export type CaseRow = [applicantType: string, receivedOn: string | null, closedOn: string | null, outcome: string | null];

export async function insertCases(
  h: DbHandle,
  agencyId: number,
  cases: readonly CaseRow[],
  extra: { channel?: string; fee?: { amount: number; paidOn: string | null } }[] = [],
) {
  const at = new Date().toISOString();
  if (cases.length === 0) return [];
  const rows = cases.map(([applicantType, receivedOn, closedOn, outcome], i) => ({
    agency_id: agencyId,
    applicant_type: applicantType,
    channel: extra[i]?.channel ?? 'online',
    received_on: receivedOn,
    closed_on: closedOn,
    outcome,
    fee_amount: extra[i]?.fee?.amount ?? null,
    fee_paid_on: extra[i]?.fee?.paidOn ?? null,
    // What a case row needs besides the report's columns.
    stage: closedOn ? 'closed' : 'running',
    tracking_code: `R${randomBytes(8).toString('hex')}`,
    applicant_name: '测试申请人',
    id_type: 'idCard',
    id_number: '11010519491231002X',
    description: '报告测试申请的政府信息',
    wanted_form: 'electronic',
    delivery: 'online',
    submitted_at: at,
    created_at: at,
    updated_at: at,
  }));
  return h.db.insertInto('applications').values(rows).returning('id').execute();
}

export type AppealRow = [kind: string, filedOn: string, result: string | null, decidedOn: string | null];

export async function insertAppeals(h: DbHandle, agencyId: number, appeals: readonly AppealRow[]) {
  if (appeals.length === 0) return;
  const at = new Date().toISOString();
  await h.db
    .insertInto('appeals')
    .values(
      appeals.map(([kind, filedOn, result, decidedOn]) => ({
        agency_id: agencyId,
        application_id: null,
        kind,
        filed_on: filedOn,
        result,
        decided_on: decidedOn,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

export async function insertConsultations(h: DbHandle, agencyId: number, rows: readonly [channel: string, on: string][]) {
  if (rows.length === 0) return;
  const at = new Date().toISOString();
  await h.db
    .insertInto('consultations')
    .values(rows.map(([channel, occurredOn]) => ({ agency_id: agencyId, channel, occurred_on: occurredOn, created_at: at })))
    .execute();
}
