//! The room's phones (`W` opens them; context `Phones`, and `Nav` in it): the server started
//! and stopped, the contributions that arrive (`Action::Phone`, from the server's thread through
//! the event loop's inbox), and the facilitator's answer to each: accept (Enter), edit then
//! accept (`e`), leave out (`d`), accept all of a party's (`A`). Only an accepted contribution
//! becomes a change, through `Document::commit_from`, recorded with the party (and person) it
//! came from. The codes of the parties' pages are shown here (← → for another party's) and, with
//! `c`, on the projector (`sori present`, through the shared view).

use std::sync::Arc;

use crate::core::proposal::{self, Contribution, Proposal, Unusable};
use crate::core::session::Id;
use crate::i18n::fill;
use crate::i18n::ui::Ui;
use crate::room_server::{self, Arrival, Bind, Board, Deliver, RoomServer, Said};
use crate::store::shared_view::RoomShare;
use crate::tui::editor::EditTarget;
use crate::tui::keymap::Action;
use crate::tui::state::{Overlay, RoomView};

use super::App;
use super::lists::nav;

/// The last few contributions left out, per party, that its phones still see as such.
const DECLINED_KEPT: usize = 20;

pub(super) fn update(app: &mut App, action: Action) {
    if let Action::Phone(arrival) = action {
        app.arrived(*arrival);
        return;
    }
    let Some(Overlay::Phones { mut row, mut party }) = app.view.overlay.clone() else {
        return;
    };
    let waiting = app.waiting();
    let parties = app.session().parties.len();
    match action {
        Action::Accept => {
            app.accept(row, None);
        }
        Action::Edit => app.edit_contribution(row),
        Action::Reject => app.reject(row),
        Action::AcceptAll => app.accept_all(row),
        Action::Right if parties > 0 => party = (party + 1) % parties,
        Action::Left if parties > 0 => party = (party + parties - 1) % parties,
        Action::ShowCodes => app.show_codes(),
        Action::StopRoom => app.toggle_room(),
        // ↑ ↓ and the rest of moving: `lists::nav`.
        _ => {
            nav(&mut row, waiting, &action);
        }
    }
    if let Some(Overlay::Phones { .. }) = app.view.overlay {
        let waiting = app.waiting();
        app.view.overlay = Some(Overlay::Phones {
            row: row.min(waiting.saturating_sub(1)),
            party,
        });
    }
}

/// The console's side of an open room: the server, each party's token, what its phones were
/// told, and what was last published to them.
pub struct Room {
    server: Option<RoomServer>,
    tokens: Vec<(Id, String)>,
    declined: Vec<(Id, Said)>,
    votes: Vec<(Id, u32)>,
    /// The highest contribution number taken into the queue.
    seen: u64,
    /// What the last board was made from (the history's length, the queue, the step, the
    /// activity on screen): a board is made again only when one of them changed.
    published: Option<(usize, u64, usize, usize, u8, Option<Id>)>,
}

impl App {
    /// `W`: open the room to the phones (start the server if it is not running) and show what
    /// they sent and their codes.
    pub(super) fn open_phones(&mut self) {
        if !self.editable() {
            return;
        }
        if self.room.as_ref().is_none_or(|r| r.server.is_none()) {
            self.open_room(Bind::Lan);
        }
        let party = self.selected_party_index();
        self.view.overlay = Some(Overlay::Phones { row: 0, party });
    }

