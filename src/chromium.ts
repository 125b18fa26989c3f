/** Debian's chromium, driven by playwright-core: for PDF exports and the browser tests (STACK.md). */
export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
