//! `<SignIn/>`: identifier, then password or email code as the instance allows; "Forgot password?"
//! by an emailed reset code and a new password; a second factor (authenticator app, SMS code or
//! backup code) when the account has one; then the session is made active and the browser goes to
//! `after_sign_in_url`.

use tessera_sdk::resources::sign_in::{
    AttemptFirstFactor, AttemptSecondFactor, CreateSignIn, PrepareFirstFactor, PrepareSecondFactor,
    ResetPassword,
};
use tessera_sdk::{Runtime, SdkError, SetActive};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::localization::{key, sections, Localization};
use crate::model::{self, SignIn as Attempt, SignInFactor, SignInStatus};
use crate::provider::{use_localization_in, use_tessera};
use crate::theme::inject_styles;
use crate::ui::{self, Card, Field, FormError};

const COMPONENT: &str = "sign-in";

/// Props of [`SignIn`].
#[derive(Properties, PartialEq, Debug)]
pub struct SignInProps {
    /// A (deep-partial) localization over the provider's.
    #[prop_or_default]
    pub localization: Option<Localization>,
    /// Where to go once signed in.
    #[prop_or(AttrValue::Static("/"))]
    pub after_sign_in_url: AttrValue,
    /// The sign-up page, for the footer link.
    #[prop_or_default]
    pub sign_up_url: Option<AttrValue>,
    /// Navigate in the app (e.g. a router) instead of loading `url`.
    #[prop_or_default]
    pub navigate: Option<Callback<String>>,
}

/// The steps of the flow (`data-step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Start,
    Password,
    EmailCode,
    ForgotPassword,
    ResetPassword,
    /// Second factor: a code from an authenticator app.
    TotpMfa,
    /// Second factor: a code texted to the user's phone.
    PhoneCodeMfa,
    /// Second factor: one of the user's backup codes.
    BackupCodeMfa,
    /// The list of the other second factors the user has.
    AlternativeMethods,
}

impl Step {
    /// The `data-step` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Password => "password",
            Self::EmailCode => "email-code",
            Self::ForgotPassword => "forgot-password",
            Self::ResetPassword => "reset-password",
            Self::TotpMfa => "totp-mfa",
            Self::PhoneCodeMfa => "phone-code-mfa",
            Self::BackupCodeMfa => "backup-code-mfa",
            Self::AlternativeMethods => "alternative-methods",
        }
    }

    /// The second-factor strategy this step attempts.
    fn second_factor(self) -> Option<&'static str> {
        match self {
            Self::TotpMfa => Some("totp"),
            Self::PhoneCodeMfa => Some("phone_code"),
            Self::BackupCodeMfa => Some("backup_code"),
            _ => None,
        }
    }
}

