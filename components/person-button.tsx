import { useEffect, useRef, useState, type ButtonHTMLAttributes, type MouseEvent, type Ref } from 'react';

/**
 * Only a person presses Redline's buttons. A page can reach into Redline's open shadow root and call
 * `.click()`, dispatch events, make Redline's layer transparent and put a lure under it, or move it
 * under the pointer just before a click. So a press counts only when:
 * - the event is trusted (a page's `.click()` and dispatched events are not);
 * - for a pointer click, the button has been on screen for `ARM_MS` (a button that appeared under the
 *   pointer a moment ago was not aimed at; keyboard presses need focus, which Redline gives itself);
 * - Redline's layer is as the page found it: not made transparent or invisible.
 * Until armed the button says so (`aria-disabled`), which is also what Playwright waits for.
 */
export const ARM_MS = 300;
/** Redline's layer and everything above it, multiplied: below this, the page is hiding it. */
const MIN_LAYER_OPACITY = 0.9;

/** Whether the layer `element` lives in is intact: visible, and not faded by the page. */
export function layerIntact(element: Element): boolean {
  const host = (element.getRootNode() as Partial<ShadowRoot>).host;
  const view = element.ownerDocument.defaultView;
  if (!host || !view) return false;
  const visibility = view.getComputedStyle(element).visibility;
  if (visibility === 'hidden' || visibility === 'collapse') return false;
  let opacity = 1;
  for (let node: Element | null = host; node; node = node.parentElement) {
    const style = view.getComputedStyle(node);
    opacity *= opacityOf(style.opacity);
    if (opacity < MIN_LAYER_OPACITY || /opacity|blur/.test(style.filter)) return false;
  }
  return true;
}

/** Whether `event` on `target` is a person's press (see above). `shownAt`: when the control appeared. */
export function isPersonPress(
  event: MouseEvent | globalThis.MouseEvent,
  target: Element,
  shownAt: number,
): boolean {
  const native = 'nativeEvent' in event ? event.nativeEvent : event;
  if (!native.isTrusted) return false;
  // `detail` is 0 for a click made with the keyboard (Enter, Space): no pointer aimed at anything.
  if (native.detail > 0 && performance.now() - shownAt < ARM_MS) return false;
  return layerIntact(target);
}

/**
 * When this component appeared (`performance.now()`, read in event handlers), and whether `ARM_MS`
 * has passed since.
 */
export function useArmed(): { shownAt: { readonly current: number }; armed: boolean } {
  const shownAt = useRef(Number.POSITIVE_INFINITY);
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    shownAt.current = performance.now();
    const timer = setTimeout(() => setArmed(true), ARM_MS);
    return () => clearTimeout(timer);
  }, []);
  return { shownAt, armed };
}

type PersonButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick'> & {
  /** Called for a person's press only. */
  onPress(): void;
  ref?: Ref<HTMLButtonElement>;
};

/** A `<button>` whose `onPress` only a person can trigger (see `isPersonPress`). */
export function PersonButton({ onPress, ...props }: PersonButtonProps) {
  const { shownAt, armed } = useArmed();
  return (
    <button
      type="button"
      {...props}
      aria-disabled={props['aria-disabled'] ?? (armed ? undefined : true)}
      onClick={(event) => {
        if (isPersonPress(event, event.currentTarget, shownAt.current)) onPress();
      }}
    />
  );
}

/** A computed `opacity` as a number (an engine that reports none means fully opaque). */
function opacityOf(value: string): number {
  const parsed = Number.parseFloat(value);
  return Number.isNaN(parsed) ? 1 : parsed;
}
