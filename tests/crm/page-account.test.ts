// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { readHubspotAccount } from '@/lib/crm/hubspot/page';
import { readSalesforceAccount } from '@/lib/crm/salesforce/page';
import type { RecordRef } from '@/lib/crm/types';

const page = (html: string) => {
  document.body.innerHTML = html;
  return document;
};
afterEach(() => {
  document.body.innerHTML = '';
});

const hs = (kind: RecordRef['kind'], id: string): RecordRef => ({
  crm: 'hubspot',
  kind,
  id,
  host: 'app.hubspot.com',
  portalId: '1',
  url: 'https://app.hubspot.com/',
});
const sf = (kind: RecordRef['kind'], id: string): RecordRef => ({
  crm: 'salesforce',
  kind,
  id,
  host: 'x.lightning.force.com',
  url: 'https://x.lightning.force.com/',
});

describe('the account a CRM page shows', () => {
  it('HubSpot company: its own id, and the name and domain of the highlight strip', () => {
    const doc = page(`<div data-test-id="record-highlight-content"><h1 data-test-id="highlight-property-display-name"> Nordwind GmbH </h1>
      <div data-test-id="highlight-property-display-domain">nordwind.example</div></div>`);
    expect(readHubspotAccount(doc, hs('company', '7001'))).toEqual({ ids: ['7001'], name: 'Nordwind GmbH', domain: 'nordwind.example' });
  });

  it('HubSpot deal: the associated companies by the ids in their links, never the navigation’s', () => {
    const doc = page(`<nav id="hs-nav-v4"><a href="/contacts/1/record/0-2/9999">Other</a></nav>
      <aside><a href="/contacts/1/record/0-2/7001">Nordwind GmbH</a><a href="/contacts/1/company/7002">Sundial</a></aside>`);
    expect(readHubspotAccount(doc, hs('deal', '9001'))).toEqual({ ids: ['7001', '7002'], name: 'Nordwind GmbH', domain: null });
    expect(readHubspotAccount(doc, hs('contact', '51'))).toBeNull();
  });

  it('Salesforce: an account’s own id and header; an opportunity’s Account Name link (15 → 18 characters), active view only', () => {
    const doc =
      page(`<div class="windowViewMode-normal"><h1>Stale Co</h1><a href="/lightning/r/Account/001Dn00000ZzZz1IAF/view">Stale</a></div>
      <div class="windowViewMode-normal active"><h1>Kumo KK</h1><a href="/lightning/r/Account/001Dn00000AcMe1/view">Kumo KK</a></div>`);
    expect(readSalesforceAccount(doc, sf('account', '001Dn00000AcMe1IAF'))).toEqual({
      ids: ['001Dn00000AcMe1IAF'],
      name: 'Kumo KK',
      domain: null,
    });
    expect(readSalesforceAccount(doc, sf('opportunity', '006Dn00000OpPtyIAF'))).toEqual({
      ids: ['001Dn00000AcMe1IAF'],
      name: 'Kumo KK',
      domain: null,
    });
  });
});
