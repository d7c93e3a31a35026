//! `<SignUp/>`: the fields the instance asks for (and whatever the SignUp object still reports in
//! `missing_fields`), then an email-code step while `unverified_fields` lists the email address;
//! then the new session is made active and the browser goes to `after_sign_up_url`.
//!
//! An organization invitation link (`?__clerk_ticket=…`, or the `ticket` prop) signs up with
//! `strategy=ticket`: the invited address is verified by the ticket, so the email field is not
//! shown and no code is sent; the new user joins the organization.

use tessera_sdk::resources::sign_up::SignUpFields;
use tessera_sdk::{Runtime, SdkError, SetActive};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, sections, Localization};
use crate::model::{self, SignUp as Attempt, SignUpStatus};
use crate::provider::{use_localization_in, use_tessera};
use crate::theme::inject_styles;
use crate::ui::{self, Card, Field, FormError};

const COMPONENT: &str = "sign-up";

/// Props of [`SignUp`].
#[derive(Properties, PartialEq, Debug)]
pub struct SignUpProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Where to go once signed up.
    #[prop_or(AttrValue::Static("/"))]
    pub after_sign_up_url: AttrValue,
    /// The sign-in page, for the footer link.
    #[prop_or_default]
    pub sign_in_url: Option<AttrValue>,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
    /// An invitation ticket; default: the page URL's `__clerk_ticket` parameter.
    #[prop_or_default]
    pub ticket: Option<AttrValue>,
}

/// The steps of the flow (`data-step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    VerifyEmail,
}

impl Step {
    /// The `data-step` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::VerifyEmail => "verify-email",
        }
    }
}

/// A sign-up field: its FAPI name, DOM name, label, input type and autocomplete.
struct FieldSpec {
    fapi: &'static str,
    dom: &'static str,
    label: &'static str,
    placeholder: Option<&'static str>,
    input_type: &'static str,
    autocomplete: &'static str,
}

const FIELDS: [FieldSpec; 4] = [
    FieldSpec {
        fapi: "first_name",
        dom: "firstName",
        label: key::LABEL_FIRST_NAME,
        placeholder: Some(key::PLACEHOLDER_FIRST_NAME),
        input_type: "text",
        autocomplete: "given-name",
    },
    FieldSpec {
        fapi: "last_name",
        dom: "lastName",
        label: key::LABEL_LAST_NAME,
        placeholder: Some(key::PLACEHOLDER_LAST_NAME),
        input_type: "text",
        autocomplete: "family-name",
    },
    FieldSpec {
        fapi: "email_address",
        dom: "emailAddress",
        label: key::LABEL_EMAIL_ADDRESS,
        placeholder: Some(key::PLACEHOLDER_EMAIL_ADDRESS),
        input_type: "email",
        autocomplete: "email",
    },
    FieldSpec {
        fapi: "password",
        dom: "password",
        label: key::LABEL_PASSWORD,
        placeholder: Some(key::PLACEHOLDER_PASSWORD),
        input_type: "password",
        autocomplete: "new-password",
    },
];

