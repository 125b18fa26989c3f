/** True for a unique-constraint violation on either database (PostgreSQL 23505, SQLite's constraint error). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
