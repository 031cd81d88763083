// The layering rules of STYLE.md, enforced: only src/extension may import 'vscode',
// and src/core (Kubernetes knowledge) must not know about MCP.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: "Only src/extension may import 'vscode'." }] }],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: "Only src/extension may import 'vscode'." }],
        patterns: [{ group: ['@modelcontextprotocol/*'], message: 'src/core is Kubernetes knowledge only: no MCP SDK here.' }],
      }],
    },
  },
);
