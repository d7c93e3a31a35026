// Tessera's plain JavaScript demo: the `Tessera` class and the mount functions of `@tessera/js`'s UI
// entries, no framework, no bundler. Each page imports the smallest entry that has what it shows
// (one wasm module per page):
//
//   /          `@tessera/js/ui`: signed out, links to sign in / sign up; signed in, the user, the
//              session claims, what the demo backend sees (`GET {api}/api/me`), a UserButton
//   /sign-in   `@tessera/js/ui/sign-in`: mountSignIn
//   /sign-up   `@tessera/js/ui/sign-up`: mountSignUp
//   ?locale=fr-FR | en-XA   the components' localization (kept on every link); French is loaded
//              from `@tessera/js/locales/fr-FR` only when chosen
const ENTRIES = { '/sign-in': '@tessera/js/ui/sign-in', '/sign-up': '@tessera/js/ui/sign-up' };

const DEFAULT_FRONTEND_API = 'http://127.0.0.1:4000';
const DEFAULT_DEMO_API = 'http://127.0.0.1:4100';
const LOCALES = [
  ['', 'English'],
  ['fr-FR', 'Français'],
  ['en-XA', 'Pseudo'],
];

const app = document.getElementById('app');
const userButtonSlot = document.getElementById('user-button');
const params = new URLSearchParams(location.search);
const locale = LOCALES.some(([code]) => code && code === params.get('locale')) ? params.get('locale') : '';

/** A path of this app, keeping the `?locale=`. */
const href = (path) => (locale ? `${path}?locale=${encodeURIComponent(locale)}` : path);

/** The URL in `<meta name="…">` (a placeholder when the page was not served by xtask: then `fallback`). */
function metaUrl(name, fallback) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  const url = meta && meta.content;
  return url && /^https?:\/\//.test(url) ? url : fallback;
}

const frontendApi = () => metaUrl('tessera-frontend-api', DEFAULT_FRONTEND_API);
const demoApi = () => metaUrl('tessera-demo-api', DEFAULT_DEMO_API);

