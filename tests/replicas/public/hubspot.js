(() => {
  const records = window.__replicaRecords.hubspot;
  const portal = location.pathname.split('/')[2] || '24681357';
  const { el, link } = window.__replicaKit;
  const recordPath = (key) => `/contacts/${portal}/record/${key}`;

  // HubSpot's global navigation: a dark bar across the top, with its account menu on the right.
  const nav = el(
    'nav',
    { id: 'hs-nav-v4', 'aria-label': 'HubSpot' },
    el('strong', {}, 'HubSpot'),
    link(`/contacts/${portal}/objects/0-1/views/all/list`, 'Contacts'),
    link(recordPath('0-1/51'), 'Maria'),
    link(recordPath('0-1/52'), 'James'),
    link(recordPath('0-1/53'), 'Priya'),
    link(recordPath('0-2/7001'), 'Nordwind'),
    link(recordPath('0-3/9001'), 'Renewal'),
    el('span', { class: 'hs-nav-end' }, el('a', { href: '#settings' }, 'Settings'), el('a', { href: '#account' }, 'Alex Rep')),
  );
  const main = el('main', { class: 'hs-x91' });
  document.body.append(nav, main);

  function renderList() {
    main.replaceChildren(
      el(
        'section',
        { class: 'hs-x92' },
        el('h1', {}, 'Contacts'),
        el('ul', {}, ...['0-1/51', '0-1/52', '0-1/53'].map((k) => el('li', {}, link(recordPath(k), records[k].name)))),
      ),
    );
  }

  const LABELS = {
    email: 'Email',
    phone: 'Phone number',
    title: 'Job title',
    company: 'Company name',
    domain: 'Company domain name',
    industry: 'Industry',
    city: 'City',
    amount: 'Amount',
    stage: 'Deal stage',
    companyName: 'Company',
  };
  const property = (key, value) =>
    el('div', { class: 'hs-prop', 'data-test-id': `property-${key}` }, el('dt', {}, LABELS[key] || key), el('dd', {}, value));

  // Association cards link each associated record to its page.
  const companyLink = (name, id) => (id ? link(recordPath(`0-2/${id}`), name) : name);

  // The right-hand column of a record: association cards, as on every HubSpot record page.
  function card(title, items) {
    return el(
      'section',
      { class: 'hs-card', 'aria-label': title },
      el('h3', {}, `${title} (${items.length})`),
      items.length ? el('ul', {}, ...items.map((text) => el('li', {}, text))) : el('p', {}, `No associated ${title.toLowerCase()}`),
    );
  }

  function renderRecord(key) {
    const r = records[key];
    if (!r) return main.replaceChildren(el('p', {}, 'This record does not exist.'));
    const type = key.split('/')[0];
    const highlight = el(
      'div',
      { 'data-test-id': 'record-highlight-content' },
      el('div', { class: 'hs-avatar' }, r.name[0]),
      el(
        'h1',
        { 'data-test-id': type === '0-1' ? 'highlight-property-display-hs_full_name_or_email' : 'highlight-property-display-name' },
        r.name,
      ),
    );
    if (r.email) highlight.append(el('div', { 'data-test-id': 'highlight-property-display-email' }, r.email));
    if (r.domain) highlight.append(el('div', { 'data-test-id': 'highlight-property-display-domain' }, r.domain));
    if (r.title) highlight.append(el('div', { 'data-test-id': 'highlight-property-display-jobtitle' }, r.title));
    const about = el(
      'dl',
      { class: 'hs-about' },
      ...Object.keys(LABELS)
        .filter((k) => r[k])
        .map((k) => property(k, r[k])),
    );
    const right = el('aside', { class: 'hs-x92 hs-right', 'aria-label': 'Associations' });
    if (type === '0-1')
      right.append(
        card('Companies', r.company ? [companyLink(r.company, r.companyId)] : []),
        card('Deals', r.deals || []),
        card('Tickets', []),
      );
    if (type === '0-2') right.append(card('Contacts', r.contacts || []), card('Deals', r.deals || []), card('Tickets', []));
    if (type === '0-3')
      right.append(card('Contacts', r.contacts || []), card('Companies', r.companyName ? [companyLink(r.companyName, r.companyId)] : []));
    main.replaceChildren(
      el('section', { class: 'hs-x92 hs-left', 'aria-label': 'About' }, highlight, about),
      el(
        'section',
        { class: 'hs-x92 hs-middle' },
        el(
          'div',
          { role: 'tablist', class: 'hs-tabs' },
          el('a', { href: '#overview' }, 'Overview'),
          el('a', { href: '#activities' }, 'Activities'),
        ),
        el('h2', {}, 'Recent activities'),
        el('p', {}, 'No activity yet.'),
      ),
      right,
    );
  }

  window.__replicaKit.startRouter((path) => {
    const m = /^\/contacts\/\d+\/(?:record\/(\d-\d+)\/(\d+)|(contact|company|deal)\/(\d+))/.exec(path);
    if (!m) return renderList();
    const type = m[1] || { contact: '0-1', company: '0-2', deal: '0-3' }[m[3]];
    renderRecord(`${type}/${m[2] || m[4]}`);
  });
})();
