import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgencyKind, type AgencyLevel, checkPlacement } from '../../src/domain/agency.js';

type N = [AgencyKind, AgencyLevel];
const cases: { name: string; node: N; parent: N | null; problem: null | 'kind' | 'level' | 'parentId' }[] = [
  { name: 'a province or city government may be a root', node: ['government', 'city'], parent: null, problem: null },
  { name: 'a city department sits under its city government', node: ['department', 'city'], parent: ['government', 'city'], problem: null },
  {
    name: 'a county government sits under its city government',
    node: ['government', 'county'],
    parent: ['government', 'city'],
    problem: null,
  },
  {
    name: 'a county department sits under its county government',
    node: ['department', 'county'],
    parent: ['government', 'county'],
    problem: null,
  },
  {
    name: 'a township government sits under its county government',
    node: ['government', 'township'],
    parent: ['government', 'county'],
    problem: null,
  },
  {
    name: 'a sub-district office is a county government’s agency',
    node: ['subdistrict', 'township'],
    parent: ['government', 'county'],
    problem: null,
  },
  {
    name: 'a department’s sub-unit (分局) sits under the department',
    node: ['department', 'city'],
    parent: ['department', 'city'],
    problem: null,
  },
  { name: 'a department cannot be a root', node: ['department', 'city'], parent: null, problem: 'parentId' },
  { name: 'a department keeps its government’s level', node: ['department', 'county'], parent: ['government', 'city'], problem: 'level' },
  { name: 'there are no township departments', node: ['department', 'township'], parent: ['government', 'township'], problem: 'level' },
  {
    name: 'a government cannot sit under a department',
    node: ['government', 'county'],
    parent: ['department', 'city'],
    problem: 'parentId',
  },
  { name: 'a government must be below its parent’s level', node: ['government', 'city'], parent: ['government', 'city'], problem: 'level' },
  { name: 'a government cannot be above its parent', node: ['government', 'province'], parent: ['government', 'city'], problem: 'level' },
  { name: 'a sub-district office is township level', node: ['subdistrict', 'county'], parent: ['government', 'county'], problem: 'level' },
  {
    name: 'a sub-district office belongs to a county-level government',
    node: ['subdistrict', 'township'],
    parent: ['government', 'city'],
    problem: 'parentId',
  },
  {
    name: 'nothing sits under a sub-district office as a department',
    node: ['department', 'township'],
    parent: ['subdistrict', 'township'],
    problem: 'level',
  },
];

for (const c of cases) {
  test(c.name, () => {
    const r = checkPlacement({ kind: c.node[0], level: c.node[1] }, c.parent && { kind: c.parent[0], level: c.parent[1] });
    assert.equal(r?.field ?? null, c.problem, r?.message);
    if (r) assert.match(r.message, /\p{Script=Han}/u, 'the message is in Chinese');
  });
}
