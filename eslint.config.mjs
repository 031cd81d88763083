// Lint that catches mistakes, not taste: typescript-eslint's type-checked rules (an unawaited promise loses
// its error), the layering of STYLE.md as import bans, and one line limit instead of a repo-wide reformat.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const VSCODE_ONLY_IN_EXTENSION = { name: 'vscode', message: "Only src/extension may import 'vscode'." };

// Which layer may not reach which. Relative imports are matched by the folder name they climb into
// ("../server/x.js", "../../cli/y.js"), so the ban still holds after src/core is split into sub-folders.
const LAYERS = [
  { layer: 'core', forbidden: ['server', 'extension', 'cli'], noMcp: true, why: 'src/core is Kubernetes knowledge only' },
  { layer: 'server', forbidden: ['extension', 'cli'], why: 'src/server is MCP only: UI and flags plug in through hooks and options' },
  { layer: 'cli', forbidden: ['extension'], why: 'the CLI runs without VS Code' },
];

const climbsInto = (layer) => `^(\\.\\./)+(src/)?${layer}(/|$)`;

function layerBans({ layer, forbidden, noMcp, why }) {
  const patterns = forbidden.map((other) => ({ regex: climbsInto(other), message: `${why}: no imports from src/${other}.` }));
  if (noMcp) patterns.push({ group: ['@modelcontextprotocol/*'], message: `${why}: no MCP SDK here.` });
  // A dynamic import() is not an ImportDeclaration, so no-restricted-imports misses it.
  const dynamic = [...forbidden.map(climbsInto), ...(noMcp ? ['^@modelcontextprotocol/'] : []), '^vscode$'].join('|');
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: [VSCODE_ONLY_IN_EXTENSION], patterns }],
      'no-restricted-syntax': ['error', {
        selector: `ImportExpression > Literal[value=/${dynamic.replaceAll('/', '\\/')}/]`,
        message: `${why}: this dynamic import crosses a layer boundary.`,
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', '**/*.js'] },
  {
    plugins: { '@stylistic': stylistic },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `let running; const stop = () => running?.close(); …; running = await start()`: a closure that must exist
      // before the value does is not a missed const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Long strings, URLs and regexes read better whole than broken up.
      '@stylistic/max-len': ['error', {
        code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true,
      }],
    },
  },
  {
    // The e2e harness and build scripts are plain ESM run by Node; page.evaluate() callbacks run in the browser.
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-imports': ['error', { paths: [VSCODE_ONLY_IN_EXTENSION] }],
      // `const { status: _status, ...rest } = obj` is how this code base drops a key without mutating the object.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // The fake API server types stored objects, metadata and Status bodies, but keeps the kind-specific rest
    // (spec, status, data) as KObject ({ [key: string]: any }), its one adapter to untyped wire JSON
    // (test/fake-apiserver/types.ts); ~540 reads of it there would be flagged, each as safe as the next.
    files: ['test/fake-apiserver/**/*.ts', 'test/unit/fake-apiserver.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // STYLE.md habit 6: past ~250 lines a file, or ~60 a function, is doing two things. Counted without blank
    // lines and comments for functions (a why-comment should not push code out), whole for files.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 250 }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  ...LAYERS.map(layerBans),
  {
    files: ['src/extension/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
