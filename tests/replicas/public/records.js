// The records the replicas show; Loopside's demo data (lib/ingest/demo.ts) uses the same people.
window.__replicaRecords = {
  hubspot: {
    '0-1/51': {
      name: 'Maria Keller',
      email: 'maria.keller@nordwind.example',
      company: 'Nordwind GmbH',
      title: 'Head of Operations',
      phone: '+49 30 5550 1234',
      companyId: '7001',
      deals: ['Nordwind renewal · €240,000'],
    },
    '0-1/52': {
      name: "James O'Neil",
      email: 'james.oneil@brightpath.example',
      company: 'Brightpath Ltd',
      title: 'CTO',
      phone: '+44 20 7946 0018',
    },
    '0-1/53': {
      name: 'Priya Natarajan',
      email: 'priya@sundial.example',
      company: 'Sundial',
      title: 'Finance lead',
      phone: '+1 415 555 0199',
    },
    '0-1/54': {
      name: 'Jonas Weber',
      email: 'jonas.weber@nordwind.example',
      company: 'Nordwind GmbH',
      title: 'IT manager',
      companyId: '7001',
    },
    '0-2/7001': {
      name: 'Nordwind GmbH',
      domain: 'nordwind.example',
      industry: 'Logistics',
      city: 'Hamburg',
      contacts: ['Maria Keller', 'Jonas Weber'],
      deals: ['Nordwind renewal · €240,000'],
    },
    '0-2/7002': { name: 'Sundial', domain: 'sundial.example', industry: 'Finance', city: 'Austin' },
    '0-2/7003': { name: 'Brightpath', domain: 'brightpath.example', industry: 'Software', city: 'Leeds' },
    '0-3/9001': {
      name: 'Nordwind renewal',
      amount: '€240,000',
      stage: 'Contract sent',
      companyName: 'Nordwind GmbH',
      companyId: '7001',
      contacts: ['Maria Keller'],
    },
  },
  salesforce: {
    '003Dn00000QxYz1IAF': {
      type: 'Contact',
      name: 'Aiko Tanaka',
      email: 'aiko.tanaka@kumo.example',
      account: 'Kumo KK',
      accountId: '001Dn00000AcMe1IAF',
      phone: '+81 3 5555 0101',
      title: 'COO',
    },
    '00QDn00000LeAd7MAF': {
      type: 'Lead',
      name: 'Lukas Brandt',
      email: 'lukas.brandt@feldmann.example',
      account: 'Feldmann AG',
      phone: '+49 89 5550 7788',
    },
    '001Dn00000AcMe1IAF': {
      type: 'Account',
      name: 'Kumo KK',
      website: 'www.kumo.example',
      industry: 'Manufacturing',
      phone: '+81 3 5555 0100',
    },
    '006Dn00000OpPtyIAF': {
      type: 'Opportunity',
      name: 'Kumo KK — expansion',
      account: 'Kumo KK',
      accountId: '001Dn00000AcMe1IAF',
      amount: '¥24,000,000',
      stage: 'Negotiation',
    },
  },
};
// The record area renders this long after the URL changes, as the real apps do.
window.__replicaRenderDelayMs = 300;
