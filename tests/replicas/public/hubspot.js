(() => {
  const records = window.__replicaRecords.hubspot;
  const portal = location.pathname.split('/')[2] || '24681357';
  const { el, link } = window.__replicaKit;
  const recordPath = (key) => `/contacts/${portal}/record/${key}`;

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

  function renderRecord(key) {
    const r = records[key];
    if (!r) return main.replaceChildren(el('p', {}, 'This record does not exist.'));
    const highlight = el(
      'div',
      { 'data-test-id': 'record-highlight-content' },
      el('div', { class: 'hs-avatar' }, r.name[0]),
      el('h1', { 'data-test-id': 'highlight-property-display-hs_full_name_or_email' }, r.name),
    );
    if (r.email) highlight.append(el('div', { 'data-test-id': 'highlight-property-display-email' }, r.email));
    const about = el('dl', {}, ...Object.entries(r).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    main.replaceChildren(
      el('aside', { class: 'hs-x92' }, highlight, about),
      el('section', { class: 'hs-x92' }, el('h2', {}, 'Activity'), el('p', {}, 'No activity yet.')),
      el('section', { class: 'hs-x92' }, el('h2', {}, 'Associations'), el('p', {}, 'Company, deals, tickets')),
    );
  }

  window.__replicaKit.startRouter((path) => {
    const m = /^\/contacts\/\d+\/(?:record\/(\d-\d+)\/(\d+)|(contact|company|deal)\/(\d+))/.exec(path);
    if (!m) return renderList();
    const type = m[1] || { contact: '0-1', company: '0-2', deal: '0-3' }[m[3]];
    renderRecord(`${type}/${m[2] || m[4]}`);
  });
})();