    /// Start the room's server where `bind` says (`W`, or `sori open --room`). Says where it
    /// listens, or why it cannot.
    pub fn open_room(&mut self, bind: Bind) -> bool {
        let deliver: Deliver = match &self.room_deliver {
            Some(deliver) => Arc::clone(deliver),
            None => {
                let send = crate::tui::terminal::action_sender();
                Arc::new(move |arrival| send(Action::Phone(Box::new(arrival))))
            }
        };
        match RoomServer::start(bind, deliver) {
            Ok(server) => {
                if server.loopback_only() {
                    self.warn(Ui::RoomLoopbackOnly);
                }
                let mut room = Room {
                    server: Some(server),
                    tokens: vec![],
                    declined: vec![],
                    votes: vec![],
                    seen: 0,
                    published: None,
                };
                let ids = self.party_ids();
                room.ensure_tokens(&ids);
                let urls = room.urls(&ids);
                let text = fill(
                    self.t(Ui::RoomOpened),
                    &[("url", urls.first().map_or("", |(_, u)| u.as_str()))],
                );
                self.room = Some(Box::new(room));
                let queue = self.view.room.take().map(|r| r.queue).unwrap_or_default();
                self.view.room = Some(RoomView {
                    urls,
                    queue,
                    codes: true,
                    open: true,
                    bind: Some(bind),
                });
                self.say(text, false);
                self.publish_room();
                true
            }
            Err(e) => {
                let text = fill(self.t(Ui::RoomCannotOpen), &[("error", &e.to_string())]);
                self.say(text, true);
                false
            }
        }
    }

    /// Stop the room's server: its addresses stop working, its tokens are gone. What is still
    /// waiting stays to be answered.
    pub fn stop_room(&mut self) {
        if let Some(room) = self.room.as_mut()
            && let Some(server) = room.server.take()
        {
            server.stop();
            self.room = None;
            if let Some(view) = &mut self.view.room {
                view.urls.clear();
                view.codes = false;
                view.open = false;
            }
            self.info(Ui::RoomStopped);
        }
    }

    fn toggle_room(&mut self) {
        if self.room.is_some() {
            self.stop_room();
        } else {
            let bind = self.view.room.as_ref().and_then(|r| r.bind);
            self.open_room(bind.unwrap_or(Bind::Lan));
        }
    }

    fn show_codes(&mut self) {
        if let Some(view) = &mut self.view.room
            && view.open
        {
            view.codes = !view.codes;
        }
    }

    /// The party the screen is about: in steps 1–2 the party pane's, else the party list's
    /// selection.
    fn selected_party_index(&self) -> usize {
        let s = self.session();
        let shown = (self.step() <= 2)
            .then(|| crate::tui::state::goal_party(s, &self.view))
            .flatten();
        shown
            .unwrap_or(self.view.sel.party)
            .min(s.parties.len().saturating_sub(1))
    }

    /// A contribution from a phone: it waits in the queue for the facilitator.
    fn arrived(&mut self, arrival: Arrival) {
        let Some(view) = self.view.room.as_mut() else {
            return;
        };
        if let Some(room) = self.room.as_mut() {
            room.seen = room.seen.max(arrival.id);
        }
        view.queue.push(arrival);
    }

    /// The contribution at `row` into the session (with `text` instead of its own, when the
    /// facilitator edited it).
    pub(super) fn accept(&mut self, row: usize, text: Option<String>) -> bool {
        let Some(arrival) = self.queued(row) else {
            return false;
        };
        let mut c = arrival.contribution.clone();
        if let Some(text) = text {
            c.proposal = c.proposal.with_text(text);
        }
        match proposal::event(self.session(), &c) {
            Ok(event) => {
                let from = Some(c.origin());
                if !self.commit_from(event, from) {
                    // Refused (too long, read-only...): the message says why; it stays.
                    return false;
                }
                self.take_from_queue(arrival.id);
                if matches!(c.proposal, Proposal::Vote { .. })
                    && let Some(room) = self.room.as_mut()
                {
                    match room.votes.iter_mut().find(|(p, _)| *p == c.party) {
                        Some((_, n)) => *n += 1,
                        None => room.votes.push((c.party.clone(), 1)),
                    }
                }
                let what = self.contribution_text(&c);
                self.say(fill(self.t(Ui::RoomAccepted), &[("what", &what)]), false);
                true
            }
            Err(Unusable::Empty) => {
                self.warn(Ui::EmptyNotSaved);
                false
            }
            Err(why) => {
                self.decline(arrival);
                self.warn(match why {
                    Unusable::PartyGone => Ui::RoomPartyGone,
                    Unusable::ActivityGone => Ui::RoomActivityGone,
                    Unusable::VotesFull | Unusable::Empty => Ui::RoomVotesFull,
                });
                false
            }
        }
    }

