import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeSalesforceId, salesforceKeyPrefix, toSalesforceId18 } from '@/lib/crm/salesforce/id';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const id15 = fc.array(fc.constantFrom(...ALNUM), { minLength: 15, maxLength: 15 }).map((chars) => chars.join(''));

describe('Salesforce 15 → 18 character ids', () => {
  it.each([
    // Vectors from crm-notes.md
    ['a0BA0000000L2ZC', 'a0BA0000000L2ZCMA0'],
    ['001b000000dA3YY', '001b000000dA3YYAA0'],
    ['AAaAAbbBBBCcCCC', 'AAaAAbbBBBCcCCC123'],
    // Edge chunks: no upper-case letter at all, and every one upper-case
    ['000000000000000', '000000000000000AAA'],
    ['ABCDEFGHIJKLMNO', 'ABCDEFGHIJKLMNO555'],
    ['abcdefghijklmno', 'abcdefghijklmnoAAA'],
    // The demo records
    ['003Dn00000QxYz1', '003Dn00000QxYz1IAF'],
    ['00QDn00000LeAd7', '00QDn00000LeAd7MAF'],
    ['001Dn00000AcMe1', '001Dn00000AcMe1IAF'],
  ])('%s → %s', (short, long) => {
    expect(toSalesforceId18(short)).toBe(long);
    expect(normalizeSalesforceId(short)).toBe(long);
    expect(normalizeSalesforceId(long)).toBe(long);
    expect(toSalesforceId18(long)).toBe(long);
    // The suffix is case-insensitive by design; the first 15 are not.
    expect(normalizeSalesforceId(long.slice(0, 15) + long.slice(15).toLowerCase())).toBe(long);
    expect(normalizeSalesforceId(` ${short}\t`)).toBe(long);
  });

  it.each([
    ['', 'empty'],
    ['003Dn00000QxYz', '14 characters'],
    ['003Dn00000QxYz1I', '16 characters'],
    ['003Dn00000QxYz1IA', '17 characters'],
    ['003Dn00000QxYz1IAF0', '19 characters'],
    ['003Dn00000QxYz1AAA', 'suffix of another id'],
    ['003DN00000QXYZ1IAF', 'the first 15 upper-cased (Excel)'],
    ['003Dn00000QxYz!', 'punctuation'],
    ['003Dn00000QxYz1 IAF', 'space inside'],
    ['003Dn00000QxYzé', 'non-ASCII letter'],
  ])('rejects %j (%s)', (id) => {
    expect(normalizeSalesforceId(id)).toBeNull();
    expect(() => toSalesforceId18(id)).toThrow(/not a 15- or 18-character Salesforce id/);
  });

  it('the 18 of any 15 starts with it, is stable, and normalizing is idempotent', () => {
    fc.assert(
      fc.property(id15, (short) => {
        const long = toSalesforceId18(short);
        expect(long).toHaveLength(18);
        expect(long.startsWith(short)).toBe(true);
        expect(long.slice(15)).toMatch(/^[A-Z0-5]{3}$/);
        expect(toSalesforceId18(short)).toBe(long);
        expect(normalizeSalesforceId(long)).toBe(long);
        expect(normalizeSalesforceId(normalizeSalesforceId(short)!)).toBe(long);
      }),
    );
  });

  it('15-character ids that differ only in case get 18-character ids that differ even case-insensitively', () => {
    const flips = fc.array(fc.boolean(), { minLength: 15, maxLength: 15 });
    fc.assert(
      fc.property(id15, flips, (a, flip) => {
        const b = [...a].map((ch, i) => (flip[i] ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch)).join('');
        fc.pre(a !== b);
        expect(toSalesforceId18(a).toLowerCase()).not.toBe(toSalesforceId18(b).toLowerCase());
      }),
    );
  });

  it('a changed suffix is caught', () => {
    fc.assert(
      fc.property(id15, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'), fc.integer({ min: 0, max: 2 }), (short, letter, at) => {
        const long = toSalesforceId18(short);
        const changed = long.slice(0, 15 + at) + letter + long.slice(16 + at);
        expect(normalizeSalesforceId(changed)).toBe(changed === long ? long : null);
      }),
    );
  });

  it('salesforceKeyPrefix names the object type', () => {
    expect(salesforceKeyPrefix('003Dn00000QxYz1IAF')).toBe('003');
    expect(salesforceKeyPrefix('00QDn00000LeAd7')).toBe('00Q');
  });
});
