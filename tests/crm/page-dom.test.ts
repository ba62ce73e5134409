// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readHubspotRecordEmail } from '@/lib/crm/hubspot/page';
import { readSalesforceRecordEmail } from '@/lib/crm/salesforce/page';
import { matchesRecord } from '@/lib/crm/match';
import { adapterForHost } from '@/lib/crm/adapter';
import type { RecordRef } from '@/lib/crm/types';

const doc = (html: string) => {
  document.body.innerHTML = html;
  return document;
};

describe('reading the e-mail a record shows', () => {
  it('HubSpot: from the highlight strip', () => {
    const d = doc(`<div data-test-id="record-highlight-content"><span data-test-id="highlight-property-display-email"> Maria.Keller@Nordwind.example </span></div>`);
    expect(readHubspotRecordEmail(d)).toBe('maria.keller@nordwind.example');
  });
  it('HubSpot: from a mailto link in the strip, or nothing', () => {
    expect(readHubspotRecordEmail(doc(`<div data-test-id="record-highlight-content"><a href="mailto:j%40x.example">write</a></div>`))).toBe('j@x.example');
    expect(readHubspotRecordEmail(doc(`<div data-test-id="record-highlight-content"><span>no e-mail</span></div>`))).toBeNull();
    expect(readHubspotRecordEmail(doc(`<a href="mailto:%E0%A4%A">x</a>`))).toBeNull();
  });
  it('Salesforce: only from the active view, never a stale one', () => {
    const d = doc(`
      <div class="windowViewMode-normal"><a href="mailto:aiko.tanaka@kumo.example">aiko</a></div>
      <div class="windowViewMode-normal active"><a href="mailto:lukas.brandt@feldmann.example">lukas</a></div>`);
    expect(readSalesforceRecordEmail(d)).toBe('lukas.brandt@feldmann.example');
    expect(readSalesforceRecordEmail(doc(`<div class="windowViewMode-normal"><a href="mailto:a@b.example">a</a></div>`))).toBeNull();
    expect(readSalesforceRecordEmail(doc(`<div class="windowViewMode-maximized active"><a href="mailto:c@d.example">c</a></div>`))).toBe('c@d.example');
  });
});

describe('adapterForHost', () => {
  it.each([
    ['app.hubspot.com', 'hubspot'],
    ['app-eu1.hubspot.com', 'hubspot'],
    ['acme.lightning.force.com', 'salesforce'],
    ['acme--dev.sandbox.lightning.force.com', 'salesforce'],
    ['www.hubspot.com', null],
    ['example.com', null],
  ])('%s → %s', (host, crm) => expect(adapterForHost(host)?.crm ?? null).toBe(crm));
});

describe('matchesRecord', () => {
  const hsContact: RecordRef = { crm: 'hubspot', kind: 'contact', id: '51', host: 'app.hubspot.com', url: 'https://app.hubspot.com/contacts/1/record/0-1/51' };
  const hsCompany: RecordRef = { ...hsContact, kind: 'company', id: '51' };
  const sfLead: RecordRef = { crm: 'salesforce', kind: 'lead', id: '00QDn00000LeAd7MAF', host: 'a.lightning.force.com', url: 'https://a.lightning.force.com/' };
  it.each([
    ['same HubSpot contact id', { hubspotId: '51' }, hsContact, null, true],
    ['other HubSpot contact id, same e-mail', { hubspotId: '52', email: 'm@x.example' }, hsContact, 'm@x.example', false],
    ['no id, e-mail shown on the record', { email: 'm@x.example' }, hsContact, 'M@x.example', true],
    ['a contact id is not a company id', { hubspotId: '51' }, hsCompany, null, false],
    ['contact id on a company page falls back to e-mail', { hubspotId: '51', email: 'm@x.example' }, hsCompany, 'm@x.example', true],
    ['Salesforce id', { salesforceId: '00QDn00000LeAd7MAF' }, sfLead, null, true],
    ['HubSpot id does not match a Salesforce page; e-mail does', { hubspotId: '51', email: 'l@f.example' }, sfLead, 'l@f.example', true],
    ['no id and no e-mail shown', { email: 'm@x.example' }, hsContact, null, false],
  ] as const)('%s', (_, response, record, email, expected) => {
    expect(matchesRecord(response, record, email)).toBe(expected);
  });
});
