import { createRoot } from 'react-dom/client';
import { createShadowLayer } from '../shadow-layer';
import { OverlayController } from './controller';
import { OverlayApp } from './overlay-app';
import { createOverlayStore } from './store';
import css from './overlay.css?inline';

/** Mounts Redline's overlay (underlines, card, badge) in one open shadow root per frame. */
export function mountOverlay(doc: Document): OverlayController {
  const layer = createShadowLayer(doc, 'redline-overlay', css, 'rl-layer');
  const store = createOverlayStore();
  const controller = new OverlayController(store, doc);
  createRoot(layer).render(<OverlayApp store={store} />);
  return controller;
}
