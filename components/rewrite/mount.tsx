import { createRoot } from 'react-dom/client';
import { createShadowLayer } from '../shadow-layer';
import { RewriteApp } from './rewrite-app';
import type { RewriteStore } from './store';
import css from './rewrite.css?inline';

/**
 * Mounts the Rewrite panel in its own open shadow root (apart from the overlay's, which may never
 * load on a page where no field was focused); returns its unmount.
 */
export function mountRewrite(doc: Document, store: RewriteStore): () => void {
  const { layer, remove } = createShadowLayer(doc, 'redline-rewrite', css, 'rl-rw-layer');
  const root = createRoot(layer);
  root.render(<RewriteApp store={store} />);
  return () => {
    root.unmount();
    remove();
  };
}
