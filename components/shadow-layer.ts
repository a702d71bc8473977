/**
 * A layer for Redline's in-page UI: an open shadow root (tests and assistive tech reach inside) on
 * a host that hangs off <html> (pages replace <body> more often), takes no space and sits above
 * the page; everything inside is position: fixed. Returns the element to render into and the way
 * to take the whole layer out of the page again (whoever mounts it also unmounts it).
 */
export function createShadowLayer(
  doc: Document,
  tagName: string,
  css: string,
  layerClass: string,
): { layer: HTMLElement; remove(): void } {
  const host = doc.createElement(tagName);
  host.setAttribute('data-redline', 'off');
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const layer = doc.createElement('div');
  layer.className = layerClass;
  shadow.append(style, layer);
  doc.documentElement.append(host);
  return { layer, remove: () => host.remove() };
}
