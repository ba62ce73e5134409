import { describe, expect, it } from 'vitest';
import { isLightningHost, salesforceRecordFromUrl, salesforceRecordUrl } from '@/lib/crm/salesforce/page';

const at = (href: string) => salesforceRecordFromUrl(new URL(href));

const CONTACT = '003Dn00000QxYz1IAF';
const LEAD = '00QDn00000LeAd7MAF';
const ACCOUNT = '001Dn00000AcMe1IAF';
const OPPORTUNITY = '006Dn00000OpPtyIAF';

describe('salesforceRecordFromUrl: record pages', () => {
  it.each([
    [`https://loopside-demo.lightning.force.com/lightning/r/Contact/${CONTACT}/view`, 'contact', CONTACT],
    ['https://loopside-demo.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1/view', 'contact', CONTACT],
    [`https://acme.lightning.force.com/lightning/r/Lead/${LEAD}/view`, 'lead', LEAD],
    ['https://acme.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7/view', 'lead', LEAD],
    [`https://acme.lightning.force.com/lightning/r/Account/${ACCOUNT}/view?0.source=alohaHeader`, 'account', ACCOUNT],
    [`https://acme.lightning.force.com/lightning/r/Opportunity/${OPPORTUNITY}/view/`, 'opportunity', OPPORTUNITY],
    // 18-character id typed with a lower-case suffix: the canonical form comes back
    ['https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1iaf/view', 'contact', CONTACT],
    // Console apps carry the workspace in the query
    [
      `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/view?ws=%2Flightning%2Fr%2FAccount%2F${ACCOUNT}%2Fview`,
      'contact',
      CONTACT,
    ],
    [`https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/view#details`, 'contact', CONTACT],
    // Hosts
    [`https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/${CONTACT}/view`, 'contact', CONTACT],
    [`https://acme--uat.lightning.force.com/lightning/r/Contact/${CONTACT}/view`, 'contact', CONTACT],
    [`https://acme-dev-ed.develop.lightning.force.com/lightning/r/Lead/${LEAD}/view`, 'lead', LEAD],
    [`https://power-ruby-4521.scratch.lightning.force.com/lightning/r/Lead/${LEAD}/view`, 'lead', LEAD],
    [`https://curious-koala-x1y2z3.trailblaze.lightning.force.com/lightning/r/Account/${ACCOUNT}/view`, 'account', ACCOUNT],
    [`https://agency.lightning.force.mil/lightning/r/Contact/${CONTACT}/view`, 'contact', CONTACT],
    [`https://ACME.Lightning.Force.com/lightning/r/Contact/${CONTACT}/view`, 'contact', CONTACT],
    // Without the object name (formula links); Lightning redirects, the key prefix names the object
    [`https://acme.lightning.force.com/lightning/r/${CONTACT}/view`, 'contact', CONTACT],
    ['https://acme.lightning.force.com/lightning/r/006Dn00000OpPty/view', 'opportunity', OPPORTUNITY],
    // The pre-2018 hash form
    [`https://acme.lightning.force.com/one/one.app#/sObject/${CONTACT}/view`, 'contact', CONTACT],
    ['https://acme.lightning.force.com/one/one.app#/sObject/00QDn00000LeAd7', 'lead', LEAD],
    [`https://acme.lightning.force.com/one/one.app#/sObject/${ACCOUNT}/view?a:t=1532967163468`, 'account', ACCOUNT],
  ])('%s is a %s record', (href, kind, id) => {
    const url = new URL(href);
    expect(at(href)).toEqual({ crm: 'salesforce', kind, id, host: url.hostname, url: url.href });
  });
});

