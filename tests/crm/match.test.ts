import { describe, expect, it } from 'vitest';
import { matchesRecord, sameContact, type ResponseIdentity } from '@/lib/crm/match';
import type { RecordRef } from '@/lib/crm/types';

const hs = (kind: RecordRef['kind'], id: string): RecordRef => ({
  crm: 'hubspot',
  kind,
  id,
  host: 'app.hubspot.com',
  portalId: '24681357',
  url: `https://app.hubspot.com/contacts/24681357/record/0-1/${id}`,
});
const sf = (kind: RecordRef['kind'], id: string): RecordRef => ({
  crm: 'salesforce',
  kind,
  id,
  host: 'acme.lightning.force.com',
  url: `https://acme.lightning.force.com/lightning/r/X/${id}/view`,
});

const MARIA = hs('contact', '51');
const NORDWIND = hs('company', '51');
const AIKO = sf('contact', '003Dn00000QxYz1IAF');
const LUKAS = sf('lead', '00QDn00000LeAd7MAF');
const KUMO = sf('account', '001Dn00000AcMe1IAF');

describe('matchesRecord', () => {
  it.each<[string, ResponseIdentity, RecordRef, string | null, boolean]>([
    // By CRM id: the id decides
    ['same HubSpot contact id', { hubspotId: '51' }, MARIA, null, true],
    ['same HubSpot contact id, another e-mail shown', { hubspotId: '51', email: 'old@x.example' }, MARIA, 'new@x.example', true],
    ['another HubSpot contact id, same e-mail', { hubspotId: '52', email: 'm@x.example' }, MARIA, 'm@x.example', false],
    ['same Salesforce contact id', { salesforceId: '003Dn00000QxYz1IAF' }, AIKO, null, true],
    ['Salesforce id in its 15-character form', { salesforceId: '003Dn00000QxYz1' }, AIKO, null, true],
    ['Salesforce id with a lower-case suffix', { salesforceId: '003Dn00000QxYz1iaf' }, AIKO, null, true],
    ['another Salesforce contact, same e-mail', { salesforceId: '003Dn00000OtHer', email: 'a@k.example' }, AIKO, 'a@k.example', false],
    // By e-mail when the response has no id for this CRM, or one of another object type
    ['no id, e-mail shown on the record (any case)', { email: 'm@x.example' }, MARIA, 'M@X.example', true],
    ['no id, another e-mail shown', { email: 'm@x.example' }, MARIA, 'n@x.example', false],
    ['no id and no e-mail shown (yet)', { email: 'm@x.example' }, MARIA, null, false],
    ['no id and no e-mail in the response', {}, MARIA, 'm@x.example', false],
    ['a Salesforce lead matched by e-mail', { email: 'lukas.brandt@feldmann.example' }, LUKAS, 'lukas.brandt@feldmann.example', true],
    ['a HubSpot id says nothing on Salesforce; the e-mail does', { hubspotId: '51', email: 'l@f.example' }, LUKAS, 'l@f.example', true],
    [
      'a Salesforce id says nothing on HubSpot; the e-mail does',
      { salesforceId: '003Dn00000QxYz1IAF', email: 'm@x.example' },
      MARIA,
      'm@x.example',
      true,
    ],
    [
      'a lead id on the contact it was converted into: by e-mail',
      { salesforceId: '00QDn00000LeAd7MAF', email: 'l@f.example' },
      AIKO,
      'l@f.example',
      true,
    ],
    ['an unreadable Salesforce id is no id', { salesforceId: '003Dn00000QxYz1ZZZ', email: 'a@k.example' }, AIKO, 'a@k.example', true],
    // Records that are not a person: no e-mail matching
    ['a contact id is not a company id', { hubspotId: '51' }, NORDWIND, null, false],
    ['a company page showing a contact address', { hubspotId: '51', email: 'm@x.example' }, NORDWIND, 'm@x.example', false],
    ['a Salesforce account page showing a contact address', { email: 'a@k.example' }, KUMO, 'a@k.example', false],
    ['a contact id on an account page', { salesforceId: '003Dn00000QxYz1IAF' }, KUMO, null, false],
  ])('%s', (_, response, record, email, expected) => {
    expect(matchesRecord(response, record, email)).toBe(expected);
  });
});

describe('sameContact', () => {
  it.each<[string, ResponseIdentity, ResponseIdentity, boolean]>([
    // By e-mail when neither id can be compared
    ['same e-mail, any case and spacing', { email: 'Maria@X.example ' }, { email: 'maria@x.example' }, true],
    ['another e-mail', { email: 'maria@x.example' }, { email: 'mario@x.example' }, false],
    ['no e-mail on one side', { email: 'maria@x.example' }, {}, false],
    ['nothing to compare', {}, {}, false],
    ['empty e-mails are no e-mail', { email: '' }, { email: '' }, false],
    // By HubSpot contact id
    ['same HubSpot id, no e-mail at all', { hubspotId: '51' }, { hubspotId: '51' }, true],
    [
      'same HubSpot id, e-mail changed since',
      { hubspotId: '51', email: 'old@x.example' },
      { hubspotId: '51', email: 'new@x.example' },
      true,
    ],
    [
      'another HubSpot id, same e-mail: two contacts',
      { hubspotId: '51', email: 'team@x.example' },
      { hubspotId: '52', email: 'team@x.example' },
      false,
    ],
    ['a HubSpot id on one side only: the e-mail decides', { hubspotId: '51', email: 'm@x.example' }, { email: 'M@x.example' }, true],
    ['a HubSpot id on one side, an e-mail on the other: nothing joins them', { hubspotId: '51' }, { email: 'm@x.example' }, false],
    // By Salesforce id, 15 or 18 characters
    ['same Salesforce id, 15 and 18 characters', { salesforceId: '003Dn00000QxYz1' }, { salesforceId: '003Dn00000QxYz1IAF' }, true],
    ['same Salesforce id, lower-case suffix', { salesforceId: '003Dn00000QxYz1iaf' }, { salesforceId: '003Dn00000QxYz1IAF' }, true],
    ['the 15-character id is case-sensitive', { salesforceId: '003Dn00000QxYz1' }, { salesforceId: '003DN00000QXYZ1' }, false],
    [
      'another Salesforce contact, same e-mail',
      { salesforceId: '003Dn00000OtHer', email: 'a@k.example' },
      { salesforceId: '003Dn00000QxYz1', email: 'a@k.example' },
      false,
    ],
    [
      'a lead and the contact it became: by e-mail',
      { salesforceId: '00QDn00000LeAd7MAF', email: 'l@f.example' },
      { salesforceId: '003Dn00000QxYz1IAF', email: 'l@f.example' },
      true,
    ],
    [
      'an unreadable Salesforce id is no id',
      { salesforceId: '003Dn00000QxYz1ZZZ', email: 'a@k.example' },
      { salesforceId: '003Dn00000QxYz1IAF', email: 'a@k.example' },
      true,
    ],
    // Both CRMs
    [
      'same Salesforce id, HubSpot ids differ: one id in common is enough',
      { hubspotId: '51', salesforceId: '003Dn00000QxYz1IAF' },
      { hubspotId: '52', salesforceId: '003Dn00000QxYz1' },
      true,
    ],
    [
      'a HubSpot id and a Salesforce id compare with nothing: the e-mail decides',
      { hubspotId: '51', email: 'm@x.example' },
      { salesforceId: '003Dn00000QxYz1IAF', email: 'm@x.example' },
      true,
    ],
  ])('%s', (_, a, b, expected) => {
    expect(sameContact(a, b)).toBe(expected);
    expect(sameContact(b, a)).toBe(expected);
  });
});
