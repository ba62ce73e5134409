import type { Page } from 'playwright-core';

export interface Covered {
  text: string;
  box: { x: number; y: number; width: number; height: number };
}

/**
 * The CRM's text the Loopside frame sits on: every visible text run (field values, labels,
 * navigation items, card entries) whose box intersects the frame's box. Text boxes come from
 * ranges, so a wide container with its words to the left does not count as covered.
 */
export function textUnderSidebar(page: Page): Promise<Covered[]> {
  return page.evaluate(() => {
    const frame = document.getElementById('loopside-sidebar');
    if (!frame) throw new Error('no Loopside frame on the page');
    const f = frame.getBoundingClientRect();
    const covered: { text: string; box: { x: number; y: number; width: number; height: number } }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || !parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (parent.closest('script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width === 0 || r.height === 0) continue;
        const overlaps = r.left < f.right - 0.5 && r.right > f.left + 0.5 && r.top < f.bottom - 0.5 && r.bottom > f.top + 0.5;
        if (overlaps) covered.push({ text, box: { x: r.x, y: r.y, width: r.width, height: r.height } });
      }
    }
    return covered;
  });
}

/** Page zoom as Chromium applies it: fewer CSS pixels across the same window, each drawn larger. */
export async function zoomTo(page: Page, window: { width: number; height: number }, zoom: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: Math.round(window.width / zoom),
    height: Math.round(window.height / zoom),
    deviceScaleFactor: zoom,
    mobile: false,
  });
}
