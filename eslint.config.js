import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '.output/',
      '.wxt/',
      'node_modules/',
      'test-results/',
      'test-reports/',
      'playwright-report/',
      'bench-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page and model text is rendered as text only (DESIGN.md, safety rules).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render text with textContent or React; never innerHTML.' },
        { property: 'outerHTML', message: 'Never build HTML from strings.' },
      ],
      // Extension code goes through webextension-polyfill so Firefox gets the same promises.
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: "Use `browser` from 'webextension-polyfill'." },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML.' },
      ],
    },
  },
  {
    // Tests drive the real browser through its own `chrome.*` (e.g. contextMenus.onClicked.dispatch).
    files: ['tests/**/*.ts'],
    // Playwright fixtures call `use`, which is not React's hook.
    rules: { 'no-restricted-globals': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Build, test and bench scripts run in Node.
    files: ['scripts/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);
