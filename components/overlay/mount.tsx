import { createRoot } from 'react-dom/client';
import { createShadowLayer } from '../shadow-layer';
import { OverlayApp } from './overlay-app';
import type { OverlayStore } from './store';
import css from './overlay.css?inline';

/** Mounts Redline's overlay (underlines, card, badge) in one open shadow root; returns its unmount. */
export function mountOverlay(doc: Document, store: OverlayStore): () => void {
  const { layer, remove } = createShadowLayer(doc, 'redline-overlay', css, 'rl-layer');
  const root = createRoot(layer);
  root.render(<OverlayApp store={store} />);
  return () => {
    root.unmount();
    remove();
  };
}
