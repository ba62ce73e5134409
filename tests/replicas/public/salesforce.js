(() => {
  const records = window.__replicaRecords.salesforce;
  const { el, link } = window.__replicaKit;
  const recordPath = (id) => `/lightning/r/${records[id].type}/${id}/view`;

  // Lightning's global header is fixed to the top of the window; the app navigation sits in it.
  const header = el(
    'div',
    { id: 'oneHeader' },
    el(
      'div',
      { class: 'oneGlobalNav' },
      el('div', { class: 'logo' }),
      el('input', { placeholder: 'Search…', 'aria-label': 'Search' }),
      el('span', { class: 'sf-nav-end' }, el('a', { href: '#setup' }, 'Setup'), el('a', { href: '#profile' }, 'View profile')),
    ),
    el(
      'one-appnav',
      {},
      el('strong', {}, 'Sales'),
      link('/lightning/o/Contact/list', 'Contacts'),
      ...Object.keys(records).map((id) => link(recordPath(id), records[id].name)),
    ),
  );
  const workspace = el('div', { class: 'oneWorkspace' });
  document.body.append(header, workspace);

  // Lightning keeps every earlier view in the DOM and only moves the `active` class.
  function showView(content) {
    for (const v of workspace.querySelectorAll('.windowViewMode-normal.active')) v.classList.remove('active');
    workspace.append(el('div', { class: 'windowViewMode-normal active' }, content));
  }

  const LABELS = {
    email: 'Email',
    phone: 'Phone',
    title: 'Title',
    account: 'Account Name',
    website: 'Website',
    industry: 'Industry',
    amount: 'Amount',
    stage: 'Stage',
  };
  // Lookup fields (Account Name) link to the related record, as Lightning renders them.
  const valueOf = (key, value, r) => {
    if (key === 'email') return el('a', { href: `mailto:${value}` }, value);
    if (key === 'account' && r.accountId) return link(`/lightning/r/Account/${r.accountId}/view`, value);
    return value;
  };
  const field = (key, value, r) =>
    el('div', { class: 'slds-form-element' }, el('dt', {}, LABELS[key]), el('dd', {}, valueOf(key, value, r)));

  function recordView(id) {
    const r = records[id];
    if (!r) return el('p', {}, 'Record not found.');
    const keys = Object.keys(LABELS).filter((k) => r[k]);
    // The highlights panel: the record's name, then its compact-layout fields in a row.
    const highlights = el(
      'div',
      { class: 'slds-card slds-page-header' },
      el('p', {}, r.type),
      el('h1', {}, r.name),
      el(
        'ul',
        { class: 'slds-page-header__detail-row' },
        ...keys.slice(0, 4).map((k) => el('li', {}, el('p', {}, LABELS[k]), el('p', {}, r[k]))),
      ),
    );
    const details = el('dl', {}, el('dt', {}, 'Name'), el('dd', {}, r.name), ...keys.map((k) => field(k, r[k], r)));
    const related = el(
      'aside',
      { class: 'sf-right', 'aria-label': 'Related' },
      el(
        'div',
        { class: 'slds-card' },
        el('h2', {}, 'Activity'),
        el('p', {}, 'No activities to show.'),
        el('button', { type: 'button' }, 'Log a Call'),
      ),
      el(
        'div',
        { class: 'slds-card' },
        el('h2', {}, 'Opportunities (1)'),
        el('p', {}, r.type === 'Opportunity' ? r.name : 'Kumo KK — expansion'),
      ),
    );
    return el(
      'div',
      {},
      highlights,
      el('div', { class: 'sf-columns' }, el('div', { class: 'slds-card sf-main' }, el('h2', {}, 'Details'), details), related),
    );
  }

  window.__replicaKit.startRouter((path) => {
    const m = /^\/lightning\/r\/\w+\/([a-zA-Z0-9]{15,18})\/view/.exec(path);
    if (m) return showView(recordView(m[1]));
    showView(
      el(
        'div',
        { class: 'slds-card' },
        el('h1', {}, 'Contacts'),
        el('ul', {}, ...Object.keys(records).map((id) => el('li', {}, link(recordPath(id), records[id].name)))),
      ),
    );
  });
})();
