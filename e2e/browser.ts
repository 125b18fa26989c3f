// Shared harness for browser tests: Debian's chromium through playwright-core, axe-core served
// from the app's own origin (so the strict CSP stays on), CSP violations and script errors
// collected, and steps that stop at the first failure.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, type TestContext } from 'node:test';
import type { AxeResults, Result } from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/chromium.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * What a test file opened (databases, servers, browsers), closed after its tests, the last opened
 * first; a cleanup that fails is logged and the others still run.
 */
export function cleanupsAfterAll(): (cleanup: () => Promise<unknown>) => void {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => console.error('cleanup failed:', e));
  });
  return (c) => {
    cleanups.push(c);
  };
}
const require = createRequire(import.meta.url);
const AXE_PATH = '/__e2e__/axe.min.js';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** True when the browser is there; otherwise skips the test, or fails it when CI requires the browser. */
export function haveChromium(t: TestContext): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.GONGKAI_REQUIRE_BROWSER === '1') {
    assert.fail(`chromium not found at ${CHROMIUM} but GONGKAI_REQUIRE_BROWSER=1: apt-get install chromium fonts-wqy-zenhei`);
  }
  t.skip('chromium not installed: apt-get install chromium');
  return false;
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Script errors and CSP violations seen on any page. */
  pageErrors: string[];
  /** Names of the pages checked with axe, in order. */
  checked: string[];
  a11y(what: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await context.route(`**${AXE_PATH}`, (route) => route.fulfill({ contentType: 'text/javascript', body: axeSource }));
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The CSP forbids inline scripts and styles: a page that needs them is broken in production.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`CSP: ${m.text()}`);
  });
  const checked: string[] = [];
  return { browser, page, pageErrors, checked, a11y: (what) => checkA11y(page, what, checked), close: () => browser.close() };
}

/** Fails the page on any serious or critical axe violation, naming each rule and the nodes it found. */
async function checkA11y(page: Page, what: string, checked: string[]) {
  await page.addScriptTag({ url: `${new URL(page.url()).origin}${AXE_PATH}` });
  const results = await page.evaluate((runOnly) => {
    // Runs in the page; the project's TypeScript has no DOM lib, so reach the globals untyped.
    const g = globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResults> }; document: unknown };
    return g.axe.run(g.document, { runOnly, resultTypes: ['violations'] });
  }, AXE_TAGS);
  assert.ok(results.passes.length > 0, `axe ran no rules on ${what}`);
  const bad = results.violations.filter((v: Result) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `      at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n'),
    )
    .join('\n');
  assert.equal(bad.length, 0, `axe: ${bad.length} serious/critical violation(s) on ${what} (${page.url()}):\n${report}`);
  checked.push(what);
}

/** Clicks something that submits or navigates and waits until the new page has loaded. */
export async function clickAndWait(page: Page, click: () => Promise<void>, url: string | RegExp) {
  await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), click()]);
}

/** Node's test runner goes on with later subtests after one fails; here they depend on each other. */
export function stepper(t: TestContext) {
  let broken = false;
  return async (name: string, fn: () => Promise<void>) => {
    await t.test(name, async (st) => {
      if (broken) return st.skip('an earlier step failed');
      try {
        await fn();
      } catch (e) {
        broken = true;
        throw e;
      }
    });
  };
}
