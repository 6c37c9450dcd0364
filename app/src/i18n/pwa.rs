//! Texts of the installable app (`crate::pwa`): the prompt shown when a new version is ready, in every language,
//! side by side like onboarding's; each language's `Messages` points at its const here.

pub struct PwaTexts {
    /// "A new version is available" — a deploy's service worker is installed and waiting.
    pub update_available: &'static str,
    /// The button that switches to the new version and reloads the page once.
    pub reload: &'static str,
}

pub const EN: PwaTexts =
    PwaTexts { update_available: "A new version of Bazaar is available.", reload: "Reload" };

pub const ES: PwaTexts =
    PwaTexts { update_available: "Hay una nueva versión de Bazaar disponible.", reload: "Recargar" };

pub const PT: PwaTexts =
    PwaTexts { update_available: "Uma nova versão do Bazaar está disponível.", reload: "Recarregar" };

pub const RU: PwaTexts = PwaTexts {
    update_available: "Доступна новая версия Bazaar.", reload: "Обновить"
};

pub const KO: PwaTexts = PwaTexts {
    update_available: "Bazaar의 새 버전을 사용할 수 있습니다.",
    reload: "새로고침",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_update_prompt() {
        for texts in [&ES, &PT, &RU, &KO] {
            assert_ne!(texts.update_available, EN.update_available);
            assert_ne!(texts.reload, EN.reload);
        }
    }
}