/// What an async call hands back to the component.
enum Outcome {
    /// Show this step for this attempt.
    Step(Step, Box<Attempt>),
    /// Signed in: leave.
    Done,
    Failed(SdkError, Option<&'static str>),
}

/// After the identifier: the first factor the instance and the account allow.
async fn choose_first_factor(
    runtime: &Runtime,
    attempt: Attempt,
    allowed: &[String],
) -> Result<Outcome, SdkError> {
    let offers = |strategy: &str| {
        attempt.first_factor(strategy).is_some() && allowed.iter().any(|a| a == strategy)
    };
    if offers("password") {
        return Ok(Outcome::Step(Step::Password, Box::new(attempt)));
    }
    if offers("email_code") {
        return send_code(runtime, &attempt, "email_code").await;
    }
    Err(SdkError::InvalidResponse(
        "no first factor this component supports".into(),
    ))
}

/// Email a code (`email_code` or `reset_password_email_code`) and show its step.
async fn send_code(
    runtime: &Runtime,
    attempt: &Attempt,
    strategy: &str,
) -> Result<Outcome, SdkError> {
    let email_address_id = attempt
        .first_factor(strategy)
        .or_else(|| attempt.first_factor("email_code"))
        .and_then(|f| f.email_address_id.clone());
    let prepared = runtime
        .sign_in()
        .prepare_first_factor(
            &attempt.id,
            PrepareFirstFactor {
                strategy: strategy.to_owned(),
                email_address_id,
                ..Default::default()
            },
        )
        .await?;
    let step = if strategy == "email_code" {
        Step::EmailCode
    } else {
        Step::ForgotPassword
    };
    Ok(Outcome::Step(step, Box::new(prepared)))
}

/// The second factor to start with, in Clerk's order: the authenticator app, else an SMS code
/// (to the default phone), else whatever the user has (backup codes).
fn first_second_factor(attempt: &Attempt) -> Option<String> {
    ["totp", "phone_code"]
        .into_iter()
        .find_map(|strategy| attempt.second_factor(strategy))
        .or_else(|| attempt.supported_second_factors.as_deref()?.first())
        .map(|f| f.strategy.clone())
}

/// Open the step of a second factor; a `phone_code` is texted first (to `phone_number_id`, else
/// the default phone). Authenticator and backup codes need no request.
async fn second_factor_step(
    runtime: &Runtime,
    attempt: Attempt,
    strategy: &str,
    phone_number_id: Option<String>,
) -> Result<Outcome, SdkError> {
    let step = match strategy {
        "totp" => Step::TotpMfa,
        "backup_code" => Step::BackupCodeMfa,
        "phone_code" => {
            let phone_number_id = phone_number_id.or_else(|| {
                attempt
                    .second_factor("phone_code")
                    .and_then(|f| f.phone_number_id.clone())
            });
            let prepared = runtime
                .sign_in()
                .prepare_second_factor(
                    &attempt.id,
                    PrepareSecondFactor {
                        strategy: "phone_code".to_owned(),
                        phone_number_id,
                    },
                )
                .await?;
            return Ok(Outcome::Step(Step::PhoneCodeMfa, Box::new(prepared)));
        }
        _ => {
            return Err(SdkError::InvalidResponse(
                "no second factor this component supports".into(),
            ))
        }
    };
    Ok(Outcome::Step(step, Box::new(attempt)))
}

/// Follow an attempt's status: complete → activate the session; new password or second factor →
/// that step.
async fn settle(runtime: &Runtime, attempt: Attempt) -> Result<Outcome, SdkError> {
    match attempt.status {
        SignInStatus::Complete => {
            runtime
                .set_active(SetActive {
                    session_id: attempt.created_session_id.clone(),
                    ..Default::default()
                })
                .await?;
            Ok(Outcome::Done)
        }
        SignInStatus::NeedsNewPassword => Ok(Outcome::Step(Step::ResetPassword, Box::new(attempt))),
        SignInStatus::NeedsSecondFactor => match first_second_factor(&attempt) {
            Some(strategy) => second_factor_step(runtime, attempt, &strategy, None).await,
            None => Err(SdkError::InvalidResponse(
                "the sign-in needs a second factor but lists none".into(),
            )),
        },
        _ => Err(SdkError::InvalidResponse(
            "the sign-in needs a step this component does not offer".into(),
        )),
    }
}

/// Sign in.
#[function_component]
pub fn SignIn(props: &SignInProps) -> Html {
    inject_styles(&[]);
    let tessera = use_tessera();
    let l = use_localization_in(props.localization.clone(), sections::SIGN_IN);
    let root = use_node_ref();
    let step = use_state_eq(|| Step::Start);
    let attempt = use_state(|| None::<Attempt>);
    let error = use_state_eq(|| None::<FormError>);
    let busy = use_state_eq(|| false);
    let identifier = use_state(String::new);
    let password = use_state(String::new);
    let code = use_state(String::new);
    let new_password = use_state(String::new);
    let confirm_password = use_state(String::new);
    // The phone an SMS code goes to, when the user picked one (else the default phone).
    let phone_id = use_state(|| None::<String>);
    // The second-factor step "Use another method" came from, for "Back".
    let previous = use_state_eq(|| Step::TotpMfa);
    // Bumped on every error, to move focus even when the same error comes back.
    let error_count = use_state_eq(|| 0_u32);

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
        // The list of other methods has no field: its first choice takes focus.
        use_effect_with(
            (*step, tessera.snapshot.is_loaded),
            move |(step, loaded)| {
                if *step == Step::AlternativeMethods {
                    ui::focus_first_action(&root);
                } else if *loaded {
                    ui::focus_first_input(&root);
                }
            },
        );
    }

    if !tessera.snapshot.is_loaded {
        return ui::loading_card(COMPONENT, &root);
    }

