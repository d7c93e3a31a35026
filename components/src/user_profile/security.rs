//! The Security page: the password, two-step verification (authenticator app, SMS codes to a
//! verified phone number, backup codes), the active devices and deleting the account.

use std::rc::Rc;

use tessera_sdk::model::ActiveSession;
use tessera_sdk::resources::user::ChangePassword;
use tessera_sdk::{SdkError, User};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{
    action_button, badge, copy_to_clipboard, keys, notice, page_header, qr_code, section,
    use_action, CodeForm, Confirm, Features, Leaving, COMPONENT,
};
use crate::localization::{key, Localization};
use crate::organization_profile::focus;
use crate::provider::{use_tessera, RuntimeHandle};
use crate::theme::{inject_styles, Sheet};
use crate::ui::{self, Field, FormError};

/// The file "Download" saves the backup codes in.
const BACKUP_CODES_FILE: &str = "tessera-backup-codes.txt";

#[derive(Properties, PartialEq, Debug)]
pub(super) struct SecurityPageProps {
    pub(super) l: Localization,
    pub(super) user: User,
    pub(super) features: Features,
    /// This device's session.
    pub(super) session_id: String,
    pub(super) after_delete_url: AttrValue,
    pub(super) navigate: Option<Callback<String>>,
    pub(super) leaving: Leaving,
    /// Open the Account page (where phone numbers are added and verified).
    pub(super) on_account: Callback<()>,
}

