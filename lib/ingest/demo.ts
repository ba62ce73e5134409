import type { LoopEvent } from '@/lib/loop';
/**
 * Built-in demo data: a CSV that goes through the same importer as a real export, dated
 * relative to the moment it is loaded so every SLA clock is live. The people are the ones the
 * HubSpot and Salesforce replicas show (tests/replicas), for `npm run demo` and the e2e tests.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const HUBSPOT_HOST = 'app.hubspot.com';
const PORTAL = '24681357';
const SALESFORCE_HOST = 'loopside-demo.lightning.force.com';
const hubspotUrl = (id: string) => `https://${HUBSPOT_HOST}/contacts/${PORTAL}/record/0-1/${id}`;
const salesforceUrl = (sobject: string, id: string) => `https://${SALESFORCE_HOST}/lightning/r/${sobject}/${id}/view`;

/**
 * Which CRM record each demo person lives on. Salesforce ids in the 18-character form (the CSV
 * gives Aiko's in the 15-character form, as many exports do). Priya and the Kumo account have no
 * feedback: their sidebars show the empty state.
 */
export const DEMO_RECORDS = {
  hubspot: {
    host: HUBSPOT_HOST,
    portalId: PORTAL,
    contacts: {
      /** two responses, matched by HubSpot id */
      maria: { kind: 'contact', id: '51', email: 'maria.keller@nordwind.example', name: 'Maria Keller', url: hubspotUrl('51') },
      /** matched by the e-mail the record shows: the data carries no id */
      james: { kind: 'contact', id: '52', email: 'james.oneil@brightpath.example', name: "James O'Neil", url: hubspotUrl('52') },
      /** no feedback */
      priya: { kind: 'contact', id: '53', email: 'priya@sundial.example', name: 'Priya Natarajan', url: hubspotUrl('53') },
    },
  },
  salesforce: {
    host: SALESFORCE_HOST,
    /** matched by Salesforce id (`003Dn00000QxYz1` in the CSV) */
    contactAiko: {
      kind: 'contact',
      id: '003Dn00000QxYz1IAF',
      email: 'aiko.tanaka@kumo.example',
      name: 'Aiko Tanaka',
      url: salesforceUrl('Contact', '003Dn00000QxYz1IAF'),
    },
    /** a lead matched by e-mail; the response has no comment */
    leadLukas: {
      kind: 'lead',
      id: '00QDn00000LeAd7MAF',
      email: 'lukas.brandt@feldmann.example',
      name: 'Lukas Brandt',
      url: salesforceUrl('Lead', '00QDn00000LeAd7MAF'),
    },
    /** no feedback */
    accountKumo: { kind: 'account', id: '001Dn00000AcMe1IAF', name: 'Kumo KK', url: salesforceUrl('Account', '001Dn00000AcMe1IAF') },
  },
} as const;

const HEADER = [
  'response id',
  'email',
  'score',
  'comment',
  'submitted at',
  'name',
  'company',
  'owner',
  'hubspot id',
  'salesforce id',
  'revenue',
  'plan',
];

/** The demo export, with CRLF line ends and a quoted multi-line verbatim like a real one. */
export function demoResponsesCsv(now: number): string {
  const at = (ago: number) => new Date(now - ago).toISOString();
  const { maria, james } = DEMO_RECORDS.hubspot.contacts;
  const { contactAiko: aiko, leadLukas: lukas } = DEMO_RECORDS.salesforce;
  const alex = 'alex.rep@loopside.example';
  const sam = 'sam.rep@loopside.example';
  const rows: string[][] = [
    [
      maria.email,
      '2',
      "The export has crashed three times since the update.\nIf this isn't fixed by Friday we are switching to another vendor.",
      at(3 * HOUR),
      maria.name,
      'Nordwind GmbH',
      alex,
      maria.id,
      '',
      '240000',
      'Enterprise',
    ],
    [
      maria.email,
      '6',
      'Support took a week to answer.',
      at(60 * DAY),
      maria.name,
      'Nordwind GmbH',
      alex,
      maria.id,
      '',
      '240000',
      'Enterprise',
    ],
    [
      james.email,
      '8',
      'Solid product. Reporting could be faster.',
      at(26 * HOUR),
      james.name,
      'Brightpath Ltd',
      alex,
      '',
      '',
      '56000',
      'Team',
    ],
    [
      aiko.email,
      '10',
      '素晴らしいサポートでした。Thank you, Kenji — "best onboarding ever"!',
      at(2 * DAY),
      aiko.name,
      'Kumo KK',
      sam,
      '',
      aiko.id.slice(0, 15),
      '180000',
      'Enterprise',
    ],
    [lukas.email, '5', '', at(20 * HOUR), lukas.name, 'Feldmann AG', sam, '', '', '32000', 'Team'],
    [
      'olivia.grant@harbourline.example',
      '7',
      'Onboarding was fine, the price increase was not.',
      at(4 * DAY),
      'Olivia Grant',
      'Harbourline',
      sam,
      '',
      '',
      '75000',
      'Business',
    ],
    [
      'tomas.novak@vltava.example',
      '0',
      'Three invoices wrong in a row. We are not renewing.',
      at(90 * MINUTE),
      'Tomáš Novák',
      'Vltava s.r.o.',
      alex,
      '',
      '',
      '410000',
      'Enterprise',
    ],
    [
      'chen.wei@lotusgate.example',
      '9',
      'Your support team is the reason we stay.',
      at(5 * DAY),
      'Chen Wei',
      'Lotusgate',
      alex,
      '',
      '',
      '120000',
      'Business',
    ],
  ];
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  // Fixed response ids, as a survey tool exports them: loading the demo again later adds nothing.
  const withIds = rows.map((row, i) => [`loopside-demo-${i + 1}`, ...row]);
  return [HEADER, ...withIds].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/**
 * What the team already did about Maria's earlier (September) detractor, so the demo's queue and
 * timeline look like a team at work: called within hours, root cause set, resolved two days on.
 * Ids are fixed: loading the demo again adds nothing.
 */
export function demoHistory(now: number, loopIdOf: (sourceId: string) => string): LoopEvent[] {
  const loopId = loopIdOf('loopside-demo-2');
  const respondedAt = now - 60 * DAY;
  const actor = 'alex.rep@loopside.example';
  const base = (suffix: string, at: number) => ({ id: `loopside-demo-2/${suffix}`, loopId, at, actor });
  return [
    {
      ...base('touch', respondedAt + 3 * HOUR),
      type: 'touch_logged',
      channel: 'call',
      outcome: 'reached',
      note: 'Apologised for the ticket delay; agreed a named support contact.',
    },
    { ...base('reason', respondedAt + 3 * HOUR + MINUTE), type: 'reason_set', category: 'Support response' },
    {
      ...base('closed', respondedAt + 2 * DAY),
      type: 'closed',
      state: 'resolved',
      reason: 'Named support contact in place; Maria confirmed tickets are answered within a day.',
    },
  ];
}
