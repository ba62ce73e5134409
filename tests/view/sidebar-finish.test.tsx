// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act as flush, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { DEFAULT_POLICY, foldLoop, openLoop, type LoopEvent, type LoopState } from '@/lib/loop';
import { calendarFor } from '@/lib/db/engine-context';
import { defaultSettings } from '@/lib/settings/schema';
import { FinishLoop, loadFinishForms, type ActStep } from '@/components/sidebar/FinishLoop';

// A ceiling, not an expectation: waitFor's 1 s default fails on a busy 2-core machine.
configure({ asyncUtilTimeout: 30_000 });

const NOW = Date.UTC(2026, 10, 16, 10, 0);
const calendar = calendarFor(DEFAULT_POLICY, defaultSettings('UTC'));

function baseEvents(): LoopEvent[] {
  return openLoop({ id: 'r1', scale: 'nps', score: 2, comment: 'Broken export', respondedAt: NOW - 3_600_000, extra: {} }, DEFAULT_POLICY, {
    calendar,
    recordedAt: NOW - 3_600_000,
  });
}
const fold = (events: LoopEvent[]): LoopState => foldLoop(events, { policy: DEFAULT_POLICY, calendar, now: NOW });

/** What the background would record for the steps: the component then sees the loop change. */
let clock = NOW;
function applied(events: LoopEvent[], steps: ActStep[]): LoopEvent[] {
  const made = steps.map(({ eventId, action }): LoopEvent => {
    const base = { id: eventId, loopId: 'r1', at: ++clock, actor: 'me' };
    if (action.kind === 'close') return { ...base, type: 'closed', state: action.state, reason: action.reason };
    if (action.kind === 'reopen') {
      // As the worker does: a reopen names the close it undoes.
      const lastClose = events.findLast((e) => e.type === 'closed');
      return { ...base, type: 'reopened', reason: action.reason, ...(lastClose ? { reopens: lastClose.id } : {}) };
    }
    if (action.kind === 'reason')
      return { ...base, type: 'reason_set', category: action.category, ...(action.note ? { note: action.note } : {}) };
    throw new Error(`unexpected ${action.kind}`);
  });
  return [...events, ...made];
}

afterEach(cleanup);

/**
 * Picks an option as a person does: the select's value, then its `change` event. Not
 * fireEvent.change: with preact/compat, @testing-library/preact fires `input` instead (right for
 * text fields, whose onChange compat listens for as `input`; a select's stays `change`).
 */