#[function_component]
pub(super) fn SecurityPage(props: &SecurityPageProps) -> Html {
    let SecurityPageProps {
        l, user, features, ..
    } = props;
    html! {
        <div class="tessera-page">
            { page_header(l, key::UP_HEADER_SECURITY) }
            if features.password {
                { section(l, "password", key::UP_PASSWORD_SECTION, html! {
                    <PasswordSection l={l.clone()} has_password={user.password_enabled()} />
                }) }
            }
            if features.totp || features.phone_code || (features.backup_codes && user.two_factor_enabled()) {
                { section(l, "mfa", key::UP_MFA_SECTION, html! {
                    <MfaSection l={l.clone()} user={user.clone()} features={*features}
                        on_account={props.on_account.clone()} />
                }) }
            }
            { section(l, "active-devices", key::UP_ACTIVE_DEVICES_SECTION, html! {
                <ActiveDevices l={l.clone()} session_id={props.session_id.clone()}
                    user_updated_at={user.raw().int("updated_at")} />
            }) }
            if features.delete_self {
                { section(l, "danger", key::UP_DANGER_SECTION, html! {
                    <DeleteAccount l={l.clone()} after_delete_url={props.after_delete_url.clone()}
                        navigate={props.navigate.clone()} leaving={props.leaving.clone()} />
                }) }
            }
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Password

#[derive(Properties, PartialEq, Debug)]
struct PasswordSectionProps {
    l: Localization,
    has_password: bool,
}

/// "Set password" or "Update password": current (when there is one), new, confirmation, and
/// whether to sign out of the other devices.
#[function_component]
fn PasswordSection(props: &PasswordSectionProps) -> Html {
    let PasswordSectionProps { l, has_password } = props;
    let has_password = *has_password;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let editing = use_state_eq(|| false);
    let current = use_state(String::new);
    let new = use_state(String::new);
    let confirm = use_state(String::new);
    let sign_out_others = use_state_eq(|| true);
    // What the last change did: (set rather than update, other devices signed out).
    let done = use_state_eq(|| None::<(bool, bool)>);
    let action = use_action(&root);
    {
        let root = root.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(*editing, move |editing| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if *editing {
                ui::focus_first_input(&root);
            } else {
                focus(&root, "[data-action=update-password]");
            }
        });
    }
    let open = {
        let (editing, current, new, confirm, done, action) = (
            editing.clone(),
            current.clone(),
            new.clone(),
            confirm.clone(),
            done.clone(),
            action.clone(),
        );
        let sign_out_others = sign_out_others.clone();
        Callback::from(move |_: MouseEvent| {
            for field in [&current, &new, &confirm] {
                field.set(String::new());
            }
            sign_out_others.set(true);
            action.reset();
            done.set(None);
            editing.set(true);
        })
    };
    let close = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(false))
    };
    let onsubmit = {
        let (runtime, l, action) = (runtime.clone(), l.clone(), action.clone());
        let (current, new, confirm, sign_out_others, editing, done) = (
            current.clone(),
            new.clone(),
            confirm.clone(),
            sign_out_others.clone(),
            editing.clone(),
            done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *new != *confirm {
                action.fail(FormError::local(
                    &l,
                    "confirmPassword",
                    "form_password_not_match",
                    key::ERROR_PASSWORDS_DIFFER,
                ));
                return;
            }
            let change = ChangePassword {
                current_password: has_password.then(|| (*current).clone()),
                new_password: (*new).clone(),
                sign_out_of_other_sessions: *sign_out_others,
            };
            let signed_out = change.sign_out_of_other_sessions;
            let (runtime, l) = (runtime.clone(), l.clone());
            let (editing, done) = (editing.clone(), done.clone());
            action.run(
                async move { runtime.account().change_password(change).await },
                move |e| {
                    FormError::from_sdk(
                        &l,
                        e,
                        &["currentPassword", "newPassword"],
                        Some("newPassword"),
                    )
                },
                move |_| {
                    done.set(Some((!has_password, signed_out)));
                    editing.set(false);
                },
            );
        })
    };

    let button = if has_password {
        key::UP_PASSWORD_BUTTON_UPDATE
    } else {
        key::UP_PASSWORD_BUTTON_SET
    };
    if !*editing {
        let said = (*done).map(|(set, signed_out)| {
            let k = if set {
                key::UP_PASSWORD_SUCCESS_SET
            } else {
                key::UP_PASSWORD_SUCCESS_UPDATE
            };
            html! {
                <>
                    { notice(k, l.text(k)) }
                    if signed_out {
                        { notice(key::UP_PASSWORD_SUCCESS_SIGNED_OUT, l.text(key::UP_PASSWORD_SUCCESS_SIGNED_OUT)) }
                    }
                </>
            }
        });
        return html! {
            <div ref={root} class="tessera-section-stack">
                <div class="tessera-section-row">
                    if has_password {
                        <span class="tessera-password-dots" aria-hidden="true" data-user-data="">{ "••••••••••" }</span>
                    } else {
                        <span></span>
                    }
                    { action_button(l, "update-password", button, false, open) }
                </div>
                { for said }
            </div>
        };
    }

    let title = if has_password {
        key::UP_PASSWORD_TITLE_UPDATE
    } else {
        key::UP_PASSWORD_TITLE_SET
    };
    let error = (*action.error).clone();
    let field = |name: &'static str,
                 label: &'static str,
                 autocomplete: &'static str,
                 state: &UseStateHandle<String>| {
        Field {
            component: COMPONENT,
            name,
            label,
            input_type: "password",
            autocomplete,
            placeholder: None,
            optional: false,
            value: (**state).clone(),
            oninput: ui::bind(state),
            error: error.as_ref(),
            action: Html::default(),
            l,
        }
        .render()
    };
    let checkbox_id = format!("tessera-{COMPONENT}-signOutOfOtherSessions");
    let toggle = {
        let sign_out_others = sign_out_others.clone();
        Callback::from(move |_: Event| sign_out_others.set(!*sign_out_others))
    };
    html! {
        <div ref={root} class="tessera-section-stack">
            <form class="tessera-form tessera-profile-form" {onsubmit} novalidate=true data-form="password"
                aria-labelledby="tessera-user-profile-password-title" aria-busy={action.busy.then_some("true")}>
                <h4 id="tessera-user-profile-password-title" class="tessera-form-title" data-localization-key={title}>
                    { l.text(title) }
                </h4>
                { ui::form_alert(error.as_ref()) }
                if has_password {
                    { field("currentPassword", key::LABEL_CURRENT_PASSWORD, "current-password", &current) }
                }
                { field("newPassword", key::LABEL_NEW_PASSWORD, "new-password", &new) }
                { field("confirmPassword", key::LABEL_CONFIRM_PASSWORD, "new-password", &confirm) }
                <div class="tessera-checkbox-field">
                    <input id={checkbox_id.clone()} name="signOutOfOtherSessions" type="checkbox"
                        class="tessera-checkbox" checked={*sign_out_others} onchange={toggle}
                        aria-describedby="tessera-user-profile-sign-out-info" />
                    <div class="tessera-checkbox-text">
                        <label for={checkbox_id} class="tessera-label"
                            data-localization-key={key::LABEL_SIGN_OUT_OF_OTHER_SESSIONS}>
                            { l.text(key::LABEL_SIGN_OUT_OF_OTHER_SESSIONS) }
                        </label>
                        <p id="tessera-user-profile-sign-out-info" class="tessera-hint"
                            data-localization-key={key::UP_PASSWORD_SIGN_OUT_INFO}>
                            { l.text(key::UP_PASSWORD_SIGN_OUT_INFO) }
                        </p>
                    </div>
                </div>
                <div class="tessera-form-actions">
                    <button type="button" class="tessera-button-secondary" onclick={close}
                        data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
                        { l.text(key::FORM_BUTTON_RESET) }
                    </button>
                    { ui::submit_button(l, key::FORM_BUTTON_SAVE, *action.busy) }
                </div>
            </form>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Two-step verification

/// What the section shows besides its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mfa {
    Rows,
    /// Setting up an authenticator app: the secret and its URI, once created.
    Enrol(Option<(String, String)>),
    RemoveTotp,
    /// Choosing a verified phone number for SMS codes.
    AddPhone,
    /// Confirming that this phone number (id, number) stops receiving SMS codes.
    RemovePhone(String, String),
    Regenerate,
    /// Codes to show once, after enrolment (with its success message: key and text) or
    /// regeneration.
    Codes(Rc<Vec<String>>, Option<(&'static str, String)>),
}

#[derive(Properties, PartialEq, Debug)]
struct MfaSectionProps {
    l: Localization,
    user: User,
    features: Features,
    on_account: Callback<()>,
}

#[function_component]
fn MfaSection(props: &MfaSectionProps) -> Html {
    let MfaSectionProps {
        l,
        user,
        features,
        on_account,
    } = props;
    inject_styles(&[MFA_STYLES]);
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let state = use_state_eq(|| Mfa::Rows);
    // What was removed last, said once: key and text.
    let removed = use_state_eq(|| None::<(&'static str, String)>);
    let action = use_action(&root);
    {
        // Back to the rows: focus the action that led away from them.
        let root = root.clone();
        let previous = use_mut_ref(|| None::<Mfa>);
        use_effect_with((*state).clone(), move |state| {
            let Some(before) = previous.replace(Some(state.clone())) else {
                return;
            };
            match (state, before) {
                (Mfa::Rows, Mfa::Codes(_, Some((success, _))))
                    if success == keys::UP_PHONE_CODE_SUCCESS =>
                {
                    focus(&root, PHONE_CODE_ACTIONS);
                }
                (Mfa::Rows, Mfa::Enrol(_) | Mfa::Codes(..)) => {
                    focus(&root, "[data-action=add-totp],[data-action=remove-totp]");
                }
                (Mfa::Rows, Mfa::RemoveTotp) => {
                    focus(&root, "[data-action=add-totp],[data-action=remove-totp]");
                }
                (Mfa::Rows, Mfa::Regenerate) => {
                    focus(&root, "[data-action=regenerate-backup-codes]");
                }
                (Mfa::Rows, Mfa::AddPhone | Mfa::RemovePhone(..)) => {
                    focus(&root, PHONE_CODE_ACTIONS);
                }
                (Mfa::Codes(..), _) => {
                    focus(&root, ".tessera-backup-codes-title,[data-action=finish]");
                }
                _ => {}
            }
        });
    }
    let go = |to: Mfa| {
        let (state, action, removed) = (state.clone(), action.clone(), removed.clone());
        move || {
            action.reset();
            removed.set(None);
            state.set(to.clone());
        }
    };
    let to_rows = {
        let go = go(Mfa::Rows);
        Callback::from(move |()| go())
    };
    let add_totp = {
        let (runtime, state, l) = (runtime.clone(), state.clone(), l.clone());
        let go = go(Mfa::Enrol(None));
        let action = action.clone();
        Callback::from(move |_: MouseEvent| {
            go();
            let (runtime, state, back, l) =
                (runtime.clone(), state.clone(), state.clone(), l.clone());
            action.run(
                async move { runtime.account().create_totp().await },
                move |e| {
                    back.set(Mfa::Rows);
                    FormError::from_sdk(&l, e, &[], None)
                },
                move |totp| state.set(Mfa::Enrol(Some((totp.secret, totp.uri)))),
            );
        })
    };
    let verify_totp = {
        let (runtime, state, l, action) =
            (runtime.clone(), state.clone(), l.clone(), action.clone());
        Callback::from(move |code: String| {
            let (runtime, state, l) = (runtime.clone(), state.clone(), l.clone());
            let l_success = l.clone();
            action.run(
                async move { runtime.account().verify_totp(&code).await },
                move |e| FormError::from_sdk(&l, e, &["code"], Some("code")),
                move |totp| {
                    let success = (key::UP_TOTP_SUCCESS, l_success.text(key::UP_TOTP_SUCCESS));
                    state.set(Mfa::Codes(Rc::new(totp.backup_codes), Some(success)));
                },
            );
        })
    };
    let remove_totp = {
        let (runtime, state, removed, l, action) = (
            runtime.clone(),
            state.clone(),
            removed.clone(),
            l.clone(),
            action.clone(),
        );
        Callback::from(move |()| {
            let (runtime, state, removed, l) =
                (runtime.clone(), state.clone(), removed.clone(), l.clone());
            let l_removed = l.clone();
            action.run(
                async move { runtime.account().delete_totp().await },
                move |e| FormError::from_sdk(&l, e, &[], None),
                move |()| {
                    state.set(Mfa::Rows);
                    let k = key::UP_TOTP_REMOVE_TITLE;
                    removed.set(Some((k, l_removed.text(k))));
                },
            );
        })
    };
    let regenerate = {
        let (runtime, state, l, action) =
            (runtime.clone(), state.clone(), l.clone(), action.clone());
        Callback::from(move |()| {
            let (runtime, state, l) = (runtime.clone(), state.clone(), l.clone());
            action.run(
                async move { runtime.account().create_backup_codes().await },
                move |e| FormError::from_sdk(&l, e, &[], None),
                move |codes| state.set(Mfa::Codes(Rc::new(codes.codes), None)),
            );
        })
    };

    // SMS codes: the user's verified numbers, those receiving the codes and those that could.
    let verified_phones: Vec<_> = user
        .phone_numbers()
        .into_iter()
        .filter(tessera_sdk::model::PhoneNumber::is_verified)
        .collect();
    let (code_phones, other_phones): (Vec<_>, Vec<_>) = verified_phones
        .iter()
        .cloned()
        .partition(|p| p.reserved_for_second_factor);
    let add_phone = {
        let go = go(Mfa::AddPhone);
        Callback::from(move |_: MouseEvent| go())
    };
    let use_phone = {
        let (runtime, state, l, action) =
            (runtime.clone(), state.clone(), l.clone(), action.clone());
        // The server issues backup codes with the first second factor, in the phone number it
        // answers; the SDK's `PhoneNumber` does not carry them, so a fresh set is asked for.
        let first_codes = features.backup_codes && !user.backup_code_enabled();
        let numbers: Vec<(String, String)> = other_phones
            .iter()
            .map(|p| (p.id.clone(), p.phone_number.clone()))
            .collect();
        Callback::from(move |id: String| {
            let (runtime, state, l) = (runtime.clone(), state.clone(), l.clone());
            let number = numbers
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            let success = (
                keys::UP_PHONE_CODE_SUCCESS,
                l.t(keys::UP_PHONE_CODE_SUCCESS, &[("identifier", &number)]),
            );
            action.run(
                async move {
                    let account = runtime.account();
                    account
                        .use_phone_number_for_second_factor(&id, true, false)
                        .await?;
                    if first_codes {
                        Ok(account.create_backup_codes().await?.codes)
                    } else {
                        Ok(Vec::new())
                    }
                },
                move |e| FormError::from_sdk(&l, e, &["phoneNumberId"], None),
                move |codes| state.set(Mfa::Codes(Rc::new(codes), Some(success))),
            );
        })
    };
    let remove_phone = {
        let (runtime, state, removed, l, action) = (
            runtime.clone(),
            state.clone(),
            removed.clone(),
            l.clone(),
            action.clone(),
        );
        Callback::from(move |()| {
            let Mfa::RemovePhone(id, number) = (*state).clone() else {
                return;
            };
            let (runtime, state, removed, l) =
                (runtime.clone(), state.clone(), removed.clone(), l.clone());
            let k = keys::UP_PHONE_CODE_REMOVE_SUCCESS;
            let said = (k, l.t(k, &[("identifier", &number)]));
            action.run(
                async move {
                    runtime
                        .account()
                        .use_phone_number_for_second_factor(&id, false, false)
                        .await
                },
                move |e| FormError::from_sdk(&l, e, &[], None),
                move |_| {
                    state.set(Mfa::Rows);
                    removed.set(Some(said));
                },
            );
        })
    };
    let phone_rows = code_phones.iter().map(|phone| {
        let open_remove = {
            let go = go(Mfa::RemovePhone(phone.id.clone(), phone.phone_number.clone()));
            Callback::from(move |_: MouseEvent| go())
        };
        let removing = matches!(&*state, Mfa::RemovePhone(id, _) if *id == phone.id);
        html! {
            <>
                <div class="tessera-section-row" data-factor="phone-code" data-phone-number-id={phone.id.clone()}>
                    <span class="tessera-factor-title">
                        { icon_message() }
                        <span data-localization-key={keys::UP_MFA_PHONE_CODE_HEADER}>
                            { l.text(keys::UP_MFA_PHONE_CODE_HEADER) }
                        </span>
                        <span class="tessera-hint" data-user-data="">{ phone.phone_number.clone() }</span>
                    </span>
                    if !removing {
                        { action_button(l, "remove-phone-code", keys::UP_MFA_PHONE_CODE_REMOVE, true, open_remove) }
                    }
                </div>
                if removing {
                    <Confirm l={l.clone()} name="remove-phone-code" button={keys::UP_PHONE_CODE_REMOVE_TITLE}
                        lines={vec![
                            (keys::UP_PHONE_CODE_REMOVE_LINE1,
                                l.t(keys::UP_PHONE_CODE_REMOVE_LINE1, &[("identifier", &phone.phone_number)])),
                            (keys::UP_PHONE_CODE_REMOVE_LINE2, l.text(keys::UP_PHONE_CODE_REMOVE_LINE2)),
                        ]}
                        action={action.clone()} on_confirm={remove_phone.clone()} on_cancel={to_rows.clone()} />
                }
            </>
        }
    });

    let totp_row = {
        let open_remove = {
            let go = go(Mfa::RemoveTotp);
            Callback::from(move |_: MouseEvent| go())
        };
        html! {
            <div class="tessera-section-row" data-factor="totp">
                <span class="tessera-factor-title">
                    { icon_key() }
                    <span data-localization-key={key::UP_MFA_TOTP_HEADER}>{ l.text(key::UP_MFA_TOTP_HEADER) }</span>
                </span>
                if *state != Mfa::RemoveTotp {
                    { action_button(l, "remove-totp", key::UP_MFA_TOTP_REMOVE, true, open_remove) }
                }
            </div>
        }
    };
    let codes_row = {
        let open = {
            let go = go(Mfa::Regenerate);
            Callback::from(move |_: MouseEvent| go())
        };
        html! {
            <div class="tessera-section-row" data-factor="backup-codes">
                <span class="tessera-factor-title">
                    { icon_list() }
                    <span data-localization-key={key::UP_MFA_BACKUP_CODES_HEADER}>
                        { l.text(key::UP_MFA_BACKUP_CODES_HEADER) }
                    </span>
                </span>
                if *state != Mfa::Regenerate {
                    { action_button(l, "regenerate-backup-codes", key::UP_MFA_REGENERATE, false, open) }
                }
            </div>
        }
    };

    let body = match &*state {
        Mfa::Enrol(secret) => html! {
            <TotpEnrolment l={l.clone()} secret={secret.clone()} action={action.clone()}
                on_code={verify_totp} on_cancel={to_rows.clone()} />
        },
        Mfa::Codes(codes, success) => html! {
            <BackupCodes l={l.clone()} codes={codes.clone()} success={success.clone()} on_done={to_rows.clone()} />
        },
        Mfa::AddPhone => {
            let phones: Vec<(String, String)> = other_phones
                .iter()
                .map(|p| (p.id.clone(), p.phone_number.clone()))
                .collect();
            html! {
                <PhoneCodeChoice l={l.clone()} {phones} action={action.clone()} on_choose={use_phone}
                    on_cancel={to_rows.clone()} on_account={on_account.clone()} />
            }
        }
        Mfa::Rows | Mfa::RemoveTotp | Mfa::RemovePhone(..) | Mfa::Regenerate => {
            let totp_link = (features.totp && !user.totp_enabled()).then(|| {
                html! {
                    <button type="button" class="tessera-link tessera-add-button" onclick={add_totp}
                        data-action="add-totp" data-localization-key={key::UP_TOTP_TITLE}>
                        { l.text(key::UP_TOTP_TITLE) }
                    </button>
                }
            });
            // With no verified number left to choose, the form says where to add one.
            let phone_link = (features.phone_code
                && (verified_phones.is_empty() || !other_phones.is_empty()))
            .then(|| {
                html! {
                    <button type="button" class="tessera-link tessera-add-button" onclick={add_phone}
                        data-action="add-phone-code" data-localization-key={keys::UP_PHONE_CODE_TITLE}>
                        { l.text(keys::UP_PHONE_CODE_TITLE) }
                    </button>
                }
            });
            html! {
                <>
                    if user.totp_enabled() { { totp_row } }
                    { for phone_rows }
                    if *state == Mfa::RemoveTotp {
                        <Confirm l={l.clone()} name="remove-totp" button={key::UP_TOTP_REMOVE_TITLE}
                            lines={vec![
                                (key::UP_TOTP_REMOVE_LINE1, l.text(key::UP_TOTP_REMOVE_LINE1)),
                                (key::UP_TOTP_REMOVE_LINE2, l.text(key::UP_TOTP_REMOVE_LINE2)),
                            ]}
                            action={action.clone()} on_confirm={remove_totp} on_cancel={to_rows.clone()} />
                    }
                    if features.backup_codes && user.two_factor_enabled() { { codes_row } }
                    if *state == Mfa::Regenerate {
                        <Confirm l={l.clone()} name="regenerate-backup-codes" danger={false}
                            button={key::UP_MFA_REGENERATE}
                            lines={vec![
                                (key::UP_MFA_REGENERATE_TITLE, l.text(key::UP_MFA_REGENERATE_TITLE)),
                                (key::UP_MFA_REGENERATE_SUBTITLE, l.text(key::UP_MFA_REGENERATE_SUBTITLE)),
                            ]}
                            action={action.clone()} on_confirm={regenerate} on_cancel={to_rows.clone()} />
                    }
                    if *state == Mfa::Rows {
                        { ui::form_alert((*action.error).as_ref()) }
                    }
                    if let Some((k, text)) = (*removed).clone() {
                        { notice(k, text) }
                    }
                    if totp_link.is_some() || phone_link.is_some() {
                        <div class="tessera-mfa-add">{ for totp_link }{ for phone_link }</div>
                    }
                </>
            }
        }
    };
    html! { <div ref={root} class="tessera-section-stack">{ body }</div> }
}

/// The section's "Add …" links, one under the other; the phone numbers to choose from for SMS
/// codes: bordered rows, the chosen one outlined.
const MFA_STYLES: Sheet = Sheet {
    name: "user-profile-mfa",
    css: r#"
.tessera-mfa-add{display:flex;flex-direction:column;align-items:flex-start;gap:.25rem}
.tessera-phone-choices{display:flex;flex-direction:column;gap:.5rem}
.tessera-phone-choice{display:flex;align-items:center;gap:.625rem;min-height:2.75rem;padding:.5rem .875rem;border:1px solid var(--tessera-color-border);border-radius:var(--tessera-radius);cursor:pointer;transition:border-color .15s,box-shadow .15s}
.tessera-phone-choice:hover{border-color:#a1a1aa}
.tessera-phone-choice .tessera-checkbox{margin:0}
.tessera-phone-choice .tessera-icon{color:var(--tessera-color-text-secondary)}
.tessera-phone-choice:has(input:checked){border-color:var(--tessera-color-primary);box-shadow:0 0 0 1px var(--tessera-color-primary)}
.tessera-phone-choice:has(input:focus-visible){box-shadow:0 0 0 3px var(--tessera-color-focus)}
"#,
};

/// Where focus goes back to after the SMS-code forms: the row's or the section's action.
const PHONE_CODE_ACTIONS: &str =
    "[data-action=remove-phone-code],[data-action=add-phone-code],[data-action=add-totp]";

#[derive(Properties, PartialEq, Debug)]
struct PhoneCodeChoiceProps {
    l: Localization,
    /// The verified numbers not receiving SMS codes yet: id and number.
    phones: Vec<(String, String)>,
    action: super::Action,
    on_choose: Callback<String>,
    on_cancel: Callback<()>,
    on_account: Callback<()>,
}

/// "Add SMS code verification": one of the user's verified phone numbers to receive the codes
/// (radio buttons, the first chosen), or, with none, where to add one.
#[function_component]
fn PhoneCodeChoice(props: &PhoneCodeChoiceProps) -> Html {
    let l = &props.l;
    let root = use_node_ref();
    let chosen = use_state(|| props.phones.first().map(|(id, _)| id.clone()));
    {
        let root = root.clone();
        use_effect_with((), move |()| {
            focus(
                &root,
                "input[name=phoneNumberId]:checked,[data-action=go-to-phone-numbers]",
            );
        });
    }
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let title_id = format!("tessera-{COMPONENT}-add-phone-code-title");
    let subtitle_id = format!("tessera-{COMPONENT}-add-phone-code-subtitle");
    let title = html! {
        <h4 id={title_id.clone()} class="tessera-form-title" data-localization-key={keys::UP_PHONE_CODE_TITLE}>
            { l.text(keys::UP_PHONE_CODE_TITLE) }
        </h4>
    };
    let cancel_button = html! {
        <button type="button" class="tessera-button-secondary" onclick={cancel}
            data-action="cancel" data-localization-key={key::FORM_BUTTON_RESET}>
            { l.text(key::FORM_BUTTON_RESET) }
        </button>
    };
    if props.phones.is_empty() {
        let go = {
            let on_account = props.on_account.clone();
            Callback::from(move |_: MouseEvent| on_account.emit(()))
        };
        return html! {
            <div ref={root} class="tessera-form tessera-profile-form" data-form="add-phone-code"
                role="group" aria-labelledby={title_id}>
                { title }
                <p class="tessera-page-subtitle" data-localization-key={keys::UP_PHONE_CODE_UNAVAILABLE}>
                    { l.text(keys::UP_PHONE_CODE_UNAVAILABLE) }
                </p>
                <div class="tessera-form-actions">
                    { cancel_button }
                    <button type="button" class="tessera-button tessera-button-inline" onclick={go}
                        data-action="go-to-phone-numbers" data-localization-key={keys::UP_PHONE_CODE_GO_TO_PHONES}>
                        { l.text(keys::UP_PHONE_CODE_GO_TO_PHONES) }
                    </button>
                </div>
            </div>
        };
    }
    let onsubmit = {
        let (chosen, on_choose) = (chosen.clone(), props.on_choose.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(id) = (*chosen).clone() {
                on_choose.emit(id);
            }
        })
    };
    let error = (*props.action.error).clone();
    let choice = |(id, number): &(String, String)| {
        let input_id = format!("tessera-{COMPONENT}-phone-code-{id}");
        let onchange = {
            let (chosen, id) = (chosen.clone(), id.clone());
            Callback::from(move |_: Event| chosen.set(Some(id.clone())))
        };
        html! {
            <label class="tessera-phone-choice" for={input_id.clone()}>
                <input id={input_id} type="radio" name="phoneNumberId" class="tessera-checkbox"
                    value={id.clone()} checked={chosen.as_deref() == Some(id.as_str())} {onchange} />
                { icon_message() }
                <span class="tessera-identification-value" data-user-data="">{ number.clone() }</span>
            </label>
        }
    };
    html! {
        <form ref={root} class="tessera-form tessera-profile-form" {onsubmit} novalidate=true
            data-form="add-phone-code" aria-labelledby={title_id}
            aria-busy={props.action.busy.then_some("true")}>
            { title }
            <p id={subtitle_id.clone()} class="tessera-page-subtitle"
                data-localization-key={keys::UP_PHONE_CODE_AVAILABLE}>
                { l.text(keys::UP_PHONE_CODE_AVAILABLE) }
            </p>
            { ui::form_alert(error.as_ref()) }
            <div class="tessera-phone-choices" role="radiogroup" aria-labelledby={subtitle_id}>
                { for props.phones.iter().map(choice) }
            </div>
            <div class="tessera-form-actions">
                { cancel_button }
                { ui::submit_button(l, key::FORM_BUTTON_PRIMARY, *props.action.busy) }
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq, Debug)]
struct TotpEnrolmentProps {
    l: Localization,
    /// The secret and its URI; `None` while they are being created.
    secret: Option<(String, String)>,
    action: super::Action,
    on_code: Callback<String>,
    on_cancel: Callback<()>,
}

/// The QR code, the secret for typing in (with a copy button) and the code the app then shows.
#[function_component]
fn TotpEnrolment(props: &TotpEnrolmentProps) -> Html {
    let l = &props.l;
    let copied = use_state_eq(|| false);
    let Some((secret, uri)) = props.secret.clone() else {
        return html! {
            <div class="tessera-profile-form tessera-loading-inline" aria-busy="true">
                <span class="tessera-spinner tessera-spinner-muted" aria-hidden="true"></span>
            </div>
        };
    };
    let copy = {
        let (copied, secret) = (copied.clone(), secret.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, secret) = (copied.clone(), secret.clone());
            spawn_local(async move {
                copied.set(copy_to_clipboard(&secret).await);
            });
        })
    };
    let scan_id = format!("tessera-{COMPONENT}-totp-scan");
    let copy_label = if *copied {
        key::UP_BACKUP_CODES_COPIED
    } else {
        key::UP_TOTP_COPY_SECRET
    };
    html! {
        <CodeForm l={l.clone()} name="verify-totp" title={key::UP_TOTP_TITLE}
            subtitle={(key::UP_TOTP_VERIFY_SUBTITLE, l.text(key::UP_TOTP_VERIFY_SUBTITLE))}
            action={props.action.clone()} on_submit={props.on_code.clone()} on_cancel={props.on_cancel.clone()}>
            <div class="tessera-totp">
                <p id={scan_id.clone()} class="tessera-page-subtitle"
                    data-localization-key={key::UP_TOTP_ABLE_TO_SCAN}>{ l.text(key::UP_TOTP_ABLE_TO_SCAN) }</p>
                <div class="tessera-totp-qr">{ qr_code(&uri, &scan_id) }</div>
                <p class="tessera-page-subtitle" data-localization-key={key::UP_TOTP_UNABLE_TO_SCAN}>
                    { l.text(key::UP_TOTP_UNABLE_TO_SCAN) }
                </p>
                <div class="tessera-totp-secret">
                    <code class="tessera-secret" data-testid="totp-secret" data-user-data="">{ secret }</code>
                    <button type="button" class="tessera-button-secondary tessera-button-small"
                        onclick={copy} data-action="copy-secret" data-localization-key={copy_label}>
                        { l.text(copy_label) }
                    </button>
                </div>
            </div>
        </CodeForm>
    }
}

#[derive(Properties, PartialEq, Debug)]
struct BackupCodesProps {
    l: Localization,
    codes: Rc<Vec<String>>,
    /// Right after setting up a second factor: its success message (key and text) comes first.
    success: Option<(&'static str, String)>,
    on_done: Callback<()>,
}

/// Backup codes, shown once: a grid, "Copy all", "Download .txt", "Finish".
#[function_component]
fn BackupCodes(props: &BackupCodesProps) -> Html {
    let l = &props.l;
    let copied = use_state_eq(|| false);
    let text = props.codes.join("\n");
    let copy = {
        let (copied, text) = (copied.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, text) = (copied.clone(), text.clone());
            spawn_local(async move {
                copied.set(copy_to_clipboard(&text).await);
            });
        })
    };
    let finish = {
        let on_done = props.on_done.clone();
        Callback::from(move |_: MouseEvent| on_done.emit(()))
    };
    let href = format!(
        "data:text/plain;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&format!("{text}\n")))
    );
    let copy_label = if *copied {
        key::UP_BACKUP_CODES_COPIED
    } else {
        key::UP_BACKUP_CODES_COPY
    };
    html! {
        <div class="tessera-profile-form tessera-backup-codes" data-testid="backup-codes-panel">
            if let Some((k, text)) = props.success.clone() {
                { notice(k, text) }
            }
            if !props.codes.is_empty() {
                <h4 class="tessera-form-title tessera-backup-codes-title" tabindex="-1"
                    data-localization-key={key::UP_BACKUP_CODES_TITLE}>
                    { l.text(key::UP_BACKUP_CODES_TITLE) }
                </h4>
                <p class="tessera-page-subtitle" data-localization-key={key::UP_BACKUP_CODES_SUBTITLE}>
                    { l.text(key::UP_BACKUP_CODES_SUBTITLE) }
                </p>
                <ul class="tessera-code-grid" role="list" data-testid="backup-codes">
                    { for props.codes.iter().map(|c| html! { <li data-user-data="">{ c.clone() }</li> }) }
                </ul>
                <div class="tessera-inline-actions">
                    <button type="button" class="tessera-button-secondary tessera-button-small" onclick={copy}
                        data-action="copy-backup-codes" data-localization-key={copy_label}>
                        { l.text(copy_label) }
                    </button>
                    <a class="tessera-button-secondary tessera-button-small" href={href} download={BACKUP_CODES_FILE}
                        data-action="download-backup-codes" data-localization-key={key::UP_BACKUP_CODES_DOWNLOAD}>
                        { l.text(key::UP_BACKUP_CODES_DOWNLOAD) }
                    </a>
                </div>
            }
            <div class="tessera-form-actions">
                <button type="button" class="tessera-button tessera-button-inline" onclick={finish}
                    data-action="finish" data-localization-key={key::FORM_BUTTON_FINISH}>
                    { l.text(key::FORM_BUTTON_FINISH) }
                </button>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Active devices

#[derive(Properties, PartialEq, Debug)]
struct ActiveDevicesProps {
    l: Localization,
    session_id: String,
    /// When the user last changed: a password change may have signed other devices out.
    user_updated_at: i64,
}

/// The user's sessions on every device, this one first; the others can be signed out.
#[function_component]
fn ActiveDevices(props: &ActiveDevicesProps) -> Html {
    let ActiveDevicesProps { l, session_id, .. } = props;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let sessions = use_state(|| None::<Rc<Vec<ActiveSession>>>);
    let version = use_state_eq(|| 0_u32);
    let revoking = use_state_eq(|| None::<String>);
    let action = use_action(&root);
    {
        let (sessions, action, l) = (sessions.clone(), action.clone(), l.clone());
        use_effect_with(
            (
                *version,
                props.user_updated_at,
                RuntimeHandle(runtime.clone()),
            ),
            move |(_, _, RuntimeHandle(runtime))| {
                let runtime = runtime.clone();
                let (sessions, l) = (sessions.clone(), l.clone());
                action.run(
                    async move { runtime.account().active_sessions().await },
                    move |e| FormError::from_sdk(&l, e, &[], None),
                    move |list| sessions.set(Some(Rc::new(list))),
                );
            },
        );
    }
    let Some(list) = (*sessions).clone() else {
        return html! {
            <div ref={root} class="tessera-section-stack">
                { ui::form_alert((*action.error).as_ref()) }
                if action.error.is_none() {
                    <div class="tessera-loading-inline" aria-busy="true">
                        <span class="tessera-spinner tessera-spinner-muted" aria-hidden="true"></span>
                    </div>
                }
            </div>
        };
    };
    let mut ordered: Vec<&ActiveSession> = list.iter().collect();
    ordered.sort_by_key(|s| (s.id != *session_id, -s.last_active_at));
    let device = |s: &ActiveSession| {
        let current = s.id == *session_id;
        let activity = s.latest_activity.clone().unwrap_or_default();
        let browser = [activity.browser_name, activity.browser_version]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let place = [activity.ip_address, activity.city, activity.country]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        let sign_out = {
            let (runtime, id, revoking, version, l) = (
                runtime.clone(),
                s.id.clone(),
                revoking.clone(),
                version.clone(),
                l.clone(),
            );
            let action = action.clone();
            Callback::from(move |_: MouseEvent| {
                revoking.set(Some(id.clone()));
                let (runtime, id, version, done) = (
                    runtime.clone(),
                    id.clone(),
                    version.clone(),
                    revoking.clone(),
                );
                let failed = revoking.clone();
                let l = l.clone();
                action.run(
                    async move { runtime.account().revoke_session(&id).await },
                    move |e| {
                        failed.set(None);
                        FormError::from_sdk(&l, e, &[], None)
                    },
                    move |()| {
                        done.set(None);
                        version.set(*version + 1);
                    },
                );
            })
        };
        let busy = revoking.as_deref() == Some(s.id.as_str());
        html! {
            <li class="tessera-device" data-session-id={s.id.clone()} data-current={current.then_some("true")}>
                { if activity.is_mobile { icon_phone() } else { icon_desktop() } }
                <div class="tessera-device-details">
                    <div class="tessera-device-name">
                        if !browser.is_empty() {
                            <span data-user-data="">{ browser }</span>
                        }
                        if current { { badge(l, "this-device", key::BADGE_THIS_DEVICE) } }
                    </div>
                    if let Some(kind) = activity.device_type {
                        <span class="tessera-device-line" data-user-data="">{ kind }</span>
                    }
                    if !place.is_empty() {
                        <span class="tessera-device-line" data-user-data="">{ place }</span>
                    }
                    <span class="tessera-device-line" data-user-data="">{ ui::format_date(l, s.last_active_at, true) }</span>
                </div>
                if !current {
                    <button type="button" class="tessera-button-danger-outline tessera-button-small"
                        onclick={sign_out} disabled={busy} aria-busy={busy.then_some("true")}
                        data-action="sign-out-device" data-localization-key={key::UP_ACTIVE_DEVICES_REMOVE}>
                        if busy { <span class="tessera-spinner" aria-hidden="true"></span> }
                        { l.text(key::UP_ACTIVE_DEVICES_REMOVE) }
                    </button>
                }
            </li>
        }
    };
    html! {
        <div ref={root} class="tessera-section-stack">
            { ui::form_alert((*action.error).as_ref()) }
            <ul class="tessera-devices" role="list" aria-busy={action.busy.then_some("true")}>
                { for ordered.into_iter().map(device) }
            </ul>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Delete account

#[derive(Properties, PartialEq, Debug)]
struct DeleteAccountProps {
    l: Localization,
    after_delete_url: AttrValue,
    navigate: Option<Callback<String>>,
    leaving: Leaving,
}

#[function_component]
fn DeleteAccount(props: &DeleteAccountProps) -> Html {
    let l = &props.l;
    let runtime = use_tessera().runtime;
    let root = use_node_ref();
    let open = use_state_eq(|| false);
    let action = use_action(&root);
    {
        let root = root.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(*open, move |open| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && !*open {
                focus(&root, "[data-action=delete-account]");
            }
        });
    }
    let show = {
        let (open, action) = (open.clone(), action.clone());
        Callback::from(move |_: MouseEvent| {
            action.reset();
            open.set(true);
        })
    };
    let cancel = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let confirm = {
        let (runtime, l, action) = (runtime.clone(), l.clone(), action.clone());
        let (url, navigate) = (props.after_delete_url.to_string(), props.navigate.clone());
        let leaving = props.leaving.clone();
        Callback::from(move |()| {
            let (runtime, l) = (runtime.clone(), l.clone());
            let (url, navigate) = (url.clone(), navigate.clone());
            let stayed = leaving.clone();
            leaving.set(true);
            action.run(
                async move { runtime.account().delete().await },
                move |e: &SdkError| {
                    stayed.set(false);
                    FormError::from_sdk(&l, e, &[], None)
                },
                move |()| ui::go_to(navigate.as_ref(), &url),
            );
        })
    };
    html! {
        <div ref={root} class="tessera-section-stack tessera-danger">
            // The section's title says what the button does (Clerk shows the button alone).
            if !*open {
                <div>{ action_button(l, "delete-account", key::UP_DANGER_BUTTON, true, show) }</div>
            }
            if *open {
                <Confirm l={l.clone()} name="delete-account" button={key::UP_DELETE_CONFIRM}
                    lines={vec![
                        (key::UP_DELETE_LINE1, l.text(key::UP_DELETE_LINE1)),
                        (key::UP_DELETE_LINE2, l.text(key::UP_DELETE_LINE2)),
                    ]}
                    typed={Some((key::UP_DELETE_ACTION_DESCRIPTION, l.text(key::UP_DELETE_ACTION_DESCRIPTION),
                        l.text(key::UP_DELETE_CONFIRM)))}
                    action={action.clone()} on_confirm={confirm} on_cancel={cancel} />
            }
        </div>
    }
}

fn icon_key() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <rect x="4" y="1.75" width="8" height="12.5" rx="1.5"/><path d="M7 11.75h2"/>
        </svg>
    }
}

fn icon_message() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M2.75 3.75h10.5v7h-6l-3 2.5v-2.5h-1.5z"/><path d="M5.5 7.25h.01M8 7.25h.01M10.5 7.25h.01"/>
        </svg>
    }
}

fn icon_list() -> Html {
    html! {
        <svg class="tessera-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <path d="M5.75 4h7.5M5.75 8h7.5M5.75 12h7.5M2.75 4h.5M2.75 8h.5M2.75 12h.5"/>
        </svg>
    }
}

fn icon_desktop() -> Html {
    html! {
        <svg class="tessera-icon tessera-device-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <rect x="1.75" y="2.75" width="12.5" height="8.5" rx="1"/><path d="M5.5 13.75h5M8 11.25v2.5"/>
        </svg>
    }
}

fn icon_phone() -> Html {
    html! {
        <svg class="tessera-icon tessera-device-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">
            <rect x="4.25" y="1.75" width="7.5" height="12.5" rx="1.5"/><path d="M7.25 12h1.5"/>
        </svg>
    }
}
