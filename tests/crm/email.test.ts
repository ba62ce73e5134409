import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emailFromMailto, emailFromText, isEmail, normalizeEmail } from '@/lib/crm/email';
import { EmailSchema } from '@/lib/crm/record-schema';

// The content script cannot use zod, but everything it reads is checked with `z.email()` on the
// way to the sidebar: the two must agree, or a record's e-mail would be silently dropped.
const zodEmail = z.email();

describe('isEmail agrees with the message schema', () => {
  it.each([
    'maria.keller@nordwind.example',
    'MARIA@NORDWIND.EXAMPLE',
    "o'neil@brightpath.example",
    'first+tag@sub.domain.example',
    'a_b-c@x-y.example',
    '1@2.io',
    'maria@nordwind',
    'maria@@nordwind.example',
    '.maria@nordwind.example',
    'maria.@nordwind.example',
    'ma..ria@nordwind.example',
    "maria'@nordwind.example",
    'maria@-nordwind.example',
    'maria@nordwind.e',
    'maria@nordwind.example.',
    'maria keller@nordwind.example',
    'mária@nordwind.example',
    'maria@nördwind.example',
    '@nordwind.example',
    'maria@',
    '',
  ])('%j', (text) => {
    expect(isEmail(text)).toBe(zodEmail.safeParse(text).success);
  });
});

describe('emailFromText and emailFromMailto', () => {
  it.each([
    ['Maria.Keller@Nordwind.example', 'maria.keller@nordwind.example'],
    ['Email: maria@x.example (work)', 'maria@x.example'],
    ['<maria@x.example>', 'maria@x.example'],
    ['"maria@x.example";', 'maria@x.example'],
    ['write to maria@x.example.', 'maria@x.example'],
    ['no address here', null],
    ['--', null],
  ])('%j → %j', (text, expected) => expect(emailFromText(text)).toBe(expected));

  it.each([
    ['mailto:maria@x.example', 'maria@x.example'],
    ['MAILTO:Maria@X.example?subject=Hello', 'maria@x.example'],
    ['mailto:maria%40x.example', 'maria@x.example'],
    ['mailto:a@x.example,b@x.example', 'a@x.example'],
    ['mailto:', null],
    ['mailto:%E0%A4%A', null],
    ['https://x.example/maria@x.example', null],
    [null, null],
  ])('%j → %j', (href, expected) => expect(emailFromMailto(href)).toBe(expected));
});

describe('normalizeEmail and EmailSchema: one form for every stored or compared address', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Maria.Keller@Nordwind.Example ')).toBe('maria.keller@nordwind.example');
  });

  it('the schema normalises before it validates', () => {
    expect(EmailSchema.parse(' Maria@X.Example ')).toBe('maria@x.example');
    expect(EmailSchema.safeParse('maria at x').error?.issues[0]?.message).toBe('is not an e-mail address');
  });
});
