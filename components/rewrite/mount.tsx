import { createRoot } from 'react-dom/client';
import { RewriteController } from './controller';
import { RewriteApp } from './rewrite-app';
import css from './rewrite.css?inline';

/**
 * Mounts the Rewrite panel in its own open shadow root (apart from the overlay's, which may never
 * load on a page where no field was focused). The host hangs off <html> and takes no space.
 */
export function mountRewrite(doc: Document): RewriteController {
  const host = doc.createElement('redline-rewrite');
  host.setAttribute('data-redline', 'off');
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const layer = doc.createElement('div');
  layer.className = 'rl-rw-layer';
  shadow.append(style, layer);
  doc.documentElement.append(host);
  const controller = new RewriteController(doc);
  createRoot(layer).render(<RewriteApp store={controller.store} />);
  return controller;
}