enum Outcome {
    Step(Step, Attempt),
    /// Back to the form: the attempt still misses `field`.
    Missing(Attempt, &'static str),
    Done,
    Failed(SdkError),
}

/// Where an attempt goes next, from what it reports.
async fn advance(runtime: &Runtime, attempt: Attempt, resend: bool) -> Result<Outcome, SdkError> {
    if attempt.status == SignUpStatus::Complete {
        runtime
            .set_active(SetActive {
                session_id: attempt.created_session_id.clone(),
                ..Default::default()
            })
            .await?;
        return Ok(Outcome::Done);
    }
    let missing = attempt
        .missing_fields
        .iter()
        .find_map(|m| FIELDS.iter().find(|f| f.fapi == m.as_str()).map(|f| f.dom));
    if let Some(missing) = missing {
        return Ok(Outcome::Missing(attempt, missing));
    }
    if attempt
        .unverified_fields
        .iter()
        .any(|f| f == "email_address")
    {
        let prepared = attempt
            .verifications
            .email_address
            .as_ref()
            .is_some_and(|v| v.strategy.as_deref() == Some("email_code"));
        let attempt = if resend || !prepared {
            runtime
                .sign_up()
                .prepare_verification(&attempt.id, "email_code")
                .await?
        } else {
            attempt
        };
        return Ok(Outcome::Step(Step::VerifyEmail, attempt));
    }
    Err(SdkError::InvalidResponse(
        "the sign-up needs a step this component does not offer".into(),
    ))
}

/// Create an account.
#[function_component]
pub fn SignUp(props: &SignUpProps) -> Html {
    inject_styles(&[]);
    let tessera = use_tessera();
    let l = use_localization_in(props.localization.clone(), sections::SIGN_UP);
    let root = use_node_ref();
    let step = use_state_eq(|| Step::Start);
    let attempt = use_state(|| None::<Attempt>);
    let error = use_state_eq(|| None::<FormError>);
    let busy = use_state_eq(|| false);
    let values = [
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
    ];
    let code = use_state(String::new);
    let error_count = use_state_eq(|| 0_u32);
    let ticket = {
        let given = props.ticket.clone();
        (*use_state(move || {
            given
                .map(|t| t.to_string())
                .or_else(|| ui::query_param("__clerk_ticket"))
        }))
        .clone()
    };

    {
        let root = root.clone();
        use_effect_with(*error_count, move |count| {
            if *count > 0 {
                ui::focus_first_error(&root);
            }
        });
    }
    {
        // Every step, the first one included once loaded, opens with focus on its first field.
        let root = root.clone();
        use_effect_with((*step, tessera.snapshot.is_loaded), move |(_, loaded)| {
            if *loaded {
                ui::focus_first_input(&root);
            }
        });
    }

    if !tessera.snapshot.is_loaded {
        return ui::loading_card(COMPONENT, &root);
    }

    let application_name = model::application_name(&tessera.snapshot);
    let attributes = model::SignUpAttributes::of(&tessera.snapshot);
    let current = (*attempt).clone();
    // Which fields to show, and whether each is optional: the environment's, plus whatever the
    // attempt reports as missing or required.
    let reported = |list: fn(&Attempt) -> &Vec<String>, name: &str| {
        current
            .as_ref()
            .is_some_and(|a| list(a).iter().any(|f| f == name))
    };
    let shown: Vec<(usize, bool)> = FIELDS
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let env = match f.fapi {
                "first_name" => attributes.first_name,
                "last_name" => attributes.last_name,
                "email_address" => attributes.email_address,
                _ => attributes.password,
            };
            let missing = reported(|a| &a.missing_fields, f.fapi);
            let required = env.required || missing || reported(|a| &a.required_fields, f.fapi);
            // With an invitation, the address is the invited one.
            let by_ticket = ticket.is_some() && f.fapi == "email_address";
            ((env.enabled || missing) && !by_ticket).then_some((i, !required))
        })
        .collect();
    let dom_names: Vec<&'static str> = shown.iter().map(|(i, _)| FIELDS[*i].dom).collect();
    let fields: &'static [&'static str] = match *step {
        Step::Start => &["firstName", "lastName", "emailAddress", "password"],
        Step::VerifyEmail => &["code"],
    };

    let run = {
        let (step, attempt, error, busy, error_count, code) = (
            step.clone(),
            attempt.clone(),
            error.clone(),
            busy.clone(),
            error_count.clone(),
            code.clone(),
        );
        let (l, navigate, after) = (
            l.clone(),
            props.navigate.clone(),
            props.after_sign_up_url.to_string(),
        );
        let fallback = dom_names.first().copied();
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Outcome>>>| {
            let (step, attempt, error, busy, error_count, code) = (
                step.clone(),
                attempt.clone(),
                error.clone(),
                busy.clone(),
                error_count.clone(),
                code.clone(),
            );
            let (l, navigate, after) = (l.clone(), navigate.clone(), after.clone());
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let outcome = work.await;
                busy.set(false);
                match outcome {
                    Outcome::Step(next, next_attempt) => {
                        if next != *step {
                            code.set(String::new());
                        }
                        attempt.set(Some(next_attempt));
                        step.set(next);
                    }
                    Outcome::Missing(next_attempt, field) => {
                        attempt.set(Some(next_attempt));
                        step.set(Step::Start);
                        error.set(Some(FormError::local(
                            &l,
                            field,
                            "form_param_missing",
                            "unstable__errors.form_param_missing",
                        )));
                        error_count.set(*error_count + 1);
                    }
                    Outcome::Done => ui::go_to(navigate.as_ref(), &after),
                    Outcome::Failed(e) => {
                        let fallback = if *step == Step::VerifyEmail {
                            Some("code")
                        } else {
                            fallback
                        };
                        error.set(Some(FormError::from_sdk(&l, &e, fields, fallback)));
                        error_count.set(*error_count + 1);
                    }
                }
            });
        }
    };
    let wrap = |result: Result<Outcome, SdkError>| result.unwrap_or_else(Outcome::Failed);

    let runtime = tessera.runtime.clone();
    let onsubmit = {
        let run = run.clone();
        let step = *step;
        let current = current.clone();
        let runtime = runtime.clone();
        let entered: Vec<(&'static str, String)> = shown
            .iter()
            .map(|(i, _)| (FIELDS[*i].fapi, (*values[*i]).clone()))
            .collect();
        let code = (*code).clone();
        let ticket = ticket.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let runtime = runtime.clone();
            let current = current.clone();
            match step {
                Step::Start => {
                    let mut fields = SignUpFields::default();
                    for (name, value) in &entered {
                        let value = value.trim();
                        let value = (!value.is_empty()).then(|| value.to_owned());
                        match *name {
                            "first_name" => fields.first_name = value,
                            "last_name" => fields.last_name = value,
                            "email_address" => fields.email_address = value,
                            _ => fields.password = value,
                        }
                    }
                    if let Some(ticket) = &ticket {
                        fields.strategy = Some("ticket".to_owned());
                        fields.ticket = Some(ticket.clone());
                    }
                    run(Box::pin(async move {
                        let result = match &current {
                            Some(a) if a.status == SignUpStatus::MissingRequirements => {
                                runtime.sign_up().update(&a.id, fields).await
                            }
                            _ => runtime.sign_up().create(fields).await,
                        };
                        wrap(match result {
                            Ok(a) => advance(&runtime, a, false).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
                Step::VerifyEmail => {
                    let Some(a) = current else { return };
                    let code = code.trim().to_owned();
                    run(Box::pin(async move {
                        let result = runtime
                            .sign_up()
                            .attempt_verification(&a.id, "email_code", &code)
                            .await;
                        wrap(match result {
                            Ok(a) => advance(&runtime, a, false).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
            }
        })
    };
    let resend = {
        let run = run.clone();
        let runtime = runtime.clone();
        let current = current.clone();
        Callback::from(move |_: MouseEvent| {
            let runtime = runtime.clone();
            let Some(a) = current.clone() else { return };
            run(Box::pin(
                async move { wrap(advance(&runtime, a, true).await) },
            ));
        })
    };
    let edit = {
        let (step, error, code) = (step.clone(), error.clone(), code.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            code.set(String::new());
            step.set(Step::Start);
        })
    };

    let err = (*error).as_ref();
    let is_busy = *busy;
    let email = current
        .as_ref()
        .and_then(|a| a.email_address.clone())
        .unwrap_or_else(|| (*values[2]).clone());
    let tokens = [
        ("applicationName", application_name.as_str()),
        ("identifier", email.as_str()),
    ];
    let render_field = |i: usize, optional: bool| {
        let spec = &FIELDS[i];
        Field {
            component: COMPONENT,
            name: spec.dom,
            label: spec.label,
            input_type: spec.input_type,
            autocomplete: spec.autocomplete,
            placeholder: spec.placeholder,
            optional,
            value: (*values[i]).clone(),
            oninput: ui::bind(&values[i]),
            error: err,
            action: Html::default(),
            l: &l,
        }
        .render()
    };

    let (title, subtitle, identity, body) = match *step {
        Step::Start => {
            let names: Vec<(usize, bool)> = shown.iter().copied().filter(|(i, _)| *i < 2).collect();
            let others: Vec<(usize, bool)> =
                shown.iter().copied().filter(|(i, _)| *i >= 2).collect();
            (
                key::SIGN_UP_START_TITLE,
                key::SIGN_UP_START_SUBTITLE,
                None,
                html! {
                    <form class="tessera-form" {onsubmit} novalidate=true>
                        { ui::form_alert(err) }
                        if !names.is_empty() {
                            <div class="tessera-row">
                                { for names.iter().map(|(i, optional)| render_field(*i, *optional)) }
                            </div>
                        }
                        { for others.iter().map(|(i, optional)| render_field(*i, *optional)) }
                        { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                    </form>
                },
            )
        }
        Step::VerifyEmail => (
            key::SIGN_UP_EMAIL_CODE_TITLE,
            key::SIGN_UP_EMAIL_CODE_SUBTITLE,
            Some((email.clone(), edit)),
            html! {
                <>
                    <form class="tessera-form" {onsubmit} novalidate=true>
                        { ui::form_alert(err) }
                        {
                            Field {
                                component: COMPONENT,
                                name: "code",
                                label: key::SIGN_UP_EMAIL_CODE_FORM_TITLE,
                                input_type: "text",
                                autocomplete: "one-time-code",
                                placeholder: None,
                                optional: false,
                                value: (*code).clone(),
                                oninput: ui::bind(&code),
                                error: err,
                                action: Html::default(),
                                l: &l,
                            }
                            .render()
                        }
                        { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                    </form>
                    <div class="tessera-actions">
                        { ui::link_button(&l, key::SIGN_UP_EMAIL_CODE_RESEND, resend) }
                    </div>
                </>
            },
        ),
    };
    let footer = if *step == Step::Start {
        ui::footer_link(
            &l,
            key::SIGN_UP_START_ACTION_TEXT,
            key::SIGN_UP_START_ACTION_LINK,
            props
                .sign_in_url
                .clone()
                .or(Some(AttrValue::Static("/sign-in"))),
            props.navigate.clone(),
        )
    } else {
        Html::default()
    };
    Card {
        component: COMPONENT,
        step: step.as_str(),
        title: (title, l.t(title, &tokens)),
        subtitle: Some((subtitle, l.t(subtitle, &tokens))),
        identity,
        body,
        footer,
        root: &root,
        l: &l,
    }
    .render()
}
