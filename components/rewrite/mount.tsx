import { createRoot } from 'react-dom/client';
import { createShadowLayer } from '../shadow-layer';
import { RewriteController } from './controller';
import { RewriteApp } from './rewrite-app';
import css from './rewrite.css?inline';

/**
 * Mounts the Rewrite panel in its own open shadow root (apart from the overlay's, which may never
 * load on a page where no field was focused).
 */
export function mountRewrite(doc: Document): RewriteController {
  const layer = createShadowLayer(doc, 'redline-rewrite', css, 'rl-rw-layer');
  const controller = new RewriteController(doc);
  createRoot(layer).render(<RewriteApp store={controller.store} />);
  return controller;
}
