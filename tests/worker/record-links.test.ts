import { describe, expect, it } from 'vitest';
import { hubspotRecordFromUrl } from '@/lib/crm/hubspot/page';
import { salesforceRecordFromUrl } from '@/lib/crm/salesforce/page';
import { pageLinkKeys, recordLinkKeys } from '@/lib/worker/record-links';

const hs = (href: string) => hubspotRecordFromUrl(new URL(href));
const sf = (href: string) => salesforceRecordFromUrl(new URL(href));

describe('pageLinkKeys: what a visited record page is remembered under', () => {
  it.each([
    [
      'a HubSpot contact with its e-mail',
      hs('https://app.hubspot.com/contacts/24681357/record/0-1/51'),
      'Maria.Keller@Nordwind.example',
      ['hubspot:51', 'email:maria.keller@nordwind.example'],
    ],
    [
      'a HubSpot company (ids are per object type)',
      hs('https://app.hubspot.com/contacts/24681357/record/0-2/51'),
      'info@nordwind.example',
      ['hubspot:company:51'],
    ],
    [
      'a Salesforce contact, 15-char id in the URL',
      sf('https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1/view'),
      null,
      ['salesforce:003Dn00000QxYz1IAF'],
    ],
    [
      'a Salesforce lead with its e-mail',
      sf('https://acme.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view'),
      'lukas@feldmann.example',
      ['salesforce:00QDn00000LeAd7MAF', 'email:lukas@feldmann.example'],
    ],
    ['no record', null, 'x@y.example', []],
  ])('%s', (_, record, email, keys) => {
    expect(pageLinkKeys({ record, email })).toEqual(keys);
  });

  it('a loop finds the keys its own record page was stored under', () => {
    const page = pageLinkKeys({ record: hs('https://app.hubspot.com/contacts/1/record/0-1/51'), email: 'maria@nordwind.example' });
    const loop = recordLinkKeys({ hubspotId: '51', salesforceId: '', email: 'maria@nordwind.example' });
    expect(loop.every((k) => page.includes(k))).toBe(true);
  });
});
