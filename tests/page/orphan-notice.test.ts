// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_ID, showUpdatedNotice } from '@/lib/page/orphan-notice';

afterEach(() => {
  vi.useRealTimers();
  document.getElementById(NOTICE_ID)?.remove();
  document.body.innerHTML = '';
});

const shadow = () => document.getElementById(NOTICE_ID)!.shadowRoot!;

describe('the "Loopside was updated" notice', () => {
  it('is a labelled landmark whose status line is filled once it is in the page (so it is announced)', () => {
    vi.useFakeTimers();
    showUpdatedNotice(document, 64, false, () => {});
    const landmark = shadow().querySelector('aside')!;
    expect(landmark.getAttribute('aria-label')).toBe('Loopside');
    const status = shadow().querySelector('[role=status]')!;
    expect(status.textContent?.trim()).toBe('');
    vi.advanceTimersByTime(100);
    expect(status.textContent).toBe('Loopside was updated — reload this tab');
  });

  it('sits at the right edge below the CRM navigation', () => {
    const host = showUpdatedNotice(document, 88, false, () => {});
    const style = host.getAttribute('style')!;
    expect(style).toContain('position:fixed');
    expect(style).toContain('right:0');
    expect(style).toContain('top:88px');
  });

  it('reloads the tab from its button, and takes focus only when asked', () => {
    const reload = vi.fn();
    const outside = document.createElement('input');
    document.body.append(outside);
    outside.focus();
    showUpdatedNotice(document, 64, false, reload);
    expect(document.activeElement).toBe(outside);

    showUpdatedNotice(document, 64, true, reload);
    const button = shadow().querySelector('button')!;
    expect(button.textContent).toBe('Reload tab');
    expect(shadow().activeElement).toBe(button);
    button.click();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('is shown once however many times the orphaning is noticed', () => {
    showUpdatedNotice(document, 64, false, () => {});
    showUpdatedNotice(document, 64, false, () => {});
    expect(document.querySelectorAll(`#${NOTICE_ID}`)).toHaveLength(1);
  });
});
