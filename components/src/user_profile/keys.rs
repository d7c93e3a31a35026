//! Keys of the phone-number and SMS second-factor strings (Clerk's names), kept with the pages that
//! use them; each shipped locale has all of them (tested below).

pub(super) const UP_PHONES_MAKE_PRIMARY: &str =
    "userProfile.start.phoneNumbersSection.detailsAction__nonPrimary";
pub(super) const UP_MFA_PHONE_CODE_HEADER: &str =
    "userProfile.start.mfaSection.phoneCode.headerTitle";
pub(super) const UP_MFA_PHONE_CODE_REMOVE: &str =
    "userProfile.start.mfaSection.phoneCode.destructiveActionLabel";
pub(super) const UP_PHONE_CODE_TITLE: &str = "userProfile.mfaPhoneCodePage.title";
pub(super) const UP_PHONE_CODE_AVAILABLE: &str =
    "userProfile.mfaPhoneCodePage.subtitle__availablePhoneNumbers";
pub(super) const UP_PHONE_CODE_UNAVAILABLE: &str =
    "userProfile.mfaPhoneCodePage.subtitle__unavailablePhoneNumbers";
pub(super) const UP_PHONE_CODE_GO_TO_PHONES: &str =
    "userProfile.mfaPhoneCodePage.actionLabel__goToPhoneNumbers";
pub(super) const UP_PHONE_CODE_SUCCESS: &str = "userProfile.mfaPhoneCodePage.successMessage";
pub(super) const UP_PHONE_CODE_REMOVE_TITLE: &str =
    "userProfile.mfaPhoneCodePage.removeResource.title";
pub(super) const UP_PHONE_CODE_REMOVE_LINE1: &str =
    "userProfile.mfaPhoneCodePage.removeResource.messageLine1";
pub(super) const UP_PHONE_CODE_REMOVE_LINE2: &str =
    "userProfile.mfaPhoneCodePage.removeResource.messageLine2";
pub(super) const UP_PHONE_CODE_REMOVE_SUCCESS: &str =
    "userProfile.mfaPhoneCodePage.removeResource.successMessage";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::localization::Localization;

    #[test]
    fn every_shipped_locale_has_these_keys() {
        let keys = [
            UP_PHONES_MAKE_PRIMARY,
            UP_MFA_PHONE_CODE_HEADER,
            UP_MFA_PHONE_CODE_REMOVE,
            UP_PHONE_CODE_TITLE,
            UP_PHONE_CODE_AVAILABLE,
            UP_PHONE_CODE_UNAVAILABLE,
            UP_PHONE_CODE_GO_TO_PHONES,
            UP_PHONE_CODE_SUCCESS,
            UP_PHONE_CODE_REMOVE_TITLE,
            UP_PHONE_CODE_REMOVE_LINE1,
            UP_PHONE_CODE_REMOVE_LINE2,
            UP_PHONE_CODE_REMOVE_SUCCESS,
        ];
        // French on its own, not over the English it falls back to.
        let fr = Localization::from_json(include_str!("../../locales/fr-FR.json")).unwrap();
        for (name, l) in [("en-US", Localization::en_us()), ("fr-FR", fr)] {
            for k in keys {
                assert!(l.get(k).is_some(), "{name} lacks {k}");
            }
        }
    }
}
