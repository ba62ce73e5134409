// The records the replicas show; Loopside's demo data (lib/ingest/demo.ts) uses the same people.
window.__replicaRecords = {
  hubspot: {
    '0-1/51': { name: 'Maria Keller', email: 'maria.keller@nordwind.example', company: 'Nordwind GmbH', title: 'Head of Operations' },
    '0-1/52': { name: "James O'Neil", email: 'james.oneil@brightpath.example', company: 'Brightpath Ltd', title: 'CTO' },
    '0-1/53': { name: 'Priya Natarajan', email: 'priya@sundial.example', company: 'Sundial', title: 'Finance lead' },
    '0-2/7001': { name: 'Nordwind GmbH', domain: 'nordwind.example' },
    '0-3/9001': { name: 'Nordwind renewal', amount: '€240,000' },
  },
  salesforce: {
    '003Dn00000QxYz1IAF': { type: 'Contact', name: 'Aiko Tanaka', email: 'aiko.tanaka@kumo.example', account: 'Kumo KK' },
    '00QDn00000LeAd7MAF': { type: 'Lead', name: 'Lukas Brandt', email: 'lukas.brandt@feldmann.example', account: 'Feldmann AG' },
    '001Dn00000AcMe1IAF': { type: 'Account', name: 'Kumo KK' },
    '006Dn00000OpPtyIAF': { type: 'Opportunity', name: 'Kumo KK — expansion' },
  },
};
// The record area renders this long after the URL changes, as the real apps do.
window.__replicaRenderDelayMs = 300;
