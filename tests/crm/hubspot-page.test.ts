import { describe, expect, it } from 'vitest';
import { hubspotContactUrl, hubspotRecordFromUrl, isHubspotAppHost } from '@/lib/crm/hubspot/page';

const at = (href: string) => hubspotRecordFromUrl(new URL(href));

describe('hubspotRecordFromUrl: record pages', () => {
  it.each([
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-2/7001', 'company', '7001', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-3/9001', 'deal', '9001', '24681357'],
    ['https://app-eu1.hubspot.com/contacts/143948123/record/0-1/4051', 'contact', '4051', '143948123'],
    ['https://app-na2.hubspot.com/contacts/243948123/record/0-1/77/', 'contact', '77', '243948123'],
    ['https://app-ap1.hubspot.com/contacts/442211009/record/0-2/18342711111', 'company', '18342711111', '442211009'],
    ['https://APP.HubSpot.com/contacts/24681357/record/0-1/51', 'contact', '51', '24681357'],
    // Tabs, panels and state of the same record
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51/view/1', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-3/9001/view/2?tab=activities', 'deal', '9001', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51?interaction=note', 'contact', '51', '24681357'],
    [
      'https://app.hubspot.com/contacts/24681357/record/0-1/51?eschref=%2Fcontacts%2F24681357%2Fobjects%2F0-1%2Fviews%2Fall%2Flist',
      'contact',
      '51',
      '24681357',
    ],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/51#activity', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/record/0-1/32901552001', 'contact', '32901552001', '24681357'],
    // Legacy paths
    ['https://app.hubspot.com/contacts/24681357/contact/51', 'contact', '51', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/company/7001', 'company', '7001', '24681357'],
    ['https://app.hubspot.com/contacts/24681357/deal/9001/', 'deal', '9001', '24681357'],
    ['https://app-eu1.hubspot.com/contacts/143948123/contact/4051/?engagement=1234', 'contact', '4051', '143948123'],
    ['https://app.hubspot.com/contacts/24681357/contact/51/history', 'contact', '51', '24681357'],
  ])('%s is a %s record', (href, kind, id, portalId) => {
    const url = new URL(href);
    expect(at(href)).toEqual({ crm: 'hubspot', kind, id, portalId, host: url.hostname, url: url.href });
  });
});

describe('hubspotRecordFromUrl: not a Loopside record', () => {
  it.each([
    // Lists, boards and other screens of the /contacts space
    'https://app.hubspot.com/contacts/24681357/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/24681357/objects/0-3/views/all/board',
    'https://app.hubspot.com/contacts/24681357/contacts/list/view/all/',
    'https://app.hubspot.com/contacts/24681357/companies',
    'https://app.hubspot.com/contacts/24681357',
    'https://app.hubspot.com/contacts/24681357/record/0-1', // no id
    'https://app.hubspot.com/contacts/24681357/record/0-1/', // no id
    'https://app.hubspot.com/contacts/24681357/record/0-1/abc',
    'https://app.hubspot.com/contacts/24681357/record/0-1/-51',
    'https://app.hubspot.com/contacts/abc/record/0-1/51',
    // Objects Loopside does not show feedback on
    'https://app.hubspot.com/contacts/24681357/record/0-5/123', // ticket
    'https://app.hubspot.com/contacts/24681357/record/0-19/55', // feedback submission
    'https://app.hubspot.com/contacts/24681357/record/0-48/3', // call
    'https://app.hubspot.com/contacts/24681357/record/2-1234567/8', // custom object
    'https://app.hubspot.com/contacts/24681357/record/p24681357_car/8', // custom object by name
    'https://app.hubspot.com/contacts/24681357/ticket/123',
    'https://app.hubspot.com/contacts/24681357/contacts/51',
    // Other HubSpot apps and sites
    'https://app.hubspot.com/reports-dashboard/24681357/view/1',
    'https://app.hubspot.com/sales/24681357/deals/board/view/all',
    'https://app.hubspot.com/live-messages/24681357/inbox/1234',
    'https://www.hubspot.com/contacts/24681357/record/0-1/51', // marketing site
    'https://hubspot.com/contacts/24681357/record/0-1/51',
    'https://api.hubspot.com/contacts/24681357/record/0-1/51',
    'https://app.hubspotqa.com/contacts/24681357/record/0-1/51',
    // Look-alikes and insecure
    'https://evil-hubspot.com/contacts/24681357/record/0-1/51',
    'https://app.hubspot.com.evil.example/contacts/24681357/record/0-1/51',
    'https://app-eu1.hubspot.com.evil.example/contacts/24681357/record/0-1/51',
    'https://apphubspot.com/contacts/24681357/record/0-1/51',
    'https://app.evil.example/contacts/24681357/record/0-1/51#app.hubspot.com',
    'http://app.hubspot.com/contacts/24681357/record/0-1/51',
    // The record's path only in the query or hash
    'https://app.hubspot.com/login?loginRedirectUrl=/contacts/24681357/record/0-1/51',
    'https://app.hubspot.com/#/contacts/24681357/record/0-1/51',
  ])('%s', (href) => {
    expect(at(href)).toBeNull();
  });
});

describe('isHubspotAppHost', () => {
  it.each(['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-ap1.hubspot.com', 'APP.HUBSPOT.COM'])(
    '%s is a HubSpot app host',
    (host) => {
      expect(isHubspotAppHost(host)).toBe(true);
    },
  );
  it.each([
    'hubspot.com',
    'www.hubspot.com',
    'app.hubspot.com.',
    'app-.hubspot.com',
    'app-eu.hubspot.com',
    'xapp.hubspot.com',
    'app.hubspot.co',
    'app.hubspot.com.evil.example',
    'evil-hubspot.com',
  ])('%s is not', (host) => {
    expect(isHubspotAppHost(host)).toBe(false);
  });
});

describe('hubspotContactUrl', () => {
  it.each([
    ['app.hubspot.com', '24681357', '51'],
    ['app-eu1.hubspot.com', '139876', '90210'],
  ])('builds a contact page on %s that reads back as the same record', (host, portal, id) => {
    const url = hubspotContactUrl(host, portal, id);
    expect(hubspotRecordFromUrl(new URL(url))).toMatchObject({ crm: 'hubspot', kind: 'contact', id, portalId: portal, host });
  });
});
