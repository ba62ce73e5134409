/**
 * Built-in demo data: a CSV that goes through the same importer as a real export, dated
 * relative to the moment it is loaded so every SLA clock is live. The records match the
 * replicas of HubSpot and Salesforce that `npm run demo` and the end-to-end tests serve.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_RECORDS = {
  hubspot: {
    host: 'app.hubspot.com',
    portalId: '24681357',
    contacts: {
      maria: { id: '51', email: 'maria.keller@nordwind.example', name: 'Maria Keller' },
      james: { id: '52', email: 'james.oneil@brightpath.example', name: "James O'Neil" },
      priya: { id: '53', email: 'priya@sundial.example', name: 'Priya Natarajan' },
    },
  },
  salesforce: {
    host: 'loopside-demo.lightning.force.com',
    contactAiko: { id: '003Dn00000QxYz1IAF', email: 'aiko.tanaka@kumo.example', name: 'Aiko Tanaka' },
    leadLukas: { id: '00QDn00000LeAd7MAF', email: 'lukas.brandt@feldmann.example', name: 'Lukas Brandt' },
    accountKumo: { id: '001Dn00000AcMe1IAF', name: 'Kumo KK' },
  },
} as const;

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function demoResponsesCsv(now: number): string {
  const at = (ago: number) => new Date(now - ago).toISOString();
  const rows: string[][] = [
    ['email', 'score', 'comment', 'submitted at', 'name', 'company', 'owner', 'hubspot id', 'salesforce id', 'revenue', 'plan'],
    ['maria.keller@nordwind.example', '2', "The export has crashed three times since the update.\nIf this isn't fixed by Friday we are switching to another vendor.", at(3 * HOUR), 'Maria Keller', 'Nordwind GmbH', 'alex.rep@loopside.example', '51', '', '240000', 'Enterprise'],
    ['maria.keller@nordwind.example', '6', 'Support took a week to answer.', at(60 * DAY), 'Maria Keller', 'Nordwind GmbH', 'alex.rep@loopside.example', '51', '', '240000', 'Enterprise'],
    ['james.oneil@brightpath.example', '8', 'Solid product. Reporting could be faster.', at(26 * HOUR), "James O'Neil", 'Brightpath Ltd', 'alex.rep@loopside.example', '', '', '56000', 'Team'],
    ['aiko.tanaka@kumo.example', '10', '素晴らしいサポートでした。Thank you, Kenji — "best onboarding ever"!', at(2 * DAY), 'Aiko Tanaka', 'Kumo KK', 'sam.rep@loopside.example', '', '003Dn00000QxYz1', '180000', 'Enterprise'],
    ['lukas.brandt@feldmann.example', '5', '', at(20 * HOUR), 'Lukas Brandt', 'Feldmann AG', 'sam.rep@loopside.example', '', '', '32000', 'Team'],
    ['olivia.grant@harbourline.example', '7', 'Onboarding was fine, the price increase was not.', at(4 * DAY), 'Olivia Grant', 'Harbourline', 'sam.rep@loopside.example', '', '', '75000', 'Business'],
    ['tomas.novak@vltava.example', '0', 'Three invoices wrong in a row. We are not renewing.', at(90 * 60_000), 'Tomáš Novák', 'Vltava s.r.o.', 'alex.rep@loopside.example', '', '', '410000', 'Enterprise'],
    ['chen.wei@lotusgate.example', '9', 'Your support team is the reason we stay.', at(5 * DAY), 'Chen Wei', 'Lotusgate', 'alex.rep@loopside.example', '', '', '120000', 'Business'],
  ];
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
