import type { Page } from 'playwright-core';

/**
 * Elements whose content is wider than their box (what makes a phone scroll sideways), at the
 * page's current viewport: every block-level element of the body, scroll containers included,
 * and the page itself. Returns a short description of each.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    };
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page: ${root.scrollWidth}px in ${root.clientWidth}px`);
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.display === 'none' || style.display === 'contents') continue;
      if (el instanceof HTMLElement && el.offsetParent === null && style.position !== 'fixed') continue;
      // Visually hidden text (the `sr` class: 1 px, clipped) is for screen readers, not a box to read.
      let hidden = false;
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) if (a.clientWidth <= 1 && getComputedStyle(a).display !== 'inline') hidden = true;
      if (hidden) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${describe(el)}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    return out;
  });
}