/** `document.createElement` with attributes and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) el.setAttribute(k, v);
  }
  el.append(...children.flat());
  return el;
}

function renderLocales() {
  const nav = document.getElementById('locales');
  const path = location.pathname;
  nav.replaceChildren(
    ...LOCALES.map(([code, label]) =>
      h('a', {
        href: code ? `${path}?locale=${code}` : path,
        lang: code || 'en',
        'aria-current': code === locale ? 'true' : undefined,
      }, label),
    ),
  );
}

function fullName(user) {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

function primaryEmail(user) {
  const emails = user.email_addresses ?? [];
  const primary = emails.find((e) => e.id === user.primary_email_address_id) ?? emails[0];
  return primary ? primary.email_address : '';
}

/** `GET {demo api}/api/me` with `Authorization: Bearer <session token>`: the JSON, or an error. */
async function askBackend(tessera) {
  const token = await tessera.getToken();
  if (!token) throw new Error('no active session');
  const url = `${demoApi()}/api/me`;
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * The card "Your backend sees": what the demo backend (`tessera-backend --example demo_api`) makes of
 * the session token; `refresh()` asks again (when the session or the active organization changes).
 */
function backendCard(tessera) {
  const body = h('div', {}, h('p', { class: 'demo-loading' }, 'Asking the backend…'));
  const card = h('section', { class: 'demo-card', 'data-testid': 'backend' },
    h('h1', {}, 'Your backend sees'),
    h('p', {}, 'GET ', h('code', {}, `${demoApi()}/api/me`), ' with the session token, verified by tessera-backend:'),
    body,
  );
  let asked = 0;
  async function refresh() {
    const call = ++asked; // an answer for a session or organization no longer current is dropped
    body.replaceChildren(h('p', { class: 'demo-loading' }, 'Asking the backend…'));
    let shown;
    try {
      shown = h('pre', { 'data-testid': 'backend-auth' }, JSON.stringify(await askBackend(tessera), null, 2));
    } catch (error) {
      shown = h('p', { class: 'demo-error', role: 'alert', 'data-testid': 'backend-auth-error' },
        error && error.message ? error.message : String(error));
    }
    if (call === asked) body.replaceChildren(shown);
  }
  return { card, refresh };
}

/** `/`: what the signed-in user sees, or the way in. */
function renderHome(ui, tessera, props) {
  const { mountUserButton, unmount } = ui;
  let userButtonMounted = false;
  const backend = backendCard(tessera);
  let backendAskedFor = null;
  const render = () => {
    const { auth, user } = tessera.getSnapshot();
    if (auth.isSignedIn && user) {
      const name = fullName(user);
      const key = `${auth.sessionId} ${auth.orgId}`;
      if (key !== backendAskedFor) {
        backendAskedFor = key;
        backend.refresh();
      }
      app.replaceChildren(
        h('section', { class: 'demo-card', 'data-testid': 'signed-in' },
          h('h1', {}, 'You are signed in'),
          h('dl', { class: 'demo-user-facts' },
            h('dt', {}, 'Name'), h('dd', { 'data-testid': 'user-name' }, name || '—'),
            h('dt', {}, 'Email'), h('dd', { 'data-testid': 'user-email' }, primaryEmail(user)),
            h('dt', {}, 'User ID'), h('dd', { 'data-testid': 'user-id' }, user.id),
          ),
          h('h2', {}, 'Session claims'),
          h('pre', { 'data-testid': 'session-claims' }, JSON.stringify(auth.sessionClaims, null, 2)),
        ),
        backend.card,
      );
      if (!userButtonMounted) {
        mountUserButton(userButtonSlot, props);
        userButtonMounted = true;
      }
    } else {
      backendAskedFor = null;
      if (userButtonMounted) {
        unmount(userButtonSlot);
        userButtonMounted = false;
      }
      app.replaceChildren(
        h('section', { class: 'demo-card demo-welcome', 'data-testid': 'signed-out' },
          h('h1', {}, 'Welcome to the Tessera demo'),
          h('p', {}, 'A plain JavaScript page using @tessera/js from npm, talking to a local tessera-server.'),
          h('div', { class: 'demo-actions' },
            h('a', { class: 'demo-button demo-button-primary', href: href('/sign-in') }, 'Sign in'),
            h('a', { class: 'demo-button', href: href('/sign-up') }, 'Sign up'),
          ),
        ),
      );
    }
  };
  tessera.subscribe(render);
  render();
}

async function main() {
  renderLocales();
  const ui = await import(ENTRIES[location.pathname] ?? '@tessera/js/ui');
  await ui.default();
  const props = {
    frontendApi: frontendApi(),
    // en-US and the pseudo-locale are built in; other languages are data modules.
    locale: locale === 'en-XA' ? 'en-XA' : undefined,
    localization: locale === 'fr-FR' ? (await import('@tessera/js/locales/fr-FR')).frFR : undefined,
    signInUrl: href('/sign-in'),
    signUpUrl: href('/sign-up'),
    afterSignInUrl: href('/'),
    afterSignUpUrl: href('/'),
    afterSignOutUrl: href('/'),
  };
  const page = h('div', { class: 'demo-component' });
  switch (location.pathname) {
    // The per-page entries: mount functions only, the component loads its own state.
    case '/sign-in':
      app.replaceChildren(page);
      ui.mountSignIn(page, props);
      break;
    case '/sign-up':
      app.replaceChildren(page);
      ui.mountSignUp(page, props);
      break;
    default: {
      // The full entry: the `Tessera` class too; mounts given it as `tessera` share its state.
      const tessera = new ui.Tessera(frontendApi());
      window.tessera = tessera; // handy in the console
      try {
        await tessera.load();
      } catch (error) {
        app.replaceChildren(
          h('section', { class: 'demo-card demo-error', role: 'alert', 'data-testid': 'load-error' },
            h('h1', {}, 'Cannot reach the Tessera server'),
            h('p', {}, `${frontendApi()}: ${error && error.message ? error.message : error}`),
            h('p', {}, 'Start it with `cargo xtask demo`.'),
          ),
        );
        return;
      }
      renderHome(ui, tessera, { ...props, tessera });
    }
  }
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  console.error(error);
  app.replaceChildren(h('p', { class: 'demo-error', role: 'alert' }, String(error && error.stack || error)));
});
