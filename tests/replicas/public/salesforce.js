(() => {
  const records = window.__replicaRecords.salesforce;
  const { el, link } = window.__replicaKit;
  const recordPath = (id) => `/lightning/r/${records[id].type}/${id}/view`;

  const header = el(
    'div',
    { id: 'oneHeader' },
    el('div', { class: 'oneGlobalNav' }, el('div', { class: 'logo' }), el('input', { placeholder: 'Search…', 'aria-label': 'Search' })),
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

  function recordView(id) {
    const r = records[id];
    if (!r) return el('p', {}, 'Record not found.');
    const fields = el('dl', {}, el('dt', {}, 'Name'), el('dd', {}, r.name));
    if (r.email) fields.append(el('dt', {}, 'Email'), el('dd', {}, el('a', { href: `mailto:${r.email}` }, r.email)));
    if (r.account) fields.append(el('dt', {}, 'Account Name'), el('dd', {}, r.account));
    return el(
      'div',
      {},
      el('div', { class: 'slds-card slds-page-header' }, el('p', {}, r.type), el('h1', {}, r.name)),
      el('div', { class: 'slds-card' }, el('h2', {}, 'Details'), fields),
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
