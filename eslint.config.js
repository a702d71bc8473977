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
  // Layers (docs/architecture.md). Each rule names what the layer may not reach, and why.
  {
    // The page side never loads background-only code: the model client and the key live there.
    files: [
      'entrypoints/content/**/*.ts',
      'entrypoints/page-runtime.ts',
      'utils/fields/**/*.ts',
      'utils/check/**/*.ts',
      'components/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/utils/ai/*', '**/utils/ai/*', '@/utils/local-check/*', '**/utils/local-check/*'],
              allowTypeImports: true,
              message:
                'Background-only code (the model client, the key, the local checker host): ask over the messaging layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // In-page views render stores and emit intents; the page runtime talks to the browser for them.
    files: [
      'components/overlay/**/*.{ts,tsx}',
      'components/rewrite/**/*.{ts,tsx}',
      'components/person-button.tsx',
      'components/shadow-layer.ts',
    ],
    ignores: ['**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'webextension-polyfill',
              allowTypeImports: true,
              message:
                'Views do not call the browser: emit an intent; entrypoints/content/runtime carries it out.',
            },
          ],
          patterns: [
            {
              group: [
                'wxt/browser',
                '@/utils/ai/*',
                '@/utils/local-check/*',
                '@/utils/fields/*',
                '@/utils/check/*',
                '@/utils/messaging/*',
              ],
              allowTypeImports: true,
              message:
                'Views render stores and emit intents; fields, checks and messaging belong to the page runtime (entrypoints/content/runtime).',
            },
          ],
        },
      ],
    },
  },
  {
    // The text core is pure: it imports nothing outside utils/text, so any part of Redline can use it.
    files: ['utils/text/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\./)', message: 'utils/text is pure: import only from utils/text itself.' },
          ],
        },
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
    // The Firefox lane is a Node script whose page-side helpers are serialized into the page.
    files: ['tests/firefox/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Build, test and bench scripts run in Node.
    files: ['scripts/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);