function choose(select: HTMLElement, value: string) {
  flush(() => {
    (select as HTMLSelectElement).value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function setup(events = baseEvents()) {
  const calls: ActStep[][] = [];
  let current = events;
  let fail: string | null = null;
  const view = render(<FinishLoop loop={fold(current)} timeZone="UTC" act={act} />);
  async function act(steps: ActStep[]) {
    calls.push(steps);
    if (fail) throw new Error(fail);
    current = applied(current, steps);
    view.rerender(<FinishLoop loop={fold(current)} timeZone="UTC" act={act} />);
  }
  return { calls, failNext: (why: string | null) => (fail = why), view };
}

const reasonBox = (name: string) => screen.getByRole('textbox', { name }) as HTMLTextAreaElement;

// First, before anything loads the forms: a sidebar that never opens one never fetches their code.
describe('the forms load when first wanted', () => {
  it('says the form is loading, then shows it with focus on its first choice', async () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close loop…' }));
    expect(screen.getByText('Loading the form…')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Resolved' })));
    expect(screen.queryByText('Loading the form…')).toBeNull();
  });
});

describe('closing a loop', () => {
  // Loaded once per sidebar: from then on a form opens in the same render as its button's click.
  beforeAll(() => loadFinishForms());
  it('opens a form with focus on its first choice, and cancel returns focus to the button', () => {
    setup();
    const toggle = screen.getByRole('button', { name: 'Close loop…' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Resolved' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Close the loop' })).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('needs an end state and a reason, says so next to the field, and sends nothing', () => {
    const { calls } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close loop…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close loop' }));
    expect(screen.getByText('Choose how the loop ends.')).toBeTruthy();
    expect(screen.getByText('Say why the loop ends.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Resolved' }));

    fireEvent.click(screen.getByRole('radio', { name: 'Churned' }));
    fireEvent.input(reasonBox('Reason for closing'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Close loop' }));
    expect(document.activeElement).toBe(reasonBox('Reason for closing'));
    expect(reasonBox('Reason for closing').getAttribute('aria-invalid')).toBe('true');
    expect(reasonBox('Reason for closing').getAttribute('aria-describedby')).toBe(screen.getByText('Say why the loop ends.').id);
    expect(calls).toHaveLength(0);
  });

  it('sends the root cause then the close, keeps the ids on a retry, and shows the loop closed with focus on it', async () => {
    const { calls, failNext } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close loop…' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Resolved' }));
    fireEvent.input(reasonBox('Reason for closing'), { target: { value: 'Fixed in 4.2 <b>confirmed</b>' } });
    choose(screen.getByRole('combobox', { name: /Root cause/ }), 'Product bug');
    fireEvent.input(screen.getByRole('textbox', { name: /Root cause detail/ }), { target: { value: 'export crash' } });

    failNext('Loopside’s background did not answer. Try again in a moment.');
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Close loop' })));
    expect(screen.getByTestId('finish-status').textContent).toContain('did not answer');

    failNext(null);
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Close loop' })));
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[0]!.map((s) => s.action)).toEqual([
      { kind: 'reason', category: 'Product bug', note: 'export crash' },
      { kind: 'close', state: 'resolved', reason: 'Fixed in 4.2 <b>confirmed</b>' },
    ]);
    expect(new Set(calls[0]!.map((s) => s.eventId)).size).toBe(2);

    const status = screen.getByTestId('loop-status');
    expect(status.textContent).toContain('Closed · Resolved');
    expect(document.activeElement).toBe(status);
    expect(screen.getByTestId('closed-reason').textContent).toBe('Fixed in 4.2 <b>confirmed</b>');
    expect(document.querySelector('b')).toBeNull();
    expect(screen.getByTestId('root-cause').textContent).toBe('Root cause: Product bug — export crash');
  });

  it('a changed request after a failure is a new decision with new ids', async () => {
    const { calls, failNext } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close loop…' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Resolved' }));
    fireEvent.input(reasonBox('Reason for closing'), { target: { value: 'Fixed' } });
    failNext('This loop is already closed.');
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Close loop' })));
    failNext(null);
    fireEvent.click(screen.getByRole('radio', { name: 'Churned' }));
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Close loop' })));
    expect(calls[1]![0]!.eventId).not.toBe(calls[0]![0]!.eventId);
  });
});

describe('reopening and the root cause', () => {
  beforeAll(() => loadFinishForms());
  const closedEvents = () =>
    applied(baseEvents(), [{ eventId: crypto.randomUUID(), action: { kind: 'close', state: 'churned', reason: 'Left us' } }]);

  it('reopens a closed loop with a required reason', async () => {
    const { calls } = setup(closedEvents());
    expect(screen.getByTestId('loop-status').textContent).toContain('Closed · Churned');
    fireEvent.click(screen.getByRole('button', { name: 'Reopen loop…' }));
    expect(document.activeElement).toBe(reasonBox('Reason for reopening'));
    fireEvent.click(screen.getByRole('button', { name: 'Reopen loop' }));
    expect(screen.getByText('Say why the loop reopens.')).toBeTruthy();
    expect(calls).toHaveLength(0);
    fireEvent.input(reasonBox('Reason for reopening'), { target: { value: 'She called back' } });
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Reopen loop' })));
    expect(calls[0]!.map((s) => s.action)).toEqual([{ kind: 'reopen', reason: 'She called back' }]);
    expect(screen.queryByTestId('loop-status')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Finish the loop' }));
  });

  it('"Other" needs the words; a saved root cause keeps the loop open and focus on its button', async () => {
    const { calls } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Set root cause…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save root cause' }));
    expect(screen.getByText('Choose a root cause.')).toBeTruthy();
    choose(screen.getByRole('combobox', { name: /Root cause/ }), 'Other');
    fireEvent.click(screen.getByRole('button', { name: 'Save root cause' }));
    expect(screen.getByText('Say what the root cause was.')).toBeTruthy();
    fireEvent.input(screen.getByRole('textbox', { name: /Root cause detail/ }), { target: { value: 'Wrong invoice address' } });
    await flush(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save root cause' })));
    expect(calls[0]!.map((s) => s.action)).toEqual([{ kind: 'reason', category: 'Other', note: 'Wrong invoice address' }]);
    expect(screen.getByTestId('root-cause').textContent).toBe('Root cause: Other — Wrong invoice address');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change root cause…' }));
    expect(screen.getByTestId('finish-status').textContent).toBe('Root cause saved: Other.');
  });
});

vi.setConfig({ testTimeout: 10_000 });
