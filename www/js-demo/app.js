// Tessera's plain JavaScript demo: the `Tessera` class and the mount functions of `@tessera/js`'s UI
// entries, no framework, no bundler. Each page imports the smallest entry that has what it shows
// (one wasm module per page):
//
//   /          `@tessera/js/ui`: signed out, links to sign in / sign up; signed in, the user, the
//              session claims, what the demo backend sees (`GET {api}/api/me`)
//   /sign-in   `@tessera/js/ui/sign-in`: mountSignIn
//   /sign-up   `@tessera/js/ui/sign-up`: mountSignUp (also the page of organization invitation links,
//              `/sign-up?__clerk_ticket=…`)
//   /create-organization   `@tessera/js/ui`: mountCreateOrganization (then back to /)
//   /organization          `@tessera/js/ui`: mountOrganizationProfile (after leaving or deleting: /)
//   /user-profile          `@tessera/js/ui`: mountUserProfile, where the UserButton's "Manage account"
//              goes (after deleting the account, or when the session ends elsewhere: /)
//   signed in, the header of the full-entry pages has an OrganizationSwitcher and a UserButton
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
const switcherSlot = document.getElementById('organization-switcher');
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

/** The signed-out card: the way in. */
function welcome() {
  return h('section', { class: 'demo-card demo-welcome', 'data-testid': 'signed-out' },
    h('h1', {}, 'Welcome to the Tessera demo'),
    h('p', {}, 'A plain JavaScript page using @tessera/js from npm, talking to a local tessera-server.'),
    h('div', { class: 'demo-actions' },
      h('a', { class: 'demo-button demo-button-primary', href: href('/sign-in') }, 'Sign in'),
      h('a', { class: 'demo-button', href: href('/sign-up') }, 'Sign up'),
    ),
  );
}

/** The header's OrganizationSwitcher and UserButton, there while signed in. */
function renderHeader(ui, tessera, props) {
  let mounted = false;
  const render = () => {
    const signedIn = tessera.getSnapshot().auth.isSignedIn;
    if (signedIn && !mounted) {
      ui.mountOrganizationSwitcher(switcherSlot, props);
      ui.mountUserButton(userButtonSlot, props);
    } else if (!signedIn && mounted) {
      ui.unmount(switcherSlot);
      ui.unmount(userButtonSlot);
    }
    mounted = signedIn;
  };
  tessera.subscribe(render);
  render();
}

/**
 * Renders the page for each snapshot; `view(snapshot)` returns `[key, render]` and `render()` runs only
 * when `key` changes, so mounted components are not mounted again on every change.
 */
function renderPage(tessera, view) {
  let shown;
  const render = () => {
    const [key, draw] = view(tessera.getSnapshot());
    if (key !== shown) {
      shown = key;
      draw();
    }
  };
  tessera.subscribe(render);
  render();
}

/** `/`: what the signed-in user sees, or the way in. */
function renderHome(tessera) {
  const backend = backendCard(tessera);
  let backendAskedFor = null;
  renderPage(tessera, ({ auth, user }) => {
    if (!auth.isSignedIn || !user) {
      backendAskedFor = null;
      return ['signed-out', () => app.replaceChildren(welcome())];
    }
    const key = `${auth.sessionId} ${auth.orgId}`;
    if (key !== backendAskedFor) {
      backendAskedFor = key;
      backend.refresh();
    }
    // The claims change with every token: redraw on each (the backend card is kept).
    return [{}, () => app.replaceChildren(
      h('section', { class: 'demo-card', 'data-testid': 'signed-in' },
        h('h1', {}, 'You are signed in'),
        h('dl', { class: 'demo-user-facts' },
          h('dt', {}, 'Name'), h('dd', { 'data-testid': 'user-name' }, fullName(user) || '—'),
          h('dt', {}, 'Email'), h('dd', { 'data-testid': 'user-email' }, primaryEmail(user)),
          h('dt', {}, 'User ID'), h('dd', { 'data-testid': 'user-id' }, user.id),
        ),
        h('h2', {}, 'Session claims'),
        h('pre', { 'data-testid': 'session-claims' }, JSON.stringify(auth.sessionClaims, null, 2)),
      ),
      backend.card,
    )];
  });
}

/** `/create-organization`: CreateOrganization while signed in. */
function renderCreateOrganization(ui, tessera, props) {
  const page = h('div', { class: 'demo-component' });
  renderPage(tessera, ({ auth }) => auth.isSignedIn
    ? ['signed-in', () => {
      app.replaceChildren(page);
      ui.mountCreateOrganization(page, props);
    }]
    : ['signed-out', () => {
      ui.unmount(page);
      app.replaceChildren(welcome());
    }]);
}

/** `/organization`: the active organization's OrganizationProfile, or how to get one. */
function renderOrganization(ui, tessera, props) {
  const page = h('div', { class: 'demo-component' });
  renderPage(tessera, ({ auth }) => {
    if (!auth.isSignedIn) {
      return ['signed-out', () => {
        ui.unmount(page);
        app.replaceChildren(welcome());
      }];
    }
    if (!auth.orgId) {
      return ['personal', () => {
        ui.unmount(page);
        app.replaceChildren(noOrganization());
      }];
    }
    // The component follows the active organization itself.
    return ['organization', () => {
      app.replaceChildren(page);
      ui.mountOrganizationProfile(page, props);
    }];
  });
}

/** `/user-profile`: the signed-in user's UserProfile. */
function renderUserProfile(ui, tessera, props) {
  const page = h('div', { class: 'demo-component' });
  renderPage(tessera, ({ auth }) => auth.isSignedIn
    ? ['signed-in', () => {
      app.replaceChildren(page);
      ui.mountUserProfile(page, props);
    }]
    : ['signed-out', () => {
      ui.unmount(page);
      app.replaceChildren(welcome());
    }]);
}

/** `/organization` in the personal account. */
function noOrganization() {
  return h('section', { class: 'demo-card demo-welcome', 'data-testid': 'no-organization' },
    h('h1', {}, 'No organization selected'),
    h('p', {}, 'Choose one in the organization switcher, or create one.'),
    h('div', { class: 'demo-actions' },
      h('a', { class: 'demo-button demo-button-primary', href: href('/create-organization') }, 'Create organization'),
    ),
  );
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
    userProfileUrl: href('/user-profile'),
    afterDeleteUrl: href('/'),
    organizationProfileUrl: href('/organization'),
    createOrganizationUrl: href('/create-organization'),
    afterCreateOrganizationUrl: href('/'),
    afterLeaveOrganizationUrl: href('/'),
  };
  const page = h('div', { class: 'demo-component' });
  switch (location.pathname) {
    // The per-page entries: mount functions only, the component loads its own state.
    case '/sign-in':
      app.replaceChildren(page);
      ui.mountSignIn(page, props);
      break;
    case '/sign-up':
      // An organization invitation link (`/sign-up?__clerk_ticket=…`) lands here too: SignUp reads it.
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
      const shared = { ...props, tessera };
      renderHeader(ui, tessera, shared);
      if (location.pathname === '/create-organization') renderCreateOrganization(ui, tessera, shared);
      else if (location.pathname === '/organization') renderOrganization(ui, tessera, shared);
      else if (location.pathname === '/user-profile') renderUserProfile(ui, tessera, shared);
      else renderHome(tessera);
    }
  }
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  console.error(error);
  app.replaceChildren(h('p', { class: 'demo-error', role: 'alert' }, String(error && error.stack || error)));
});
