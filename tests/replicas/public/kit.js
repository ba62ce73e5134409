// Shared by both replicas: element building and the SPA router the real apps have.

// The CRM's own dark theme, a per-user setting in both products (a test sets window.__replicaTheme).
if (window.__replicaTheme === 'dark') document.body.classList.add('theme-dark');

window.__replicaKit = {
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  },
  link(path, text) {
    return window.__replicaKit.el('a', { href: path, 'data-spa': '' }, text);
  },
  /** URL first, record later: `render` runs the configured delay after every navigation. */
  startRouter(render) {
    let timer = 0;
    const route = () => {
      clearTimeout(timer);
      const path = location.pathname;
      timer = setTimeout(() => render(path), window.__replicaRenderDelayMs);
    };
    window.__replicaNavigate = (path) => {
      history.pushState({}, '', path);
      route();
    };
    document.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a[data-spa]');
      if (!a) return;
      e.preventDefault();
      window.__replicaNavigate(a.getAttribute('href'));
    });
    addEventListener('popstate', route);
    route();
  },
};
