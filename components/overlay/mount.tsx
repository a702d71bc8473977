import { createRoot } from 'react-dom/client';
import { OverlayController } from './controller';
import { OverlayApp } from './overlay-app';
import { createOverlayStore } from './store';
import css from './overlay.css?inline';

/**
 * Mounts Redline's overlay in one open shadow root per frame. The host hangs off <html> (pages
 * replace <body> more often) and takes no space; everything inside is position: fixed.
 */
export function mountOverlay(doc: Document): OverlayController {
  const host = doc.createElement('redline-overlay');
  host.setAttribute('data-redline', 'off');
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const layer = doc.createElement('div');
  layer.className = 'rl-layer';
  shadow.append(style, layer);
  doc.documentElement.append(host);
  const store = createOverlayStore();
  const controller = new OverlayController(store, doc);
  createRoot(layer).render(<OverlayApp store={store} />);
  return controller;
}
