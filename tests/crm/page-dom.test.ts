// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubspotEmailSource, hubspotNavBottom, readHubspotRecordEmail } from '@/lib/crm/hubspot/page';
import { activeSalesforceView, readSalesforceRecordEmail, salesforceEmailSource, salesforceNavBottom } from '@/lib/crm/salesforce/page';
import { adapterForHost, recordFromUrl } from '@/lib/crm/adapter';

const page = (html: string) => {
  document.body.innerHTML = html;
  return document;
};

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('readHubspotRecordEmail', () => {
  it.each([
    [
      'the e-mail property in the highlight strip, lower-cased and trimmed',
      `<div data-test-id="record-highlight-content"><h1 data-test-id="highlight-property-display-hs_full_name_or_email">Maria Keller</h1>
        <div data-test-id="highlight-property-display-email"> Maria.Keller@Nordwind.example </div></div>`,
      'maria.keller@nordwind.example',
    ],
    [
      'the property wrapped in a copy button and label',
      `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email"><span>Email</span><button>maria.keller@nordwind.example</button><span>Copy</span></div></div>`,
      'maria.keller@nordwind.example',
    ],
    [
      'a mailto link in the strip when the property shows none',
      `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email">--</div><a href="mailto:j%40x.example?subject=Hi">write</a></div>`,
      'j@x.example',
    ],
    [
      'the property outside a strip (older layouts)',
      `<div data-test-id="highlight-property-display-email">priya@sundial.example</div>`,
      'priya@sundial.example',
    ],
    ['nothing rendered yet', `<div id="loading"></div>`, null],
    [
      'a contact without an e-mail',
      `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email">--</div></div>`,
      null,
    ],
    [
      'text that only looks like an address',
      `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email">maria@nordwind</div></div>`,
      null,
    ],
    [
      'a mailto link outside the strip is someone else',
      `<div data-test-id="record-highlight-content"></div><a href="mailto:support@hubspot.example">help</a>`,
      null,
    ],
    ['a malformed escape in a mailto link', `<div data-test-id="record-highlight-content"><a href="mailto:%E0%A4%A">x</a></div>`, null],
  ])('%s', (_, html, expected) => {
    expect(readHubspotRecordEmail(page(html))).toBe(expected);
  });

  it('names the element it read, so a re-rendered record is told from the previous one', () => {
    const d = page(
      `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email">a@x.example</div></div>`,
    );
    const before = hubspotEmailSource(d);
    expect(before?.textContent).toBe('a@x.example');
    d.body.innerHTML = `<div data-test-id="record-highlight-content"><div data-test-id="highlight-property-display-email">a@x.example</div></div>`;
    expect(hubspotEmailSource(d)).not.toBe(before);
    expect(hubspotEmailSource(page('<p>nothing</p>'))).toBeNull();
  });
});

describe('readSalesforceRecordEmail: only the active view', () => {
  const view = (classes: string, email: string) =>
    `<div class="${classes}"><div class="slds-page-header"><h1>${email.split('@')[0]}</h1></div><dl><dt>Email</dt><dd><a href="mailto:${email}">${email}</a></dd></dl></div>`;

  it('ignores a stale view holding another e-mail, before and after the active one', () => {
    const stale = view('windowViewMode-normal oneContent', 'aiko.tanaka@kumo.example');
    const active = view('windowViewMode-normal oneContent active', 'lukas.brandt@feldmann.example');
    expect(readSalesforceRecordEmail(page(`<div class="oneWorkspace">${stale}${active}</div>`))).toBe('lukas.brandt@feldmann.example');
    expect(readSalesforceRecordEmail(page(`<div class="oneWorkspace">${active}${stale}</div>`))).toBe('lukas.brandt@feldmann.example');
  });

  it('reads nothing while only stale views exist (the new record has not rendered)', () => {
    expect(readSalesforceRecordEmail(page(view('windowViewMode-normal', 'aiko.tanaka@kumo.example')))).toBeNull();
  });

  it('reads nothing from an active record that shows no e-mail (an Account)', () => {
    const d = page(
      `${view('windowViewMode-normal', 'aiko.tanaka@kumo.example')}<div class="windowViewMode-normal active"><h1>Kumo KK</h1></div>`,
    );
    expect(readSalesforceRecordEmail(d)).toBeNull();
  });

  it('console apps: the maximized active view', () => {
    expect(readSalesforceRecordEmail(page(view('windowViewMode-maximized active', 'C@D.example')))).toBe('c@d.example');
  });

  it('console apps: the innermost active view, never a stale sub-tab inside the active workspace', () => {
    const d = page(`<div class="windowViewMode-maximized active">
      ${view('windowViewMode-normal', 'stale@x.example')}
      ${view('windowViewMode-normal active', 'shown@x.example')}
    </div>`);
    expect(activeSalesforceView(d)?.textContent).toContain('shown@x.example');
    expect(readSalesforceRecordEmail(d)).toBe('shown@x.example');
    const noActiveSubTab = page(`<div class="windowViewMode-maximized active">${view('windowViewMode-normal', 'stale@x.example')}</div>`);
    expect(readSalesforceRecordEmail(noActiveSubTab)).toBeNull();
  });

  it('skips a mailto link that holds no address and takes the next', () => {
    const d = page(
      `<div class="windowViewMode-normal active"><a href="mailto:">Send email</a><a href="mailto:aiko.tanaka@kumo.example">aiko.tanaka@kumo.example</a></div>`,
    );
    expect(readSalesforceRecordEmail(d)).toBe('aiko.tanaka@kumo.example');
    expect(salesforceEmailSource(d)?.getAttribute('href')).toBe('mailto:aiko.tanaka@kumo.example');
  });

  it('without any view there is nothing to read', () => {
    expect(readSalesforceRecordEmail(page(`<a href="mailto:a@x.example">a</a>`))).toBeNull();
    expect(salesforceEmailSource(page(`<a href="mailto:a@x.example">a</a>`))).toBeNull();
  });
});

