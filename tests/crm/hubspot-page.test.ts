import { describe, expect, it } from 'vitest';
import { hubspotRecordFromUrl } from '@/lib/crm/hubspot/page';

const at = (href: string) => hubspotRecordFromUrl(new URL(href));

describe('hubspotRecordFromUrl', () => {
  it.each([
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-2/7001', 'company', '7001', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-3/9001', 'deal', '9001', '24681357'],
    ['https://app-eu1.hubspot.com/contacts/143948123/record/0-1/4051', 'contact', '4051', '143948123'],
    ['https://app-na2.hubspot.com/contacts/243948123/record/0-1/77/', 'contact', '77', '243948123'],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51/view/1', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51?interaction=note', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51#activity', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/contact/51', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/company/7001', 'company', '7001', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/deal/9001/', 'deal', '9001', '24681357'],
  ])('%s is a %s record', (href, kind, id, portalId) => {
    expect(at(href)).toMatchObject({ crm: 'hubspot', kind, id, portalId, host: new URL(href).hostname });
  });

  it.each([
    'https://app.hubspot.com/contacts/24681357/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/24681357/record/0-5/123', // ticket
    'https://app.hubspot.com/contacts/24681357/record/2-1234567/8', // custom object
    'https://app.hubspot.com/contacts/24681357/record/0-19/55', // feedback submission
    'https://app.hubspot.com/contacts/24681357/record/0-1/', // no id
    'https://app.hubspot.com/contacts/24681357/record/0-1/abc',
    'https://app.hubspot.com/reports-dashboard/24681357/view/1',
    'https://www.hubspot.com/contacts/24681357/record/0-1/51', // marketing site
    'https://evil-hubspot.com/contacts/24681357/record/0-1/51',
    'https://app.hubspot.com.evil.example/contacts/24681357/record/0-1/51',
    'http://app.hubspot.com/contacts/24681357/record/0-1/51',
    'https://app.hubspot.com/contacts/24681357/ticket/123',
  ])('%s is not a Loopside record', (href) => {
    expect(at(href)).toBeNull();
  });
});