describe('salesforceRecordFromUrl: not a Loopside record', () => {
  it.each([
    // Other Lightning pages
    'https://acme.lightning.force.com/lightning/r/Report/00O5e000008Xyz1EAC/view',
    'https://acme.lightning.force.com/lightning/r/Dashboard/01Z5e000000Abc1EAC/view',
    'https://acme.lightning.force.com/lightning/o/Contact/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/o/Lead/home',
    'https://acme.lightning.force.com/lightning/o/Contact/new',
    'https://acme.lightning.force.com/lightning/page/home',
    'https://acme.lightning.force.com/lightning/setup/SetupOneHome/home',
    `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/related/Cases/view`,
    `https://acme.lightning.force.com/lightning/r/Account/${ACCOUNT}/related/Contacts/view`,
    `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/edit`,
    `https://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/view/extra`,
    `https://acme.lightning.force.com/lightning/cmp/c__someComponent?c__recordId=${CONTACT}`,
    'https://acme.lightning.force.com/one/one.app#/sObject/Contact/home',
    `https://acme.lightning.force.com/one/one.app?id=${CONTACT}`,
    // Objects Loopside does not show feedback on
    'https://acme.lightning.force.com/lightning/r/Task/00TDn00000TaSk1IAF/view',
    'https://acme.lightning.force.com/lightning/r/User/005Dn00000UsEr1IAF/view',
    'https://acme.lightning.force.com/lightning/r/Case/500Dn00000CaSe1IAF/view',
    'https://acme.lightning.force.com/lightning/r/Invoice__c/a0BA0000000L2ZCMA0/view',
    'https://acme.lightning.force.com/lightning/r/a0BA0000000L2ZCMA0/view', // custom-object id without a name
    'https://acme.lightning.force.com/lightning/r/005Dn00000UsEr1IAF/view',
    'https://acme.lightning.force.com/one/one.app#/sObject/005Dn00000UsEr1IAF/view',
    // Ids that are not the named record
    `https://acme.lightning.force.com/lightning/r/Contact/${ACCOUNT}/view`, // an Account id under Contact
    `https://acme.lightning.force.com/lightning/r/Lead/${CONTACT}/view`,
    'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1ZZZ/view', // mistyped suffix
    'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1I/view', // 16 characters
    'https://acme.lightning.force.com/lightning/r/Contact/new/view',
    // Other Salesforce hosts and look-alikes
    `https://acme.my.salesforce.com/lightning/r/Contact/${CONTACT}/view`,
    `https://acme.my.salesforce.com/${CONTACT}`,
    `https://acme.vf.force.com/lightning/r/Contact/${CONTACT}/view`,
    `https://lightning.force.com/lightning/r/Contact/${CONTACT}/view`,
    `https://lightning.force.com.evil.example/lightning/r/Contact/${CONTACT}/view`,
    `https://acme.lightning.force.com.evil.example/lightning/r/Contact/${CONTACT}/view`,
    `https://acme.evil.lightning.force.com/lightning/r/Contact/${CONTACT}/view`,
    `https://acme-lightning.force.com/lightning/r/Contact/${CONTACT}/view`,
    `http://acme.lightning.force.com/lightning/r/Contact/${CONTACT}/view`,
  ])('%s', (href) => {
    expect(at(href)).toBeNull();
  });
});

describe('isLightningHost', () => {
  it.each([
    'acme.lightning.force.com',
    'loopside-demo.lightning.force.com',
    'acme--uat.sandbox.lightning.force.com',
    'acme--uat.lightning.force.com',
    'acme-dev-ed.develop.lightning.force.com',
    'power-ruby-4521.scratch.lightning.force.com',
    'curious-koala.trailblaze.lightning.force.com',
    'acme.demo.lightning.force.com',
    'acme.patch.lightning.force.com',
    'agency.lightning.force.mil',
  ])('%s is a Lightning host', (host) => expect(isLightningHost(host)).toBe(true));

  it.each([
    'lightning.force.com',
    'force.com',
    'acme.my.salesforce.com',
    'acme.vf.force.com',
    'acme.evil.lightning.force.com',
    '-acme.lightning.force.com',
    'acme-.lightning.force.com',
    'acme.lightning.force.com.evil.example',
    'acme.lightning.force.org',
  ])('%s is not', (host) => expect(isLightningHost(host)).toBe(false));
});

describe('salesforceRecordUrl', () => {
  it.each([
    ['003Dn00000QxYz1IAF', 'contact', '/lightning/r/Contact/003Dn00000QxYz1IAF/view'],
    ['00QDn00000LeAd7MAF', 'lead', '/lightning/r/Lead/00QDn00000LeAd7MAF/view'],
    ['001b000000dA3YYAA0', 'account', '/lightning/r/Account/001b000000dA3YYAA0/view'],
  ])('builds the page of %s (%s) that reads back as the same record', (id, kind, path) => {
    const url = salesforceRecordUrl('acme.lightning.force.com', id);
    expect(new URL(url).pathname).toBe(path);
    expect(salesforceRecordFromUrl(new URL(url))).toMatchObject({ crm: 'salesforce', kind, id });
  });
  it('uses the short form for a custom object, which Lightning resolves', () => {
    expect(salesforceRecordUrl('acme.lightning.force.com', 'a0BA0000000L2ZCMA0')).toBe(
      'https://acme.lightning.force.com/lightning/r/a0BA0000000L2ZCMA0/view',
    );
  });
});
