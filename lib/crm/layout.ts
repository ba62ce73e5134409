/**
 * The lowest bottom edge (px from the viewport top) of the CRM's top bars matched by `selector`,
 * or `fallback` when none of them can be measured (not rendered yet, hidden, or a DOM without
 * layout). Several selectors usually match stacked bars (global header, then app navigation):
 * the sidebar starts below all of them.
 */
export function bottomOfTopBars(doc: Document, selector: string, fallback: number): number {
  const viewport = doc.defaultView?.innerHeight ?? 0;
  let bottom = 0;
  for (const bar of doc.querySelectorAll(selector)) {
    const box = bar.getBoundingClientRect();
    if (box.height <= 0 || box.bottom <= 0) continue;
    // Something reaching past the middle of the screen is a page wrapper, not a top bar.
    if (viewport > 0 && box.bottom > viewport / 2) continue;
    bottom = Math.max(bottom, box.bottom);
  }
  return bottom > 0 ? Math.ceil(bottom) : fallback;
}
