import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeSalesforceId, toSalesforceId18 } from '@/lib/crm/salesforce/id';
import { salesforceRecordFromUrl } from '@/lib/crm/salesforce/page';

describe('Salesforce 15 → 18 character ids', () => {
  it.each([
    ['a0BA0000000L2ZC', 'a0BA0000000L2ZCMA0'],
    ['001b000000dA3YY', '001b000000dA3YYAA0'],
    ['AAaAAbbBBBCcCCC', 'AAaAAbbBBBCcCCC123'],
    ['003Dn00000QxYz1', '003Dn00000QxYz1IAF'],
  ])('%s → %s', (id15, id18) => {
    expect(toSalesforceId18(id15)).toBe(id18);
    expect(normalizeSalesforceId(id15)).toBe(id18);
    expect(normalizeSalesforceId(id18)).toBe(id18);
    expect(normalizeSalesforceId(id18.slice(0, 15) + id18.slice(15).toLowerCase())).toBe(id18);
  });

  it.each(['', '003Dn00000QxYz', '003Dn00000QxYz1IA', '003Dn00000QxYz1AAA', '003Dn00000QxYz!', '003Dn00000QxYz1IAF0'])(
    'rejects %j',
    (id) => expect(normalizeSalesforceId(id)).toBeNull(),
  );

  it('is stable and idempotent for any 15-character id', () => {
    const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    fc.assert(
      fc.property(fc.array(alnum, { minLength: 15, maxLength: 15 }).map((a) => a.join('')), (id15) => {
        const id18 = toSalesforceId18(id15);
        expect(id18.startsWith(id15)).toBe(true);
        expect(normalizeSalesforceId(id18)).toBe(id18);
        expect(normalizeSalesforceId(id15)).toBe(id18);
      }),
    );
  });
});

describe('salesforceRecordFromUrl', () => {
  const at = (href: string) => salesforceRecordFromUrl(new URL(href));
  it.each([
    ['https://loopside-demo.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view', 'contact', '003Dn00000QxYz1IAF'],
    ['https://loopside-demo.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1/view', 'contact', '003Dn00000QxYz1IAF'],
    ['https://acme.lightning.force.com/lightning/r/Lead/00QDn00000LeAd7MAF/view', 'lead', '00QDn00000LeAd7MAF'],
    ['https://acme.lightning.force.com/lightning/r/Account/001Dn00000AcMe1IAF/view?0.source=alohaHeader', 'account', '001Dn00000AcMe1IAF'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000OpPtyIAF/view/', 'opportunity', '006Dn00000OpPtyIAF'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view', 'contact', '003Dn00000QxYz1IAF'],
    ['https://agency.lightning.force.mil/lightning/r/Contact/003Dn00000QxYz1IAF/view', 'contact', '003Dn00000QxYz1IAF'],
    ['https://acme.lightning.force.com/one/one.app#/sObject/003Dn00000QxYz1IAF/view', 'contact', '003Dn00000QxYz1IAF'],
    ['https://acme.lightning.force.com/one/one.app#/sObject/00QDn00000LeAd7', 'lead', '00QDn00000LeAd7MAF'],
  ])('%s is a %s record', (href, kind, id) => {
    expect(at(href)).toMatchObject({ crm: 'salesforce', kind, id });
  });

  it.each([
    'https://acme.lightning.force.com/lightning/r/Report/00O5e000008Xyz1EAC/view',
    'https://acme.lightning.force.com/lightning/o/Contact/list?filterName=Recent',
    'https://acme.lightning.force.com/lightning/page/home',
    'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/related/Cases/view',
    'https://acme.lightning.force.com/lightning/r/Task/00TDn00000TaSk1IAF/view',
    'https://acme.lightning.force.com/lightning/r/User/005Dn00000UsEr1IAF/view',
    'https://acme.lightning.force.com/lightning/r/Contact/001Dn00000AcMe1IAF/view', // an Account id under Contact
    'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1ZZZ/view', // mistyped suffix
    'https://acme.my.salesforce.com/lightning/r/Contact/003Dn00000QxYz1IAF/view',
    'https://lightning.force.com.evil.example/lightning/r/Contact/003Dn00000QxYz1IAF/view',
    'http://acme.lightning.force.com/lightning/r/Contact/003Dn00000QxYz1IAF/view',
  ])('%s is not a Loopside record', (href) => {
    expect(at(href)).toBeNull();
  });
});
