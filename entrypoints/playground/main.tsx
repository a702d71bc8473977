import { createRoot } from 'react-dom/client';
import { mountOverlay } from '@/components/overlay/mount';
import { Playground } from '@/components/playground/playground';
import { mountRewrite } from '@/components/rewrite/mount';
import { watchFields } from '@/utils/fields/watch';
import { createPageRuntime } from '../content/runtime/page-runtime';
import { browserTransport } from '../content/runtime/transport';
import '@/components/base.css';

createRoot(document.getElementById('root') as HTMLElement).render(<Playground />);

// Browsers run no content scripts on extension pages, so the playground starts the page runtime itself.
const signal = new AbortController().signal;
const sensitive = new WeakSet<Element>();
const runtime = createPageRuntime({
  document,
  signal,
  sensitive,
  transport: browserTransport(),
  views: { overlay: mountOverlay, rewrite: mountRewrite },
});
watchFields(document, signal, sensitive, (field) => runtime.attach(field));
