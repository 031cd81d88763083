/**
 * Extension-host test entry: VS Code loads the compiled out/test/e2e/suite/index.js in the extension host and
 * calls run(); resolving = exit 0, rejecting = exit 1 (reported through window.codeAutomationExit). Runs every
 * *.test.js next to it with mocha and ends with the plain line "N passed, N failed" that test/e2e/run.mjs sums.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures) reject(new Error(`${failures} failed`));
      else resolve();
    });
  });
}
