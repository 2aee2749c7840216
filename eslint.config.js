import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'os', 'url'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bin/**',
      'scripts/**',
      'e2e/.output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The core is pure: no DOM, React, state, editor, layout or Node imports (STYLE.md §2).
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-*',
                'zustand',
                'zustand/*',
                '@xyflow/*',
                'monaco-*',
                'elkjs',
                'elkjs/*',
                ...nodeOnly,
              ],
              message: 'src/core is pure TypeScript (STYLE.md §2).',
            },
            { group: ['**/ui/**', '**/cli/**'], message: 'core never imports ui or cli.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'setTimeout',
        'setInterval',
      ],
    },
  },
  {
    // ui and cli reach the core only through @core (src/core/index.ts).
    files: ['src/ui/**/*.{ts,tsx}', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '../core', '../../core'],
              message: 'import the core through @core only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', uiImports()],
    },
  },
  {
    // ui/state/ composes the features' derived stages; a feature never imports it back (it reads
    // the store and the derived data through ui/store/). main.tsx is the composition root; tests
    // may run the whole pipeline.
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/state/**', 'src/ui/main.tsx', 'src/ui/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        uiImports({
          group: ['**/state/*'],
          message: 'features do not import ui/state/ (it composes them): use ui/store/ or ui/lib/.',
        }),
      ],
    },
  },
);

/** The ui's import rules (one rule entry: a later config block replaces it whole). */
function uiImports(...extra) {
  return {
    // Bare builtin names as exact paths: a pattern `path` would also forbid ui/path/ (STYLE.md §1).
    paths: nodeOnly
      .filter((n) => !n.includes('*'))
      .map((name) => ({ name, message: 'ui never imports node builtins.' })),
    patterns: [
      {
        group: ['**/core/**', '../core', '../../core'],
        message: 'import the core through @core only.',
      },
      { group: ['node:*'], message: 'ui never imports node builtins.' },
      { group: ['**/cli/**'], message: 'ui never imports cli.' },
      ...extra,
    ],
  };
}