    /// The session's parties, in order (the tokens' and the addresses' order).
    fn party_ids(&self) -> Vec<Id> {
        self.session()
            .parties
            .iter()
            .map(|p| p.id.clone())
            .collect()
    }

    /// The contribution waiting at `row` of the queue.
    fn queued(&self, row: usize) -> Option<Arrival> {
        self.view.room.as_ref()?.queue.get(row).cloned()
    }

    /// How many contributions wait.
    fn waiting(&self) -> usize {
        self.view.room.as_ref().map_or(0, |r| r.queue.len())
    }

    /// How many notes from the phones wait for the facilitator (quitting asks about them).
    pub(super) fn notes_waiting(&self) -> usize {
        self.waiting()
    }

    /// The phones overlay on the notes waiting, the server left as it is (running or
    /// stopped).
    pub(super) fn show_queue(&mut self) {
        let party = self.selected_party_index();
        self.view.overlay = Some(Overlay::Phones { row: 0, party });
    }

    /// Every note waiting, of every party, in the order they came; whether none is left (one
    /// that cannot be taken stops there, and the message says why).
    pub(super) fn accept_every_waiting(&mut self) -> bool {
        while self.waiting() > 0 {
            let before = self.waiting();
            self.accept(0, None);
            if self.waiting() == before {
                return false;
            }
        }
        true
    }

    /// `e`: the contribution's text in the editor; Enter accepts what is there.
    fn edit_contribution(&mut self, row: usize) {
        let Some(arrival) = self.queued(row) else {
            return;
        };
        match arrival.contribution.proposal.text() {
            Some(text) => self.open_editor(EditTarget::Proposal(arrival.id), text),
            // A vote has nothing to edit: it is accepted as it is.
            None => {
                self.accept(row, None);
            }
        }
    }

    /// The editor's Enter on a contribution: accept it with the text typed.
    pub(super) fn accept_edited(&mut self, id: u64, text: String) {
        let row = self
            .view
            .room
            .as_ref()
            .and_then(|r| r.queue.iter().position(|a| a.id == id));
        if let Some(row) = row {
            self.accept(row, Some(text));
        }
    }

    fn reject(&mut self, row: usize) {
        let Some(arrival) = self.queued(row) else {
            return;
        };
        let what = self.contribution_text(&arrival.contribution);
        self.decline(arrival);
        self.say(fill(self.t(Ui::RoomRejected), &[("what", &what)]), false);
    }

    /// Every contribution of the selected one's party, in the order they came; one that
    /// cannot be taken stops there (the message says why).
    fn accept_all(&mut self, row: usize) {
        let Some(party) = self.queued(row).map(|a| a.contribution.party) else {
            return;
        };
        loop {
            let next = self
                .view
                .room
                .as_ref()
                .and_then(|r| r.queue.iter().position(|a| a.contribution.party == party));
            let Some(at) = next else {
                break;
            };
            let before = self.waiting();
            self.accept(at, None);
            if self.waiting() == before {
                break;
            }
        }
    }

    fn take_from_queue(&mut self, id: u64) -> Option<Arrival> {
        let view = self.view.room.as_mut()?;
        let at = view.queue.iter().position(|a| a.id == id)?;
        Some(view.queue.remove(at))
    }