describe('navigation bottoms', () => {
  /** happy-dom has no layout: give elements the boxes a browser would. */
  const place = (boxes: Record<string, { top: number; height: number }>) => {
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      const box = boxes[this.id || this.tagName.toLowerCase() || ''] ?? [...this.classList].map((c) => boxes[`.${c}`]).find(Boolean);
      return box ? new DOMRect(0, box.top, 1200, box.height) : new DOMRect(0, 0, 0, 0);
    });
  };

  it('HubSpot: below the navigation bar', () => {
    const d = page(`<nav id="hs-nav-v4"></nav><main></main>`);
    place({ 'hs-nav-v4': { top: 0, height: 56 } });
    expect(hubspotNavBottom(d)).toBe(56);
  });

  it('HubSpot: below a trial banner plus the navigation, rounded up', () => {
    const d = page(`<header role="banner"></header><nav id="hs-nav-v4"></nav>`);
    place({ header: { top: 0, height: 40 }, 'hs-nav-v4': { top: 40, height: 56.4 } });
    expect(hubspotNavBottom(d)).toBe(97);
  });

  it('HubSpot: the fallback before the navigation renders, and without layout', () => {
    expect(hubspotNavBottom(page(`<main></main>`))).toBe(64);
    expect(hubspotNavBottom(page(`<nav id="hs-nav-v4"></nav>`))).toBe(64);
  });

  it('HubSpot: a page wrapper matching a selector is not a top bar', () => {
    const d = page(`<div data-test-id="navigation"></div>`);
    place({ div: { top: 0, height: window.innerHeight } });
    expect(hubspotNavBottom(d)).toBe(64);
  });

  it('Salesforce: below both the global header and the app navigation', () => {
    const d = page(`<div id="oneHeader"><div class="oneGlobalNav"></div></div><one-appnav></one-appnav>`);
    place({ oneHeader: { top: 0, height: 50 }, '.oneGlobalNav': { top: 0, height: 50 }, 'one-appnav': { top: 50, height: 40 } });
    expect(salesforceNavBottom(d)).toBe(90);
  });

  it('Salesforce: the fallback before the header renders', () => {
    expect(salesforceNavBottom(page(`<div class="oneWorkspace"></div>`))).toBe(90);
  });
});

describe('adapterForHost and recordFromUrl', () => {
  it.each([
    ['app.hubspot.com', 'hubspot'],
    ['app-eu1.hubspot.com', 'hubspot'],
    ['app-na2.hubspot.com', 'hubspot'],
    ['acme.lightning.force.com', 'salesforce'],
    ['acme--dev.sandbox.lightning.force.com', 'salesforce'],
    ['agency.lightning.force.mil', 'salesforce'],
    ['www.hubspot.com', null],
    ['acme.my.salesforce.com', null],
    ['example.com', null],
  ])('%s → %s', (host, crm) => expect(adapterForHost(host)?.crm ?? null).toBe(crm));

  it('each adapter answers for its own CRM only', () => {
    const hs = new URL('https://app.hubspot.com/contacts/24681357/record/0-1/51');
    const sf = new URL('https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view');
    expect(adapterForHost('app.hubspot.com')!.recordFromUrl(sf)).toBeNull();
    expect(adapterForHost('acme.lightning.force.com')!.recordFromUrl(hs)).toBeNull();
    expect(recordFromUrl(hs)).toMatchObject({ crm: 'hubspot', id: '51' });
    expect(recordFromUrl(sf)).toMatchObject({ crm: 'salesforce', id: '003Dn00000QxYz1IAF' });
    expect(recordFromUrl(new URL('https://example.com/contacts/1/record/0-1/51'))).toBeNull();
  });
});
