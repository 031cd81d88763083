// The layering of STYLE.md is enforced by eslint.config.mjs; this runs the real config on throwaway sources
// so a loosened ban fails here instead of going quiet.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/repoRoot';

const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The layer rules only, without type information: the type-checked rules are not what is tested here. */
const eslint = new ESLint({
  cwd: repoRoot(),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
});

/** The layer-rule messages for `code` as if it were the file `file` (relative to the repository). */
async function layerFindings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(repoRoot(), file) });
  assert.ok(result, `eslint linted ${file}`);
  assert.equal(result.messages.filter((m) => m.fatal).length, 0, JSON.stringify(result.messages));
  return result.messages.map((m) => m.message);
}

const CASES: Array<[file: string, code: string, refused: RegExp | null]> = [
  ['src/core/probe.ts', "import '../server/toolRunner.js';", /src\/core .*no imports from src\/server/],
  ['src/core/credentials/probe.ts', "import type { ServerHooks } from '../../server/hooks.js';", /no imports from src\/server/],
  ['src/core/probe.ts', "import '../extension/activate.js';", /no imports from src\/extension/],
  ['src/core/probe.ts', "export * from '../cli/parseArgs.js';", /no imports from src\/cli/],
  ['src/core/probe.ts', "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';", /no MCP SDK here/],
  ['src/core/probe.ts', "import * as vscode from 'vscode';", /Only src\/extension may import 'vscode'/],
  ['src/core/probe.ts', "void import('../server/toolRunner.js');", /dynamic import crosses a layer boundary/],
  ['src/core/probe.ts', "import { K8sError } from './errors.js';", null],
  ['src/server/probe.ts', "import { activate } from '../extension/activate.js';", /src\/server .*no imports from src\/extension/],
  ['src/server/probe.ts', "import { main } from '../cli/main.js';", /no imports from src\/cli/],
  ['src/server/probe.ts', "import 'vscode';", /Only src\/extension may import 'vscode'/],
  ['src/server/probe.ts', "import { K8sError } from '../core/errors.js';\nimport '@modelcontextprotocol/sdk/server/mcp.js';", null],
  ['src/cli/probe.ts', "import '../extension/activate.js';", /CLI runs without VS Code/],
  ['src/cli/probe.ts', "import '../server/createServer.js';", null],
  ['src/extension/probe.ts', "import * as vscode from 'vscode';\nimport '../server/createServer.js';", null],
  ['test/unit/probe.ts', "import 'vscode';", /Only src\/extension may import 'vscode'/],
];

describe('layer import bans (eslint.config.mjs)', function () {
  this.timeout(60_000); // the first lint loads typescript-eslint

  for (const [file, code, refused] of CASES) {
    const what = code.split('\n').at(-1);
    it(refused ? `refuses ${what} in ${file}` : `allows ${what} in ${file}`, async () => {
      const findings = await layerFindings(file, code);
      if (refused) assert.ok(findings.some((m) => refused.test(m)), `expected ${refused} among ${JSON.stringify(findings)}`);
      else assert.deepEqual(findings, []);
    });
  }
});
