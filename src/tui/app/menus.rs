//! The small numbered menus (context `Menu`, and `Nav` in them): an activity's cooperation type
//! (型1, 型2, 型3), the kinds of a party's benefit (several may be ticked), a party to add to
//! the 相利評価表. A digit chooses its entry at once; Enter the entry selected; Esc closes.

use crate::core::edits;
use crate::core::session::{BenefitKind, Coop};
use crate::i18n::fill;
use crate::i18n::ui::{Ui, coop_short};
use crate::tui::keymap::Action;
use crate::tui::state::{Menu, Overlay};

use super::App;
use super::lists::nav;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Menu { menu, mut row }) = app.view.overlay.clone() else {
        return;
    };
    let len = app.menu_len(&menu);
    if nav(&mut row, len, &action) {
        app.view.overlay = Some(Overlay::Menu { menu, row });
        return;
    }
    let several = matches!(menu, Menu::BenefitKinds { .. });
    match action {
        Action::Pick(n) if usize::from(n) <= len && n > 0 => {
            let at = usize::from(n) - 1;
            if several {
                app.view.overlay = Some(Overlay::Menu { menu, row: at });
            }
            app.menu_entry(at);
        }
        Action::Toggle => app.menu_entry(row),
        // Enter: the entry selected; in a menu where several may be ticked, done.
        Action::Choose if several => app.view.overlay = None,
        Action::Choose => app.menu_entry(row),
        // Not the menu's: `App::route` sends those elsewhere.
        _ => {}
    }
}

impl App {
    /// How many entries a menu has.
    pub(super) fn menu_len(&self, menu: &Menu) -> usize {
        let s = self.session();
        match menu {
            Menu::Coop(_) => Coop::ALL.len(),
            Menu::BenefitKinds { .. } => BenefitKind::ALL.len(),
            Menu::Join(a) => s.activity(a).map_or(0, |a| edits::joinable(s, a).len()),
        }
    }

    /// Open a menu at its first entry (the cooperation type: at the activity's own).
    pub(super) fn open_menu(&mut self, menu: Menu) {
        let row = match &menu {
            Menu::Coop(a) => self
                .session()
                .activity(a)
                .and_then(|a| Coop::ALL.iter().position(|c| *c == a.coop))
                .unwrap_or(0),
            _ => 0,
        };
        self.view.overlay = Some(Overlay::Menu { menu, row });
    }

    /// The menu's entry `at` chosen (or, where several may be ticked, ticked or unticked).
    fn menu_entry(&mut self, at: usize) {
        let Some(Overlay::Menu { menu, .. }) = self.view.overlay.clone() else {
            return;
        };
        let s = self.session();
        match menu {
            Menu::Coop(a) => {
                let (Some(activity), Some(&coop)) = (s.activity(&a), Coop::ALL.get(at)) else {
                    return;
                };
                let event = edits::set_coop(activity, coop);
                self.view.overlay = None;
                if let Some(e) = event
                    && self.editable()
                    && self.commit(e)
                {
                    let text = fill(
                        self.t(Ui::CoopSet),
                        &[("coop", coop_short(coop).text(self.lang))],
                    );
                    self.say(text, false);
                }
            }
            Menu::BenefitKinds { activity, party } => {
                let part = s.activity(&activity).and_then(|a| a.participant(&party));
                if let (Some(part), Some(&kind)) = (part, BenefitKind::ALL.get(at)) {
                    let e = edits::toggle_benefit_kind(&activity, part, kind);
                    if self.editable() {
                        self.commit(e);
                    }
                }
            }
            Menu::Join(a) => {
                let party = s
                    .activity(&a)
                    .and_then(|act| edits::joinable(s, act).get(at).map(|p| p.id.clone()));
                self.view.overlay = None;
                if let Some(party) = party {
                    self.join_row(&a, &party);
                }
            }
        }
    }
}
