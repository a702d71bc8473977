import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/base.css';
import '@/components/options/options.css';
import { browserDeps } from './browser-deps';
import { OptionsApp } from '@/components/options/options-app';
import { OptionsStoreProvider } from '@/components/options/options-context';
import { createOptionsStore } from '@/components/options/store';

const root = document.getElementById('root');
if (!root) throw new Error('options.html has no #root');

createRoot(root).render(
  <StrictMode>
    <OptionsStoreProvider store={createOptionsStore(browserDeps)}>
      <OptionsApp />
    </OptionsStoreProvider>
  </StrictMode>,
);
