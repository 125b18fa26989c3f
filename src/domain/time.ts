// Legal dates (收到申请之日, 成文日期, 发布日期) are calendar dates in China time; instants are UTC.

const CHINA_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has had no daylight saving since 1991.

/** The China calendar date (YYYY-MM-DD) of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
