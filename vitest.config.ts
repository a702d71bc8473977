import { defineConfig } from 'vitest/config';
// Node 20 lacks Map.groupBy, which vitest's failure reporter uses: a plain `npx vitest` works too.
import './scripts/node20-polyfills.mjs';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['**/__tests__/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'tests/e2e/**'],
  },
});
