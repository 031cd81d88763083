#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128): the marketplace accepts only PNG icons. Uses the
// harness's Chromium + playwright-core (run setup.sh first).   node test/e2e/harness/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './ui-driver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const inst = ensureInstalled();
const { chromium } = createRequire(path.join(inst.playwright, 'package.json'))('playwright-core');
const browser = await chromium.launch({ executablePath: inst.chromium, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  const svg = fs.readFileSync(path.join(root, 'media/icon.svg'), 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'media/icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png written');
