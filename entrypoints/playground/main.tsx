import { createRoot } from 'react-dom/client';
import { mountOverlay } from '@/components/overlay/mount';
import { Playground } from '@/components/playground/playground';
import { watchFields } from '@/utils/fields/watch';
import '@/components/base.css';

createRoot(document.getElementById('root') as HTMLElement).render(<Playground />);

// Browsers run no content scripts on extension pages, so the playground mounts the overlay itself.
const overlay = mountOverlay(document);
watchFields(document, new AbortController().signal, (field) => overlay.attach(field));
