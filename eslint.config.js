import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moadon from './eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'web/dist', 'docs/screenshots', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Modules add their tables to the kernel's DB type with `interface DB extends TheirTables {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { moadon },
    rules: { 'moadon/module-boundaries': 'error' },
  },
);