    fn decline(&mut self, arrival: Arrival) {
        self.take_from_queue(arrival.id);
        if let Some(room) = self.room.as_mut() {
            let c = arrival.contribution;
            room.declined.push((
                c.party.clone(),
                Said {
                    id: arrival.id,
                    name: c.name,
                    proposal: c.proposal,
                },
            ));
            let party = room.declined.last().map(|(p, _)| p.clone());
            let of_party = room
                .declined
                .iter()
                .filter(|(p, _)| Some(p) == party.as_ref())
                .count();
            if of_party > DECLINED_KEPT
                && let Some(first) = room
                    .declined
                    .iter()
                    .position(|(p, _)| Some(p) == party.as_ref())
            {
                room.declined.remove(first);
            }
        }
    }

    /// A contribution in a few words, for a message: the party and what it proposed.
    fn contribution_text(&self, c: &Contribution) -> String {
        let (from, what) =
            crate::tui::view::phones::contribution_words(self.session(), self.lang, c);
        format!("{from} {what}")
    }

    /// Tell the phones what changed: the board made again when the session, the queue, the
    /// step or the activity on screen changed since the last one. Cheap otherwise (a few
    /// comparisons), so it runs after every key.
    pub(super) fn publish_room(&mut self) {
        let Some(room) = self.room.as_ref() else {
            return;
        };
        if room.server.is_none() {
            return;
        }
        let shared = self.shared_view();
        let queue = self.view.room.as_ref().map(|r| &r.queue);
        let key = (
            self.document().map_or(0, |d| d.history_len()),
            room.seen,
            queue.map_or(0, Vec::len),
            room.declined.len(),
            shared.step,
            shared.activity.clone(),
        );
        if room.published.as_ref() == Some(&key) {
            return;
        }
        let ids = self.party_ids();
        if let Some(room) = self.room.as_mut() {
            // A party added since gets a token of its own.
            room.ensure_tokens(&ids);
        }
        let Some(room) = self.room.as_ref() else {
            return;
        };
        let tokens = &room.tokens;
        let mut board = Board::of(
            self.session(),
            shared.step,
            shared.activity.as_ref(),
            |id| tokens.iter().find(|(p, _)| p == id).map(|(_, t)| t.clone()),
        );
        board.seen = room.seen;
        for party in &mut board.parties {
            party.votes_accepted = room
                .votes
                .iter()
                .find(|(p, _)| *p == party.id)
                .map_or(0, |(_, n)| *n);
            party.declined = room
                .declined
                .iter()
                .filter(|(p, _)| *p == party.id)
                .map(|(_, said)| said.clone())
                .collect();
            if let Some(queue) = queue {
                party.pending = queue
                    .iter()
                    .filter(|a| a.contribution.party == party.id)
                    .map(|a| Said {
                        id: a.id,
                        name: a.contribution.name.clone(),
                        proposal: a.contribution.proposal.clone(),
                    })
                    .collect();
            }
        }
        let urls = room.urls(&ids);
        if let Some(server) = &room.server {
            server.publish(board);
        }
        if let Some(room) = self.room.as_mut() {
            room.published = Some(key);
        }
        if let Some(view) = self.view.room.as_mut() {
            view.urls = urls;
        }
    }

    /// What the room view shows of the room: the codes, while the console says so.
    pub(super) fn room_share(&self) -> Option<RoomShare> {
        let view = self.view.room.as_ref()?;
        (view.open && view.codes).then(|| RoomShare {
            codes: view.urls.clone(),
        })
    }
}

impl Room {
    /// A token for each party that has none yet.
    fn ensure_tokens(&mut self, parties: &[Id]) {
        for id in parties {
            if !self.tokens.iter().any(|(p, _)| p == id) {
                self.tokens.push((id.clone(), room_server::token()));
            }
        }
    }

    /// Each party's page, in the session's order (those with a token).
    fn urls(&self, parties: &[Id]) -> Vec<(Id, String)> {
        let Some(server) = &self.server else {
            return vec![];
        };
        parties
            .iter()
            .filter_map(|id| {
                let (_, token) = self.tokens.iter().find(|(p, _)| p == id)?;
                Some((id.clone(), server.url(token)))
            })
            .collect()
    }
}
