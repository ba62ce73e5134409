/** Survey-response CSVs for the end-to-end tests, dated relative to the moment they are made. */
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

export const XSS_VERBATIM = '<img src=x onerror=alert(1)>';

/** The row on physical line 8 is malformed (score 11); every other row is good. */
export function mixedCsv(now = Date.now()): string {
  return [
    'Email,NPS,Verbatim,Submitted At,Name,Company,Owner,HubSpot ID,Salesforce ID,Plan',
    `maria.keller@nordwind.example,2,"The export has crashed three times since the update.\nIf this isn't fixed by Friday we are switching to another vendor.",${iso(now - HOUR)},Maria Keller,Nordwind GmbH,alex.rep@loopside.example,51,,Enterprise`,
    `james.oneil@brightpath.example,8,Solid product. Reporting could be faster.,${iso(now - 26 * HOUR)},James O'Neil,Brightpath Ltd,alex.rep@loopside.example,,,Team`,
    `aiko.tanaka@kumo.example,10,"素晴らしいサポートでした。Thank you, Kenji — ""best onboarding ever""!",${iso(now - 48 * HOUR)},Aiko Tanaka,Kumo KK,sam.rep@loopside.example,,003Dn00000QxYz1,Enterprise`,
    `lukas.brandt@feldmann.example,5,,${iso(now - 20 * HOUR)},Lukas Brandt,Feldmann AG,sam.rep@loopside.example,,,Team`,
    `priya@sundial.example,3,${XSS_VERBATIM},${iso(now - 2 * HOUR)},Priya Natarajan,Sundial,alex.rep@loopside.example,53,,Team`,
    `bad.row@nowhere.example,11,Too good to be true,${iso(now - HOUR)},Bad Row,Nowhere,,,,Team`,
    '',
  ].join('\r\n');
}

/** Two critical detractors answering at Monday 16 Nov 2026 09:00 in Berlin: first touch due 13:00 the same day. */
export const BREACH_RESPONSE_AT = Date.UTC(2026, 10, 16, 8, 0);
export const BREACH_DUE_AT = Date.UTC(2026, 10, 16, 12, 0);
export function breachCsv(): string {
  return [
    'email,score,comment,date,name,owner,hubspot id',
    `maria.keller@nordwind.example,1,Nobody called back.,${iso(BREACH_RESPONSE_AT)},Maria Keller,alex.rep@loopside.example,51`,
    `priya@sundial.example,0,Invoice wrong again.,${iso(BREACH_RESPONSE_AT)},Priya Natarajan,alex.rep@loopside.example,53`,
    '',
  ].join('\n');
}
