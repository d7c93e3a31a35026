//! The keys the components render, as constants (a typo is a compile error, not a blank label).

macro_rules! keys {
    ($($name:ident = $key:literal,)*) => {
        $(#[doc = concat!("`", $key, "`")] pub const $name: &str = $key;)*
        /// Every key the components use; each shipped locale has all of them.
        pub const ALL: &[&str] = &[$($key,)*];
    };
}

/// Prefix of server errors localized by code: `unstable__errors.<code>`.
pub const ERRORS_PREFIX: &str = "unstable__errors.";

keys! {
    LABEL_EMAIL_ADDRESS = "formFieldLabel__emailAddress",
    LABEL_PASSWORD = "formFieldLabel__password",
    LABEL_FIRST_NAME = "formFieldLabel__firstName",
    LABEL_LAST_NAME = "formFieldLabel__lastName",
    LABEL_NEW_PASSWORD = "formFieldLabel__newPassword",
    LABEL_CONFIRM_PASSWORD = "formFieldLabel__confirmPassword",
    LABEL_CODE = "formFieldLabel__code",
    PLACEHOLDER_EMAIL_ADDRESS = "formFieldInputPlaceholder__emailAddress",
    PLACEHOLDER_PASSWORD = "formFieldInputPlaceholder__password",
    PLACEHOLDER_FIRST_NAME = "formFieldInputPlaceholder__firstName",
    PLACEHOLDER_LAST_NAME = "formFieldInputPlaceholder__lastName",
    ACTION_FORGOT_PASSWORD = "formFieldAction__forgotPassword",
    ERROR_PASSWORDS_DIFFER = "formFieldError__notMatchingPasswords",
    FORM_BUTTON_PRIMARY = "formButtonPrimary",
    FORM_BUTTON_EDIT = "formButtonEdit",
    HINT_OPTIONAL = "formFieldHintText__optional",
    USE_ANOTHER_METHOD = "footerActionLink__useAnotherMethod",
    BADGE_PRIMARY = "badge__primary",
    SIGN_IN_START_TITLE = "signIn.start.title",
    SIGN_IN_START_SUBTITLE = "signIn.start.subtitle",
    SIGN_IN_START_ACTION_TEXT = "signIn.start.actionText",
    SIGN_IN_START_ACTION_LINK = "signIn.start.actionLink",
    SIGN_IN_PASSWORD_TITLE = "signIn.password.title",
    SIGN_IN_PASSWORD_SUBTITLE = "signIn.password.subtitle",
    SIGN_IN_PASSWORD_ACTION_LINK = "signIn.password.actionLink",
    SIGN_IN_EMAIL_CODE_TITLE = "signIn.emailCode.title",
    SIGN_IN_EMAIL_CODE_SUBTITLE = "signIn.emailCode.subtitle",
    SIGN_IN_EMAIL_CODE_FORM_TITLE = "signIn.emailCode.formTitle",
    SIGN_IN_EMAIL_CODE_RESEND = "signIn.emailCode.resendButton",
    SIGN_IN_FORGOT_PASSWORD_ALTERNATIVE_TITLE = "signIn.forgotPasswordAlternativeMethods.title",
    SIGN_IN_FORGOT_PASSWORD_TITLE = "signIn.forgotPassword.title",
    SIGN_IN_FORGOT_PASSWORD_SUBTITLE = "signIn.forgotPassword.subtitle",
    SIGN_IN_FORGOT_PASSWORD_FORM_TITLE = "signIn.forgotPassword.formTitle",
    SIGN_IN_RESET_PASSWORD_TITLE = "signIn.resetPassword.title",
    SIGN_IN_RESET_PASSWORD_BUTTON = "signIn.resetPassword.formButtonPrimary",
    SIGN_UP_START_TITLE = "signUp.start.title",
    SIGN_UP_START_SUBTITLE = "signUp.start.subtitle",
    SIGN_UP_START_ACTION_TEXT = "signUp.start.actionText",
    SIGN_UP_START_ACTION_LINK = "signUp.start.actionLink",
    SIGN_UP_EMAIL_CODE_TITLE = "signUp.emailCode.title",
    SIGN_UP_EMAIL_CODE_SUBTITLE = "signUp.emailCode.subtitle",
    SIGN_UP_EMAIL_CODE_FORM_TITLE = "signUp.emailCode.formTitle",
    SIGN_UP_EMAIL_CODE_RESEND = "signUp.emailCode.resendButton",
    USER_BUTTON_SIGN_OUT = "userButton.action__signOut",
    USER_BUTTON_MANAGE_ACCOUNT = "userButton.action__manageAccount",
    USER_BUTTON_OPEN_MENU = "userButton.action__openMenu",
    ERROR_PASSWORD_INCORRECT = "unstable__errors.form_password_incorrect",
    ERROR_IDENTIFIER_NOT_FOUND = "unstable__errors.form_identifier_not_found",
    ERROR_CODE_INCORRECT = "unstable__errors.form_code_incorrect",
    ERROR_TOO_MANY_REQUESTS = "unstable__errors.too_many_requests",
    ERROR_NETWORK = "unstable__errors.network_error",
    ERROR_UNKNOWN = "unstable__errors.unknown_error",
}
