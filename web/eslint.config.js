// ESLint for the portal: `npm run lint` (with Prettier's check), part of scripts/test.sh.
// Why these rules and not others: docs/decisions.md, "Portal".
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'lineport-data/'] },
  js.configs.recommended,
  // The portal and the Vite config: TypeScript with the type-checked rules, read through the two
  // tsconfig files of `npm run typecheck`.
  {
    files: ['src/**/*.{ts,tsx}', 'vite.config.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  // The rules of hooks, without the React Compiler's rules of the plugin's `recommended` preset
  // (the portal runs React 18 without the compiler).
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
    languageOptions: { globals: globals.browser },
  },
  // The browser tests, their helpers and this file: JavaScript modules run by Node. The tests'
  // `page.evaluate` callbacks run in the page, so the browser's globals are known there too.
  {
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: globals.node },
  },
  // Last: switches off every rule that Prettier's formatting would contradict.
  prettier,
);
