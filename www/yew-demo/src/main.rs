//! Tessera's Yew demo: the prebuilt components in a small app.
//!
//! - `/`: signed out, links to sign in and sign up; signed in, the user's name and email, the
//!   session-token claims (`<pre data-testid="session-claims">`), what the demo backend sees
//!   (`GET {api}/api/me` with the session token, `<pre data-testid="backend-auth">`) and a
//!   `UserButton` in the header;
//! - `/sign-in`, `/sign-up`: the `SignIn` and `SignUp` components (an organization invitation link,
//!   `/sign-up?__clerk_ticket=…`, signs up with its ticket);
//! - `/create-organization`: `CreateOrganization` (then back to `/`); `/organization`: the active
//!   organization's `OrganizationProfile` (after leaving or deleting it: `/`);
//! - `/user-profile`: `UserProfile` (account and security), where the `UserButton`'s "Manage
//!   account" goes (after deleting the account, or when the session ends elsewhere: `/`);
//! - signed in, the header has an `OrganizationSwitcher` next to the `UserButton`;
//! - `?locale=fr-FR` or `?locale=en-XA` (pseudo-locale) picks the components' localization, and is
//!   kept on every link.
//!
//! Pages are plain links (a full load each); the static server answers `index.html` for every path.
//! The Frontend API URL comes from `<meta name="tessera-frontend-api">` and the demo backend's from
//! `<meta name="tessera-demo-api">`, filled in by that server.

use std::cell::Cell;
use std::rc::Rc;

use tessera_components::localization::Localization;
use tessera_components::sdk::GetTokenOptions;
use tessera_components::{
    use_auth, use_get_token, use_tessera, use_user, CreateOrganization, GetToken,
    OrganizationProfile, OrganizationSwitcher, SignIn, SignUp, SignedIn, SignedOut,
    TesseraProvider, UserButton, UserProfile,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

const DEFAULT_FRONTEND_API: &str = "http://127.0.0.1:4000";
const DEFAULT_DEMO_API: &str = "http://127.0.0.1:4100";
/// The locales offered in the header: `?locale=` value (empty: en-US) and label.
const LOCALES: &[(&str, &str)] = &[("", "English"), ("fr-FR", "Français"), ("en-XA", "Pseudo")];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    SignIn,
    SignUp,
    CreateOrganization,
    Organization,
    UserProfile,
}

/// Where the app is: the page and the chosen locale (empty: en-US).
#[derive(Debug, Clone, PartialEq)]
struct Location {
    page: Page,
    path: String,
    locale: AttrValue,
}

impl Location {
    fn current() -> Self {
        let location = web_sys::window().map(|w| w.location());
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_else(|| "/".into());
        let search = location
            .as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default();
        let page = match path.trim_end_matches('/') {
            "/sign-in" => Page::SignIn,
            "/sign-up" => Page::SignUp,
            "/create-organization" => Page::CreateOrganization,
            "/organization" => Page::Organization,
            "/user-profile" => Page::UserProfile,
            _ => Page::Home,
        };
        let locale = query_param(&search, "locale")
            .filter(|l| {
                LOCALES
                    .iter()
                    .any(|(code, _)| !code.is_empty() && code == l)
            })
            .unwrap_or_default();
        Self {
            page,
            path,
            locale: locale.into(),
        }
    }

    /// A path of this app, keeping the locale.
    fn href(&self, path: &str) -> AttrValue {
        if self.locale.is_empty() {
            AttrValue::from(path.to_string())
        } else {
            format!("{path}?locale={}", self.locale).into()
        }
    }
}

