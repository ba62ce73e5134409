import { describe, expect, it } from 'vitest';
import { RecordRefSchema } from '@/lib/crm/record-schema';
import { recordFromUrl } from '@/lib/crm/adapter';
import type { RecordRef } from '@/lib/crm/types';

const URLS = [
  'https://app.hubspot.com/contacts/24681357/record/0-1/51',
  'https://app-eu1.hubspot.com/contacts/143948123/record/0-2/7001/view/1?tab=about',
  'https://app.hubspot.com/contacts/24681357/deal/9001',
  'https://loopside-demo.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1/view',
  'https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view',
  'https://acme.lightning.force.com/one/one.app#/sObject/006Dn00000OpPtyIAF/view',
];

describe('RecordRefSchema', () => {
  it.each(URLS)('accepts what the page adapters make of %s', (href) => {
    const record = recordFromUrl(new URL(href));
    expect(record).not.toBeNull();
    expect(RecordRefSchema.parse(record)).toEqual(record);
  });

  const hubspot = recordFromUrl(new URL(URLS[0]!))!;
  const salesforce = recordFromUrl(new URL(URLS[3]!))!;
  it.each<[string, RecordRef | Record<string, unknown>]>([
    ['a HubSpot record on a Salesforce host', { ...hubspot, host: 'acme.lightning.force.com' }],
    ['a HubSpot record on the marketing site', { ...hubspot, host: 'www.hubspot.com', url: 'https://www.hubspot.com/x' }],
    ['a look-alike host', { ...hubspot, host: 'app.hubspot.com.evil.example', url: 'https://app.hubspot.com.evil.example/' }],
    ['a HubSpot id that is not a number', { ...hubspot, id: '51a' }],
    ['a Salesforce id in the 15-character form', { ...salesforce, id: '003Dn00000QxYz1' }],
    ['a Salesforce id with a wrong suffix', { ...salesforce, id: '003Dn00000QxYz1ZZZ' }],
    ['a Salesforce id with a lower-case suffix (not canonical)', { ...salesforce, id: '003Dn00000QxYz1iaf' }],
    ['a kind the CRM does not have', { ...hubspot, kind: 'lead' }],
    ['a kind nobody has', { ...hubspot, kind: 'ticket' }],
    ['a URL on another host', { ...hubspot, url: 'https://evil.example/contacts/24681357/record/0-1/51' }],
    ['an http URL', { ...hubspot, url: 'http://app.hubspot.com/contacts/24681357/record/0-1/51' }],
    ['a javascript: URL', { ...hubspot, url: 'javascript:alert(1)' }],
    ['a portal id that is not a number', { ...hubspot, portalId: 'x' }],
    ['an unknown CRM', { ...hubspot, crm: 'pipedrive' }],
  ])('rejects %s', (_, record) => {
    expect(RecordRefSchema.safeParse(record).success).toBe(false);
  });
});
