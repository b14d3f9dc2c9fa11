//! Every string a person reads, in Japanese and English. Each catalog is one table of
//! `Key => ("日本語", "English")`; render and export code look strings up here and never
//! hard-code them.
//!
//! - `terms`: the method's own words (steps, table columns, statuses...), shared by the screen
//!   and the minutes.
//! - `minutes`: the minutes' own headings, labels and date formats.
//! - `ui`: the screen's own words (messages, hints, the help).
//! - `cli`: what the command line prints.
//! - `files`: the session's file among other programs (conflicts, read-only folders), the
//!   limits, a signal that ended sori.
//! - `changes`: what a change in the history did, in words (the replay's timeline).
//! - `phone`: the page a participant reads on a phone in the room (`room_server`).

pub mod changes;
pub mod cli;
pub mod files;
pub mod minutes;
pub mod phone;
pub mod terms;
pub mod ui;

pub use crate::core::session::Lang;
pub use cli::CliText;
pub use terms::Term;

/// Declares a catalog: an enum of keys and, for each, its Japanese and English text.
macro_rules! catalog {
    ($(#[$doc:meta])* $name:ident { $( $key:ident => ($ja:expr, $en:expr), )* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum $name { $( $key, )* }

        impl $name {
            /// Every key, for tests that check the catalog is complete.
            pub const ALL: &'static [$name] = &[$( $name::$key, )*];

            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$key, $crate::i18n::Lang::Ja) => $ja,
                        ($name::$key, $crate::i18n::Lang::En) => $en,
                    )*
                }
            }
        }
    };
}
pub(crate) use catalog;

/// Fill `{name}` placeholders in a catalog string.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The language to use: the one asked for, else the session's, else the locale's
/// (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `ja` mean Japanese), else English.
pub fn choose(asked: Option<Lang>, session: Option<Lang>) -> Lang {
    asked.or(session).unwrap_or_else(locale_lang)
}

/// The language of the user's locale.
pub fn locale_lang() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(value) = std::env::var(var)
            && !value.is_empty()
        {
            return if value.starts_with("ja") {
                Lang::Ja
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_both_languages() {
        for t in Term::ALL {
            assert!(!t.text(Lang::Ja).is_empty(), "{t:?} ja");
            assert!(!t.text(Lang::En).is_empty(), "{t:?} en");
        }
    }

    /// The `{name}` placeholders of a template, sorted.
    fn placeholders(template: &str) -> Vec<&str> {
        let mut out: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_cli_text_has_both_languages_with_the_same_placeholders() {
        for t in CliText::ALL {
            let (ja, en) = (t.text(Lang::Ja), t.text(Lang::En));
            assert!(!ja.is_empty() && !en.is_empty(), "{t:?}");
            assert_eq!(placeholders(ja), placeholders(en), "{t:?}");
        }
        for t in Term::ALL {
            assert_eq!(
                placeholders(t.text(Lang::Ja)),
                placeholders(t.text(Lang::En)),
                "{t:?}"
            );
        }
        for t in phone::Phone::ALL {
            let (ja, en) = (t.text(Lang::Ja), t.text(Lang::En));
            assert!(!ja.is_empty() && !en.is_empty(), "{t:?}");
            assert_eq!(placeholders(ja), placeholders(en), "{t:?}");
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("{party} has {n}", &[("party", "町内会"), ("n", "2")]),
            "町内会 has 2"
        );
    }
}