fn query_param(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The URL in `<meta name="{name}">` (a placeholder when the page was not served by xtask: then
/// `default`).
fn meta_url(name: &str, default: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!(r#"meta[name="{name}"]"#))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .unwrap_or_else(|| default.to_string())
}

fn frontend_api() -> AttrValue {
    meta_url("tessera-frontend-api", DEFAULT_FRONTEND_API).into()
}

#[function_component]
fn App() -> Html {
    let location = use_memo((), |()| Location::current());
    let localization = use_memo(location.locale.clone(), |locale| {
        Localization::for_locale(locale)
    });
    let frontend_api = use_memo((), |()| frontend_api());
    html! {
        <TesseraProvider
            frontend_api={(*frontend_api).clone()}
            localization={(*localization).clone()}
        >
            <Header location={(*location).clone()} />
            <main class="demo-main">
                <Content location={(*location).clone()} />
            </main>
        </TesseraProvider>
    }
}

#[derive(Properties, PartialEq)]
struct LocationProps {
    location: Location,
}

#[function_component]
fn Header(props: &LocationProps) -> Html {
    let location = &props.location;
    let locales = LOCALES.iter().map(|(code, label)| {
        let href = if code.is_empty() {
            location.path.clone()
        } else {
            format!("{}?locale={code}", location.path)
        };
        let current = (*code == location.locale.as_str()).then_some("true");
        let lang = if code.is_empty() { "en" } else { code };
        html! { <a {href} {lang} aria-current={current}>{ *label }</a> }
    });
    html! {
        <header class="demo-header">
            <a class="demo-brand" href={location.href("/")}>{ "Tessera " }<span>{ "Yew demo" }</span></a>
            <nav class="demo-locales" aria-label="Language">{ for locales }</nav>
            <div class="demo-user">
                <SignedIn>
                    <OrganizationSwitcher
                        organization_profile_url={location.href("/organization")}
                        create_organization_url={location.href("/create-organization")}
                        after_leave_organization_url={location.href("/")}
                    />
                    <UserButton after_sign_out_url={location.href("/")}
                        user_profile_url={location.href("/user-profile")}
                        sign_in_url={location.href("/sign-in")} />
                </SignedIn>
            </div>
        </header>
    }
}

#[function_component]
fn Content(props: &LocationProps) -> Html {
    let location = &props.location;
    let sign_in_url = location.href("/sign-in");
    let sign_up_url = location.href("/sign-up");
    let home_url = location.href("/");
    match location.page {
        Page::SignIn => html! {
            <div class="demo-component">
                <SignIn
                    sign_up_url={sign_up_url}
                    after_sign_in_url={home_url}
                />
            </div>
        },
        Page::SignUp => html! {
            <div class="demo-component">
                <SignUp
                    sign_in_url={sign_in_url}
                    after_sign_up_url={home_url}
                />
            </div>
        },
        Page::CreateOrganization => html! {
            <Gate {sign_in_url} {sign_up_url}>
                <div class="demo-component">
                    <CreateOrganization after_create_organization_url={home_url} />
                </div>
            </Gate>
        },
        Page::Organization => html! {
            <Gate {sign_in_url} {sign_up_url}>
                <OrganizationPage location={location.clone()} />
            </Gate>
        },
        Page::UserProfile => html! {
            <Gate {sign_in_url} {sign_up_url}>
                <div class="demo-component">
                    <UserProfile after_sign_out_url={home_url.clone()} after_delete_url={home_url} />
                </div>
            </Gate>
        },
        Page::Home => html! {
            <Gate {sign_in_url} {sign_up_url}>
                <SignedInCard />
                <BackendCard />
            </Gate>
        },
    }
}

#[derive(Properties, PartialEq)]
struct GateProps {
    sign_in_url: AttrValue,
    sign_up_url: AttrValue,
    /// What a signed-in user sees.
    children: Html,
}

/// The signed-in content of a page once the server answered; signed out, the way in.
#[function_component]
fn Gate(props: &GateProps) -> Html {
    let tessera = use_tessera();
    let auth = use_auth();
    if let Some(error) = &tessera.load_error {
        return html! {
            <section class="demo-card demo-error" role="alert" data-testid="load-error">
                <h1>{ "Cannot reach the Tessera server" }</h1>
                <p>{ format!("{}: {error}", frontend_api()) }</p>
                <p>{ "Start it with `cargo xtask demo`." }</p>
            </section>
        };
    }
    if !auth.is_loaded {
        return html! { <p class="demo-loading">{ "Loading…" }</p> };
    }
    html! {
        <>
            <SignedOut>
                <section class="demo-card demo-welcome" data-testid="signed-out">
                    <h1>{ "Welcome to the Tessera demo" }</h1>
                    <p>{ "A Yew app using tessera-components, talking to a local tessera-server." }</p>
                    <div class="demo-actions">
                        <a class="demo-button demo-button-primary" href={props.sign_in_url.clone()}>{ "Sign in" }</a>
                        <a class="demo-button" href={props.sign_up_url.clone()}>{ "Sign up" }</a>
                    </div>
                </section>
            </SignedOut>
            <SignedIn>{ props.children.clone() }</SignedIn>
        </>
    }
}

/// `/organization`: the active organization's profile, or how to get one.
#[function_component]
fn OrganizationPage(props: &LocationProps) -> Html {
    let location = &props.location;
    if use_auth().org_id.is_none() {
        return html! {
            <section class="demo-card demo-welcome" data-testid="no-organization">
                <h1>{ "No organization selected" }</h1>
                <p>{ "Choose one in the organization switcher, or create one." }</p>
                <div class="demo-actions">
                    <a class="demo-button demo-button-primary" href={location.href("/create-organization")}>
                        { "Create organization" }
                    </a>
                </div>
            </section>
        };
    }
    html! {
        <div class="demo-component">
            <OrganizationProfile after_leave_organization_url={location.href("/")} />
        </div>
    }
}

#[function_component]
fn SignedInCard() -> Html {
    let auth = use_auth();
    let user = use_user();
    let Some(user) = user else {
        return Html::default();
    };
    let name = user.full_name().unwrap_or_else(|| "—".to_string());
    let email = user
        .primary_email_address()
        .map(|e| e.email_address.clone())
        .unwrap_or_default();
    let claims = auth
        .session_claims
        .as_ref()
        .map(|claims| pretty_json(&claims.raw().to_json_string()))
        .unwrap_or_else(|| "null".to_string());
    html! {
        <section class="demo-card" data-testid="signed-in">
            <h1>{ "You are signed in" }</h1>
            <dl class="demo-user-facts">
                <dt>{ "Name" }</dt><dd data-testid="user-name">{ name }</dd>
                <dt>{ "Email" }</dt><dd data-testid="user-email">{ email }</dd>
                <dt>{ "User ID" }</dt><dd data-testid="user-id">{ user.id.clone() }</dd>
            </dl>
            <h2>{ "Session claims" }</h2>
            <pre data-testid="session-claims">{ claims }</pre>
        </section>
    }
}

/// What the demo backend answered: its JSON, or why there is none.
#[derive(Debug, Clone, PartialEq)]
enum BackendAnswer {
    Waiting,
    Json(String),
    Failed(String),
}

/// What the demo backend (`tessera-backend --example demo_api`) makes of this session's token,
/// asked again whenever the session or the active organization changes.
#[function_component]
fn BackendCard() -> Html {
    let get_token = use_get_token();
    let auth = use_auth();
    let answer = use_state_eq(|| BackendAnswer::Waiting);
    {
        let answer = answer.clone();
        use_effect_with((auth.session_id, auth.org_id), move |_| {
            // An answer for a session or organization that is no longer current is dropped.
            let current = Rc::new(Cell::new(true));
            let still_current = current.clone();
            answer.set(BackendAnswer::Waiting);
            spawn_local(async move {
                let result = ask_backend(&get_token).await;
                if still_current.get() {
                    answer.set(match result {
                        Ok(json) => BackendAnswer::Json(pretty_json(&json)),
                        Err(error) => BackendAnswer::Failed(error),
                    });
                }
            });
            move || current.set(false)
        });
    }
    let api = meta_url("tessera-demo-api", DEFAULT_DEMO_API);
    let body = match &*answer {
        BackendAnswer::Waiting => html! { <p class="demo-loading">{ "Asking the backend…" }</p> },
        BackendAnswer::Json(json) => {
            html! { <pre data-testid="backend-auth">{ json.clone() }</pre> }
        }
        BackendAnswer::Failed(error) => html! {
            <p class="demo-error" role="alert" data-testid="backend-auth-error">{ error.clone() }</p>
        },
    };
    html! {
        <section class="demo-card" data-testid="backend">
            <h1>{ "Your backend sees" }</h1>
            <p>{ "GET " }<code>{ format!("{api}/api/me") }</code>{ " with the session token, verified by tessera-backend:" }</p>
            { body }
        </section>
    }
}

/// `GET {demo api}/api/me` with `Authorization: Bearer <session token>`; the response's text.
async fn ask_backend(get_token: &GetToken) -> Result<String, String> {
    let token = get_token
        .get(GetTokenOptions::default())
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no active session")?;
    let js_error = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}"))
    };
    let window = web_sys::window().ok_or("no window")?;
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(js_error)?;
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let url = format!("{}/api/me", meta_url("tessera-demo-api", DEFAULT_DEMO_API));
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|e| format!("{url}: {}", js_error(e)))?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        Ok(text)
    } else {
        Err(format!("HTTP {}: {text}", response.status()))
    }
}

/// The JSON text indented by two spaces (`JSON.stringify(JSON.parse(text), null, 2)`).
fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .and_then(|value| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &value,
                &JsValue::NULL,
                &JsValue::from(2),
            )
        })
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_string())
}

fn main() {
    yew::Renderer::<App>::new().render();
}