    let application_name = model::application_name(&tessera.snapshot);
    let allowed = model::first_factors(&tessera.snapshot);
    let fields: &'static [&'static str] = match *step {
        Step::Start => &["identifier"],
        Step::Password => &["password"],
        Step::EmailCode | Step::ForgotPassword | Step::TotpMfa | Step::PhoneCodeMfa => &["code"],
        Step::ResetPassword => &["password", "confirmPassword"],
        Step::BackupCodeMfa => &["backupCode"],
        Step::AlternativeMethods => &[],
    };

    // Run one call; its outcome moves the flow.
    let run = {
        let (step, attempt, error, busy, error_count) = (
            step.clone(),
            attempt.clone(),
            error.clone(),
            busy.clone(),
            error_count.clone(),
        );
        let (l, navigate, after) = (
            l.clone(),
            props.navigate.clone(),
            props.after_sign_in_url.to_string(),
        );
        let code = code.clone();
        move |work: std::pin::Pin<Box<dyn std::future::Future<Output = Outcome>>>| {
            let (step, attempt, error, busy, error_count) = (
                step.clone(),
                attempt.clone(),
                error.clone(),
                busy.clone(),
                error_count.clone(),
            );
            let (l, navigate, after, code) =
                (l.clone(), navigate.clone(), after.clone(), code.clone());
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
                        attempt.set(Some(*next_attempt));
                        step.set(next);
                    }
                    Outcome::Done => ui::go_to(navigate.as_ref(), &after),
                    Outcome::Failed(e, fallback) => {
                        let mut shown = FormError::from_sdk(&l, &e, fields, fallback);
                        // The server names `code` for every code; a backup code has its own field.
                        if shown.field.is_none()
                            && e.param_name() == Some("code")
                            && fields.contains(&"backupCode")
                        {
                            shown.field = Some("backupCode");
                        }
                        error.set(Some(shown));
                        error_count.set(*error_count + 1);
                    }
                }
            });
        }
    };
    let fallback = fields.first().copied();
    let wrap = move |result: Result<Outcome, SdkError>| match result {
        Ok(outcome) => outcome,
        Err(e) => Outcome::Failed(e, fallback),
    };

    let runtime = tessera.runtime.clone();
    let current = (*attempt).clone();
    let onsubmit = {
        let run = run.clone();
        let (step, identifier, password, code, new_password, confirm_password) = (
            *step,
            (*identifier).clone(),
            (*password).clone(),
            (*code).clone(),
            (*new_password).clone(),
            (*confirm_password).clone(),
        );
        let (error, error_count, l) = (error.clone(), error_count.clone(), l.clone());
        let current = current.clone();
        let allowed = allowed.clone();
        let runtime = runtime.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let runtime = runtime.clone();
            let current = current.clone();
            let id = current.as_ref().map(|a| a.id.clone()).unwrap_or_default();
            match step {
                Step::Start => {
                    let identifier = identifier.trim().to_owned();
                    let allowed = allowed.clone();
                    run(Box::pin(async move {
                        let created = runtime
                            .sign_in()
                            .create(CreateSignIn {
                                identifier: Some(identifier),
                                ..Default::default()
                            })
                            .await;
                        wrap(match created {
                            Ok(a) if a.status == SignInStatus::Complete => {
                                settle(&runtime, a).await
                            }
                            Ok(a) => choose_first_factor(&runtime, a, &allowed).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
                Step::Password | Step::EmailCode | Step::ForgotPassword => {
                    let (strategy, params) = match step {
                        Step::Password => (
                            "password",
                            AttemptFirstFactor {
                                strategy: "password".into(),
                                password: Some(password.clone()),
                                ..Default::default()
                            },
                        ),
                        Step::EmailCode => (
                            "email_code",
                            AttemptFirstFactor {
                                strategy: "email_code".into(),
                                code: Some(code.trim().to_owned()),
                                ..Default::default()
                            },
                        ),
                        _ => (
                            "reset_password_email_code",
                            AttemptFirstFactor {
                                strategy: "reset_password_email_code".into(),
                                code: Some(code.trim().to_owned()),
                                ..Default::default()
                            },
                        ),
                    };
                    let _ = strategy;
                    run(Box::pin(async move {
                        let attempted = runtime.sign_in().attempt_first_factor(&id, params).await;
                        wrap(match attempted {
                            Ok(a) => settle(&runtime, a).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
                Step::TotpMfa | Step::PhoneCodeMfa | Step::BackupCodeMfa => {
                    let params = AttemptSecondFactor {
                        strategy: step.second_factor().unwrap_or_default().to_owned(),
                        code: code.trim().to_owned(),
                    };
                    run(Box::pin(async move {
                        let attempted = runtime.sign_in().attempt_second_factor(&id, params).await;
                        wrap(match attempted {
                            Ok(a) => settle(&runtime, a).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
                // No form on this step.
                Step::AlternativeMethods => {}
                Step::ResetPassword => {
                    if new_password != confirm_password {
                        error.set(Some(FormError::local(
                            &l,
                            "confirmPassword",
                            "form_password_not_match",
                            key::ERROR_PASSWORDS_DIFFER,
                        )));
                        error_count.set(*error_count + 1);
                        return;
                    }
                    let password = new_password.clone();
                    run(Box::pin(async move {
                        let reset = runtime
                            .sign_in()
                            .reset_password(
                                &id,
                                ResetPassword {
                                    password,
                                    sign_out_of_other_sessions: true,
                                },
                            )
                            .await;
                        wrap(match reset {
                            Ok(a) => settle(&runtime, a).await,
                            Err(e) => Err(e),
                        })
                    }));
                }
            }
        })
    };

    // Send (or resend) a code for the current attempt.
    let send = {
        let run = run.clone();
        let runtime = runtime.clone();
        let current = current.clone();
        move |strategy: &'static str| {
            let run = run.clone();
            let runtime = runtime.clone();
            let current = current.clone();
            Callback::from(move |_: MouseEvent| {
                let runtime = runtime.clone();
                let Some(attempt) = current.clone() else {
                    return;
                };
                run(Box::pin(async move {
                    wrap(send_code(&runtime, &attempt, strategy).await)
                }));
            })
        }
    };
    // Open a second factor (texting a code to the phone of a `phone_code` factor).
    let choose = {
        let run = run.clone();
        let runtime = runtime.clone();
        let current = current.clone();
        let phone_id = phone_id.clone();
        move |factor: &SignInFactor| {
            let (run, runtime, current, phone_id) = (
                run.clone(),
                runtime.clone(),
                current.clone(),
                phone_id.clone(),
            );
            let (strategy, phone) = (factor.strategy.clone(), factor.phone_number_id.clone());
            Callback::from(move |_: MouseEvent| {
                let Some(attempt) = current.clone() else {
                    return;
                };
                let (runtime, strategy, phone) = (runtime.clone(), strategy.clone(), phone.clone());
                if strategy == "phone_code" {
                    phone_id.set(phone.clone());
                }
                run(Box::pin(async move {
                    wrap(second_factor_step(&runtime, attempt, &strategy, phone).await)
                }));
            })
        }
    };
    let other_methods = {
        let (step, previous, error) = (step.clone(), previous.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            previous.set(*step);
            error.set(None);
            step.set(Step::AlternativeMethods);
        })
    };
    let back = {
        let (step, previous, error) = (step.clone(), previous.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            step.set(*previous);
        })
    };
    let edit_identifier = {
        let (step, attempt, error, password, code, phone_id) = (
            step.clone(),
            attempt.clone(),
            error.clone(),
            password.clone(),
            code.clone(),
            phone_id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            attempt.set(None);
            error.set(None);
            password.set(String::new());
            code.set(String::new());
            phone_id.set(None);
            step.set(Step::Start);
        })
    };

    let err = (*error).as_ref();
    let is_busy = *busy;
    let shown_identifier = current
        .as_ref()
        .and_then(|a| a.identifier.clone())
        .unwrap_or_else(|| (*identifier).clone());
    let second_factors: Vec<SignInFactor> = current
        .as_ref()
        .and_then(|a| a.supported_second_factors.clone())
        .unwrap_or_default();
    // The phone the SMS code went to: the one picked, else the default one.
    let phone = phone_id
        .as_deref()
        .and_then(|id| {
            second_factors
                .iter()
                .find(|f| f.phone_number_id.as_deref() == Some(id))
        })
        .or_else(|| current.as_ref().and_then(|a| a.second_factor("phone_code")))
        .cloned();
    let identity = match *step {
        Step::Start | Step::AlternativeMethods => None,
        Step::PhoneCodeMfa => phone
            .as_ref()
            .and_then(|p| p.safe_identifier.clone())
            .map(|masked| (masked, edit_identifier)),
        _ => Some((shown_identifier.clone(), edit_identifier)),
    };
    let offers_code = current
        .as_ref()
        .is_some_and(|a| a.first_factor("email_code").is_some())
        && allowed.iter().any(|a| a == "email_code");
    let tokens = [
        ("applicationName", application_name.as_str()),
        ("identifier", shown_identifier.as_str()),
    ];
    let field = |name,
                 label,
                 input_type,
                 autocomplete,
                 placeholder,
                 value: &UseStateHandle<String>,
                 action| {
        Field {
            component: COMPONENT,
            name,
            label,
            input_type,
            autocomplete,
            placeholder,
            optional: false,
            value: (**value).clone(),
            oninput: ui::bind(value),
            error: err,
            action,
            l: &l,
        }
        .render()
    };

    let (title, subtitle, body) = match *step {
        Step::Start => (
            key::SIGN_IN_START_TITLE,
            key::SIGN_IN_START_SUBTITLE,
            html! {
                <form class="tessera-form" {onsubmit} novalidate=true>
                    { ui::form_alert(err) }
                    { field("identifier", key::LABEL_EMAIL_ADDRESS, "email", "username", Some(key::PLACEHOLDER_EMAIL_ADDRESS), &identifier, Html::default()) }
                    { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                </form>
            },
        ),
        Step::Password => {
            let forgot = ui::link_button(
                &l,
                key::ACTION_FORGOT_PASSWORD,
                send("reset_password_email_code"),
            );
            (
                key::SIGN_IN_PASSWORD_TITLE,
                key::SIGN_IN_PASSWORD_SUBTITLE,
                html! {
                    <>
                        <form class="tessera-form" {onsubmit} novalidate=true>
                            { ui::form_alert(err) }
                            <input type="email" name="identifier" autocomplete="username" value={shown_identifier.clone()} hidden=true readonly=true tabindex="-1" aria-hidden="true" />
                            { field("password", key::LABEL_PASSWORD, "password", "current-password", Some(key::PLACEHOLDER_PASSWORD), &password, forgot) }
                            { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                        </form>
                        if offers_code {
                            <div class="tessera-actions">
                                { ui::link_button(&l, key::SIGN_IN_PASSWORD_ACTION_LINK, send("email_code")) }
                            </div>
                        }
                    </>
                },
            )
        }
        Step::EmailCode | Step::ForgotPassword => {
            let (label, resend_strategy, resend_key) = if *step == Step::EmailCode {
                (
                    key::SIGN_IN_EMAIL_CODE_FORM_TITLE,
                    "email_code",
                    key::SIGN_IN_EMAIL_CODE_RESEND,
                )
            } else {
                (
                    key::SIGN_IN_FORGOT_PASSWORD_FORM_TITLE,
                    "reset_password_email_code",
                    key::SIGN_IN_EMAIL_CODE_RESEND,
                )
            };
            let (title, subtitle) = if *step == Step::EmailCode {
                (
                    key::SIGN_IN_EMAIL_CODE_TITLE,
                    key::SIGN_IN_EMAIL_CODE_SUBTITLE,
                )
            } else {
                (
                    key::SIGN_IN_FORGOT_PASSWORD_TITLE,
                    key::SIGN_IN_FORGOT_PASSWORD_SUBTITLE,
                )
            };
            (
                title,
                subtitle,
                html! {
                    <>
                        <form class="tessera-form" {onsubmit} novalidate=true>
                            { ui::form_alert(err) }
                            { field("code", label, "text", "one-time-code", None, &code, Html::default()) }
                            { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                        </form>
                        <div class="tessera-actions">
                            { ui::link_button(&l, resend_key, send(resend_strategy)) }
                        </div>
                    </>
                },
            )
        }
        Step::TotpMfa | Step::PhoneCodeMfa | Step::BackupCodeMfa => {
            let (title, subtitle, field_html) = match *step {
                Step::TotpMfa => (
                    key::SIGN_IN_TOTP_MFA_TITLE,
                    key::SIGN_IN_TOTP_MFA_SUBTITLE,
                    field(
                        "code",
                        key::SIGN_IN_TOTP_MFA_FORM_TITLE,
                        "text",
                        "one-time-code",
                        None,
                        &code,
                        Html::default(),
                    ),
                ),
                Step::PhoneCodeMfa => (
                    key::SIGN_IN_PHONE_CODE_MFA_TITLE,
                    key::SIGN_IN_PHONE_CODE_MFA_SUBTITLE,
                    field(
                        "code",
                        key::SIGN_IN_PHONE_CODE_MFA_FORM_TITLE,
                        "text",
                        "one-time-code",
                        None,
                        &code,
                        Html::default(),
                    ),
                ),
                _ => (
                    key::SIGN_IN_BACKUP_CODE_MFA_TITLE,
                    key::SIGN_IN_BACKUP_CODE_MFA_SUBTITLE,
                    field(
                        "backupCode",
                        key::LABEL_BACKUP_CODE,
                        "text",
                        "off",
                        None,
                        &code,
                        Html::default(),
                    ),
                ),
            };
            let resend = (*step == Step::PhoneCodeMfa).then(|| {
                let phone = phone.clone().unwrap_or_else(|| SignInFactor {
                    strategy: "phone_code".into(),
                    ..Default::default()
                });
                ui::link_button(&l, key::SIGN_IN_PHONE_CODE_MFA_RESEND, choose(&phone))
            });
            (
                title,
                subtitle,
                html! {
                    <>
                        <form class="tessera-form" {onsubmit} novalidate=true>
                            { ui::form_alert(err) }
                            { field_html }
                            { ui::submit_button(&l, key::FORM_BUTTON_PRIMARY, is_busy) }
                        </form>
                        <div class="tessera-actions">
                            { for resend }
                            if second_factors.len() > 1 {
                                { ui::link_button(&l, key::USE_ANOTHER_METHOD, other_methods) }
                            }
                        </div>
                    </>
                },
            )
        }
        Step::AlternativeMethods => {
            // Every second factor but the one just left (for SMS: but that phone).
            let left = previous.second_factor().unwrap_or_default();
            let choices = second_factors.iter().filter(|f| {
                f.strategy != left
                    || (left == "phone_code"
                        && f.phone_number_id
                            != phone.as_ref().and_then(|p| p.phone_number_id.clone()))
            });
            let buttons = choices.filter_map(|f| {
                let label = match f.strategy.as_str() {
                    "totp" => key::SIGN_IN_ALTERNATIVE_TOTP,
                    "phone_code" => key::SIGN_IN_ALTERNATIVE_PHONE_CODE,
                    "backup_code" => key::SIGN_IN_ALTERNATIVE_BACKUP_CODE,
                    _ => return None,
                };
                let masked = f.safe_identifier.clone().unwrap_or_default();
                let text = l.t(label, &[("identifier", masked.as_str())]);
                Some(ui::link_button_text(label, text, choose(f)))
            });
            (
                key::SIGN_IN_ALTERNATIVE_METHODS_TITLE,
                key::SIGN_IN_ALTERNATIVE_METHODS_SUBTITLE,
                html! {
                    <>
                        { ui::form_alert(err) }
                        <div class="tessera-actions">
                            { for buttons }
                            { ui::link_button(&l, key::BACK_BUTTON, back) }
                        </div>
                    </>
                },
            )
        }
        Step::ResetPassword => (
            key::SIGN_IN_RESET_PASSWORD_TITLE,
            "",
            html! {
                <form class="tessera-form" {onsubmit} novalidate=true>
                    { ui::form_alert(err) }
                    <input type="email" name="identifier" autocomplete="username" value={shown_identifier.clone()} hidden=true readonly=true tabindex="-1" aria-hidden="true" />
                    { field("password", key::LABEL_NEW_PASSWORD, "password", "new-password", None, &new_password, Html::default()) }
                    { field("confirmPassword", key::LABEL_CONFIRM_PASSWORD, "password", "new-password", None, &confirm_password, Html::default()) }
                    { ui::submit_button(&l, key::SIGN_IN_RESET_PASSWORD_BUTTON, is_busy) }
                </form>
            },
        ),
    };
    let footer = if *step == Step::Start {
        ui::footer_link(
            &l,
            key::SIGN_IN_START_ACTION_TEXT,
            key::SIGN_IN_START_ACTION_LINK,
            props
                .sign_up_url
                .clone()
                .or(Some(AttrValue::Static("/sign-up"))),
            props.navigate.clone(),
        )
    } else {
        Html::default()
    };
    Card {
        component: COMPONENT,
        step: step.as_str(),
        title: (title, l.t(title, &tokens)),
        subtitle: (!subtitle.is_empty()).then(|| (subtitle, l.t(subtitle, &tokens))),
        identity,
        body,
        footer,
        root: &root,
        l: &l,
    }
    .render()
}
