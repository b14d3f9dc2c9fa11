//! What the screen shows besides the session: which pane has the focus, what is selected,
//! which overlay is open, the editor, the last message. Plain data, so a replay or
//! `sori render` can draw a session without an open `Document` (see `view::render_workshop`).

use std::cell::Cell;

use crate::core::session::{Id, MeetingList, PartyList, STEPS, Session};
use crate::core::stamp::Stamp;

use super::editor::Editor;
use super::keymap::Ctx;

/// A region of the workshop screen that can have the focus.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Pane {
    /// The list of parties (steps 1–2).
    Parties,
    /// A party's purposes, challenges and strengths (steps 1–2).
    Goals,
    /// The shared activities.
    Activities,
    /// The 相利評価表 of the selected activity (step 3).
    Table,
    /// Each party's evaluation of the selected activity (step 4).
    Evaluation,
    /// The selected activity's improvements (step 4).
    Improvements,
    /// Expansion ideas (step 5).
    Ideas,
    /// Action items (step 5).
    Actions,
}

impl Pane {
    /// The panes of a step, in Tab order. The first has the focus when the step opens.
    pub fn order(step: u8) -> &'static [Pane] {
        match step {
            1 | 2 => &[Pane::Goals, Pane::Activities, Pane::Parties],
            3 => &[Pane::Activities, Pane::Table],
            4 => &[Pane::Activities, Pane::Evaluation, Pane::Improvements],
            _ => &[Pane::Activities, Pane::Ideas, Pane::Actions],
        }
    }

    pub fn first(step: u8) -> Pane {
        Pane::order(step)[0]
    }

    /// The pane a step opens with: its first, except in steps 1–2 when there is no party to
    /// show (no partners yet in step 2): then the party list, where `a` adds one.
    pub fn opening(session: &Session, step: u8) -> Pane {
        if step <= 2 && shown_party(session, step, 0).is_none() {
            Pane::Parties
        } else {
            Pane::first(step)
        }
    }
}

/// A place Tab stops at: a pane, and in a party pane which of its lists (`GOAL_LISTS`).
pub type Stop = (Pane, usize);

/// Where Tab stops on this screen, in order: each pane of the step, and each list of the party
/// pane when it shows a party (nothing to stop at otherwise: no partners yet).
pub fn tab_stops(session: &Session, view: &View) -> Vec<Stop> {
    let step = view.step(session);
    Pane::order(step)
        .iter()
        .flat_map(|&p| {
            if p != Pane::Goals {
                vec![(p, 0)]
            } else if goal_party(session, view).is_some() {
                (0..GOAL_LISTS.len()).map(|l| (p, l)).collect()
            } else {
                vec![]
            }
        })
        .collect()
}

/// Where Tab (or Shift-Tab) goes from here.
pub fn next_stop(session: &Session, view: &View, forward: bool) -> Option<Stop> {
    let stops = tab_stops(session, view);
    let here = (
        view.pane,
        if view.pane == Pane::Goals {
            view.sel.goal_list
        } else {
            0
        },
    );
    let n = stops.len();
    if n == 0 {
        return None;
    }
    let next = match stops.iter().position(|s| *s == here) {
        Some(at) if forward => (at + 1) % n,
        Some(at) => (at + n - 1) % n,
        None => 0,
    };
    Some(stops[next])
}

/// The lists of a party pane, in order.
pub const GOAL_LISTS: [PartyList; 3] = [
    PartyList::Purposes,
    PartyList::Challenges,
    PartyList::Strengths,
];

/// The SWOT quadrants: strengths, weaknesses, opportunities, threats.
pub const SWOT_LISTS: [PartyList; 4] = [
    PartyList::Strengths,
    PartyList::Weaknesses,
    PartyList::Opportunities,
    PartyList::Threats,
];

/// The columns of a table the cursor moves in: one enum per table, shared by the keys (what
/// Enter does in a column, where ← → go) and the views (what a column shows, where a click
/// lands). `ALL` is the screen's order; the views' column numbers are positions in it.
pub trait Column: Copy + PartialEq + 'static {
    /// Every column, in the screen's order.
    const ALL: &'static [Self];
    /// The columns the cursor visits, in order.
    const CURSOR: &'static [Self];

    /// Its position on screen.
    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The column at a position on screen (the last for one beyond it).
    fn at(index: usize) -> Self {
        Self::ALL[index.min(Self::ALL.len() - 1)]
    }

    /// The column the cursor stands on for this one: itself, or the first it visits after.
    fn cursor(self) -> Self {
        let here = self.index();
        let after = Self::CURSOR.iter().find(|c| c.index() >= here);
        *after.unwrap_or(&Self::CURSOR[Self::CURSOR.len() - 1])
    }

    /// The cursor's next column to the left or right (staying at the edge).
    fn step(self, right: bool) -> Self {
        let at = Self::CURSOR
            .iter()
            .position(|c| c.index() >= self.index())
            .unwrap_or(0);
        let to = if right {
            (at + 1).min(Self::CURSOR.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        Self::CURSOR[to]
    }
}

/// The columns of the 相利評価表: 関係者 | 課題 | 目的 | 活動 | 役割 | 相利.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum TableCol {
    #[default]
    Stakeholder,
    Challenge,
    Purpose,
    /// The activity's title, on the first row (a click can land on it).
    Activity,
    Role,
    Benefit,
}

impl Column for TableCol {
    const ALL: &'static [TableCol] = &[
        TableCol::Stakeholder,
        TableCol::Challenge,
        TableCol::Purpose,
        TableCol::Activity,
        TableCol::Role,
        TableCol::Benefit,
    ];
    /// The 活動 column only repeats the activity's title: the cursor passes it by.
    const CURSOR: &'static [TableCol] = &[
        TableCol::Stakeholder,
        TableCol::Challenge,
        TableCol::Purpose,
        TableCol::Role,
        TableCol::Benefit,
    ];
}

/// The columns of the step-4 evaluation: the party, its promised benefit, achieved, comment.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum EvalCol {
    Party,
    Benefit,
    #[default]
    Achieved,
    Comment,
}

impl Column for EvalCol {
    const ALL: &'static [EvalCol] = &[
        EvalCol::Party,
        EvalCol::Benefit,
        EvalCol::Achieved,
        EvalCol::Comment,
    ];
    /// The party and its benefit are step 3's: the cursor visits what step 4 fills in.
    const CURSOR: &'static [EvalCol] = &[EvalCol::Achieved, EvalCol::Comment];
}

/// The columns of the expansion ideas: kind, name, why, the activity it is about.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum IdeaCol {
    #[default]
    Kind,
    Name,
    Why,
    Activity,
}

impl Column for IdeaCol {
    const ALL: &'static [IdeaCol] = &[
        IdeaCol::Kind,
        IdeaCol::Name,
        IdeaCol::Why,
        IdeaCol::Activity,
    ];
    const CURSOR: &'static [IdeaCol] = Self::ALL;
}

/// The columns of the action items: what, who, due, the activity it serves, done.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ActionCol {
    #[default]
    What,
    Who,
    Due,
    Activity,
    Done,
}

impl Column for ActionCol {
    const ALL: &'static [ActionCol] = &[
        ActionCol::What,
        ActionCol::Who,
        ActionCol::Due,
        ActionCol::Activity,
        ActionCol::Done,
    ];
    const CURSOR: &'static [ActionCol] = Self::ALL;
}

/// A row of the meeting's details (`I`): the meeting's own fields (a 議事録's head, its lists
/// and the next meeting), then each step's timebox.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MeetingField {
    Title,
    /// Date and start time (`meta.start`), typed as local `2026-11-27 14:00`.
    Start,
    /// When the meeting closed (`meta.end`): set by `E`, or typed here.
    End,
    Venue,
    Facilitator,
    Recorder,
    /// One of the meeting's lists (agenda, absentees, handouts, signatories): Enter opens it.
    List(MeetingList),
    /// The next meeting's date and time, typed like the start.
    NextStart,
    NextVenue,
    NextNote,
    /// 公開 / 非公開 / not said.
    Disclosure,
    /// The session's language (the minutes', and the screen's unless `--lang` chose it).
    Lang,
    Host,
    /// Minutes planned for step 1–5.
    Timebox(u8),
    /// Whether the terminal bell rings when a timebox runs out.
    Bell,
}

/// The rows of the meeting's details, in order: the head of the minutes, the agenda and who
/// was absent, the handouts, the next meeting, public or closed and who signs, then the
/// session's own settings.
pub const MEETING_FIELDS: [MeetingField; 22] = [
    MeetingField::Title,
    MeetingField::Start,
    MeetingField::End,
    MeetingField::Venue,
    MeetingField::Facilitator,
    MeetingField::Recorder,
    MeetingField::List(MeetingList::Agenda),
    MeetingField::List(MeetingList::Absentees),
    MeetingField::List(MeetingList::Handouts),
    MeetingField::NextStart,
    MeetingField::NextVenue,
    MeetingField::NextNote,
    MeetingField::Disclosure,
    MeetingField::List(MeetingList::Signers),
    MeetingField::Lang,
    MeetingField::Host,
    MeetingField::Timebox(1),
    MeetingField::Timebox(2),
    MeetingField::Timebox(3),
    MeetingField::Timebox(4),
    MeetingField::Timebox(5),
    MeetingField::Bell,
];

/// What is selected in each pane. Indices are clamped when drawn and used, so a deletion
/// or an undo never leaves a selection pointing nowhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Index into `session.parties`: the party list's row, and in step 2 the partner shown.
    pub party: usize,
    /// Which of `GOAL_LISTS` has the focus in a party pane.
    pub goal_list: usize,
    pub goal_item: usize,
    /// Index into `session.activities`.
    pub activity: usize,
    pub table_row: usize,
    pub table_col: TableCol,
    pub eval_row: usize,
    pub eval_col: EvalCol,
    pub improvement: usize,
    pub idea_row: usize,
    pub idea_col: IdeaCol,
    pub action_row: usize,
    pub action_col: ActionCol,
}

/// A window over the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
        /// The overlay the help was opened over; it comes back when the help closes.
        back: Option<Box<Overlay>>,
    },
    Messages {
        row: usize,
    },
    Decisions {
        row: usize,
    },
    ParkingLot {
        row: usize,
    },
    ActionItems {
        row: usize,
        col: ActionCol,
    },
    Swot {
        party: Id,
        quadrant: usize,
        row: usize,
    },
    /// A row of the 相利評価表: tick the party's challenges and purposes (one checklist, the
    /// challenges first) that the activity serves for it. `list` is the section the cursor is
    /// in, where `a` adds.
    Links {
        activity: Id,
        party: Id,
        list: PartyList,
        row: usize,
    },
    /// Tick the parties that take part in an activity.
    Participants {
        activity: Id,
        row: usize,
    },
    /// The meeting's details: title, date, venue, ... (`MEETING_FIELDS`).
    Meeting {
        row: usize,
    },
    /// One of the meeting's lists (agenda, absentees, handouts, signatories), opened from the
    /// meeting's details; closing it goes back there.
    MeetingList {
        list: MeetingList,
        row: usize,
    },
    /// On quitting after step 5: close the meeting (record its end) first?
    CloseOnQuit,
    /// On quitting while notes from the room's phones still wait: look at them, accept them
    /// all, or quit without them?
    NotesWaiting,
    /// The people present for a party (its representatives: the minutes' attendees).
    Representatives {
        party: Id,
        row: usize,
    },
    /// A small numbered menu: a choice for the selected activity or row.
    Menu {
        menu: Menu,
        row: usize,
    },
    /// The room's phones: the contributions waiting (`row` selects one), and the code of one
    /// party (`party`: an index into the session's parties).
    Phones {
        row: usize,
        party: usize,
    },
}

/// What a numbered menu chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Menu {
    /// An activity's cooperation type: 型1, 型2, 型3.
    Coop(Id),
    /// The kinds of gain of a party's benefit in an activity (several may be ticked).
    BenefitKinds { activity: Id, party: Id },
    /// A party to add to an activity's 相利評価表 (those not taking part yet, the host first).
    Join(Id),
}

/// Which overlay, without its state: what a keymap row's overlay context is handled by.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum OverlayKind {
    Help,
    Messages,
    Decisions,
    ParkingLot,
    ActionItems,
    Swot,
    Links,
    Participants,
    Meeting,
    MeetingList,
    CloseOnQuit,
    NotesWaiting,
    Representatives,
    Menu,
    Phones,
}

impl OverlayKind {
    pub const ALL: [OverlayKind; 15] = [
        OverlayKind::Help,
        OverlayKind::Messages,
        OverlayKind::Decisions,
        OverlayKind::ParkingLot,
        OverlayKind::ActionItems,
        OverlayKind::Swot,
        OverlayKind::Links,
        OverlayKind::Participants,
        OverlayKind::Meeting,
        OverlayKind::MeetingList,
        OverlayKind::CloseOnQuit,
        OverlayKind::NotesWaiting,
        OverlayKind::Representatives,
        OverlayKind::Menu,
        OverlayKind::Phones,
    ];
}

impl Overlay {
    pub fn kind(&self) -> OverlayKind {
        match self {
            Overlay::Help { .. } => OverlayKind::Help,
            Overlay::Messages { .. } => OverlayKind::Messages,
            Overlay::Decisions { .. } => OverlayKind::Decisions,
            Overlay::ParkingLot { .. } => OverlayKind::ParkingLot,
            Overlay::ActionItems { .. } => OverlayKind::ActionItems,
            Overlay::Swot { .. } => OverlayKind::Swot,
            Overlay::Links { .. } => OverlayKind::Links,
            Overlay::Participants { .. } => OverlayKind::Participants,
            Overlay::Meeting { .. } => OverlayKind::Meeting,
            Overlay::MeetingList { .. } => OverlayKind::MeetingList,
            Overlay::CloseOnQuit => OverlayKind::CloseOnQuit,
            Overlay::NotesWaiting => OverlayKind::NotesWaiting,
            Overlay::Representatives { .. } => OverlayKind::Representatives,
            Overlay::Menu { .. } => OverlayKind::Menu,
            Overlay::Phones { .. } => OverlayKind::Phones,
        }
    }
}

/// A line in the status line, until the next key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    /// A warning or an error (shown with a mark, not only a colour).
    pub warn: bool,
}

/// Scroll positions remembered between frames, one per scrolling region. Views keep the
/// selection in sight by moving these as little as possible; they are the only thing a view
/// writes, hence `Cell`.
#[derive(Clone, Debug, Default)]
pub struct Scrolls {
    pub parties: Cell<usize>,
    pub goals: [Cell<usize>; 3],
    pub activities: Cell<usize>,
    pub table: Cell<usize>,
    pub evaluation: Cell<usize>,
    pub improvements: Cell<usize>,
    pub ideas: Cell<usize>,
    pub actions: Cell<usize>,
    pub overlay: Cell<usize>,
    pub swot: [Cell<usize>; 4],
}

/// Everything about the screen that is not in the session.
#[derive(Clone, Debug)]
pub struct View {
    pub pane: Pane,
    pub sel: Selection,
    pub overlay: Option<Overlay>,
    pub editor: Option<Editor>,
    pub message: Option<Message>,
    /// Messages so far (notices after opening, errors), for the messages overlay.
    pub log: Vec<Message>,
    /// The time the timer display counts to.
    pub clock: Stamp,
    /// Show this step instead of the session's (replay and `sori render`).
    pub step: Option<u8>,
    /// Colours on (off when `NO_COLOR` is set).
    pub color: bool,
    /// The palette (`--theme`): for a dark terminal, a light one, or a projector.
    pub theme: ThemeName,
    /// The screen is a replay: its keys come first, edits are refused.
    pub replay: bool,
    /// The room's phones, while the room is open (or was, and is stopped).
    pub room: Option<RoomView>,
    pub scroll: Scrolls,
}

/// What the screen shows of the room's phones: the parties' addresses and what they sent,
/// waiting for the facilitator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomView {
    /// Each party's page, in the session's order of parties (empty while stopped).
    pub urls: Vec<(Id, String)>,
    /// The contributions waiting, in the order they came.
    pub queue: Vec<crate::room_server::Arrival>,
    /// The codes are on the projector (`sori present`).
    pub codes: bool,
    /// The server runs.
    pub open: bool,
    /// Where it was asked to listen (`S` opens it there again).
    pub bind: Option<crate::room_server::Bind>,
}

impl RoomView {
    pub fn url_of(&self, party: &Id) -> Option<&str> {
        self.urls
            .iter()
            .find(|(p, _)| p == party)
            .map(|(_, u)| u.as_str())
    }
}

impl View {
    /// The view of a session just opened: its step, the focus in the step's first pane (in
    /// steps 1–2 the host's purposes, so `a` adds a purpose at once).
    pub fn new(session: &Session, clock: Stamp) -> View {
        let step = session.meta.step.clamp(1, STEPS);
        let mut sel = Selection::default();
        if let Some(host) = &session.meta.host
            && let Some(i) = session.parties.iter().position(|p| &p.id == host)
        {
            sel.party = i;
        }
        View {
            pane: Pane::opening(session, step),
            sel,
            overlay: None,
            editor: None,
            message: None,
            log: vec![],
            clock,
            step: None,
            color: colors_wanted(),
            theme: ThemeName::default(),
            replay: false,
            room: None,
            scroll: Scrolls::default(),
        }
    }

    /// The step on screen.
    pub fn step(&self, session: &Session) -> u8 {
        self.step.unwrap_or(session.meta.step).clamp(1, STEPS)
    }
}

/// The screen's palette, chosen with `--theme`. Whatever the palette, nothing is said by
/// colour alone, and no text is drawn faint or in dark grey.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ThemeName {
    /// For a terminal with a dark background (the default).
    #[default]
    Dark,
    /// For a terminal with a light background: no yellow or cyan text, which white washes out.
    Light,
    /// For a projector: the terminal's own foreground and background (the pair with the most
    /// contrast it has), bold and reverse video for what stands out; no colour and no grey.
    Projector,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Projector];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Projector => "projector",
        }
    }
}

impl std::str::FromStr for ThemeName {
    type Err = String;

    fn from_str(s: &str) -> Result<ThemeName, String> {
        ThemeName::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("'{s}' is not a theme: dark, light or projector"))
    }
}

/// Whether the screen may use colours: not when `NO_COLOR` is set to anything
/// (no-color.org). The one place sori reads it.
pub fn colors_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The party whose goals a step's party pane shows: in step 1 the host (or the first party
/// when there is none), in step 2 the selected partner.
pub fn goal_party(session: &Session, view: &View) -> Option<usize> {
    shown_party(session, view.step(session), view.sel.party)
}

/// The party a party pane shows in `step` when the party list's selection is `selected`.
fn shown_party(session: &Session, step: u8, selected: usize) -> Option<usize> {
    let host = session
        .meta
        .host
        .as_ref()
        .and_then(|h| session.parties.iter().position(|p| &p.id == h));
    if step == 1 {
        return host.or((!session.parties.is_empty()).then_some(0));
    }
    partner_at_or_after(
        session,
        selected.min(session.parties.len().saturating_sub(1)),
    )
}

/// The first partner (not the host) at `i` or after it, else before it.
pub fn partner_at_or_after(session: &Session, i: usize) -> Option<usize> {
    let is_partner = |j: usize| Some(&session.parties[j].id) != session.meta.host.as_ref();
    let n = session.parties.len();
    (i..n)
        .find(|&j| is_partner(j))
        .or_else(|| (0..i.min(n)).rev().find(|&j| is_partner(j)))
}

/// The partner before or after `from` (wrapping), skipping the host; `None` when `from` is
/// the only one.
pub fn next_partner(s: &Session, from: usize, forward: bool) -> Option<usize> {
    let n = s.parties.len();
    let host = s.meta.host.as_ref();
    (1..n)
        .map(|k| {
            if forward {
                (from + k) % n
            } else {
                (from + n - k) % n
            }
        })
        .find(|&j| Some(&s.parties[j].id) != host)
}

/// The selected activity's index, if there is any activity.
pub fn selected_activity(session: &Session, view: &View) -> Option<usize> {
    (!session.activities.is_empty()).then(|| view.sel.activity.min(session.activities.len() - 1))
}

/// How the file behind the screen stands, for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Every change is on disk.
    Saved,
    /// A change could not be written (the error); sori retries with the next change.
    NotSaved(String),
    /// Another sori has the session open: this one only reads.
    ReadOnly,
    /// A state to look at (`sori render`): nothing here can change.
    Snapshot,
    /// The replay of the history: nothing here can change.
    Replay,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStatus {
    /// The file's name (not its whole path: the status line is short).
    pub name: String,
    pub state: SaveState,
    /// Minutes written with `x` no longer say what the session says (they are written again
    /// on quitting).
    pub minutes_stale: bool,
}

/// The keymap contexts active for this view, most specific first.
pub fn contexts(view: &View) -> Vec<Ctx> {
    let ctxs = contexts_for(view.editor.is_some(), view.overlay.as_ref(), view.pane);
    if view.replay { with_replay(ctxs) } else { ctxs }
}

/// The contexts of the screen under the help (what the help explains). In a replay, only
/// the keys that look: those that would change the session are left out.
pub fn contexts_under_help(view: &View) -> Vec<Ctx> {
    let under = match &view.overlay {
        Some(Overlay::Help { back, .. }) => contexts_for(false, back.as_deref(), view.pane),
        _ => return contexts(view),
    };
    if view.replay {
        with_replay(under)
            .into_iter()
            .filter(|c| {
                matches!(
                    c,
                    Ctx::Replay | Ctx::Nav | Ctx::Swot | Ctx::Overlay | Ctx::Workshop | Ctx::Global
                )
            })
            .collect()
    } else {
        under
    }
}

/// A replay's contexts: its keys before the screen's own, except in the help, an overlay's
/// own keys and the editor (the search box).
fn with_replay(mut ctxs: Vec<Ctx>) -> Vec<Ctx> {
    if ctxs.contains(&Ctx::Help) || ctxs.contains(&Ctx::Editor) {
        return ctxs;
    }
    let at = ctxs
        .iter()
        .position(|c| *c == Ctx::Overlay)
        .map_or(0, |i| i + 1);
    ctxs.insert(at, Ctx::Replay);
    ctxs
}

fn contexts_for(editing: bool, overlay: Option<&Overlay>, pane: Pane) -> Vec<Ctx> {
    use Ctx::{
        ActionItems, Activity, Changes, Checklist, Confirm, Editor, Evaluation, Global, Goals,
        Help, Ideas, List, Meeting, Menu, Nav, Parties, Representatives, RowChecklist, Swot, Table,
        Workshop,
    };
    const WINDOW: Ctx = Ctx::Overlay;
    if editing {
        return vec![Editor, Global];
    }
    match overlay {
        Some(Overlay::Help { .. }) => return vec![Help, Global],
        Some(Overlay::Messages { .. }) => return vec![Nav, WINDOW, Global],
        Some(Overlay::Links { .. }) => {
            return vec![RowChecklist, Checklist, Nav, WINDOW, Changes, Global];
        }
        Some(Overlay::Participants { .. }) => {
            return vec![Checklist, Nav, WINDOW, Changes, Global];
        }
        Some(Overlay::Menu { .. }) => return vec![Menu, Nav, WINDOW, Changes, Global],
        Some(Overlay::Swot { .. }) => return vec![Swot, List, Nav, WINDOW, Changes, Global],
        Some(Overlay::ActionItems { .. }) => {
            return vec![ActionItems, List, Nav, WINDOW, Changes, Global];
        }
        Some(
            Overlay::Decisions { .. } | Overlay::ParkingLot { .. } | Overlay::MeetingList { .. },
        ) => {
            return vec![List, Nav, WINDOW, Changes, Global];
        }
        Some(Overlay::Meeting { .. }) => return vec![Meeting, Nav, WINDOW, Changes, Global],
        Some(Overlay::CloseOnQuit) => return vec![Confirm, WINDOW, Global],
        Some(Overlay::NotesWaiting) => return vec![Ctx::NotesWaiting, WINDOW, Global],
        Some(Overlay::Representatives { .. }) => {
            return vec![Representatives, List, Nav, WINDOW, Changes, Global];
        }
        Some(Overlay::Phones { .. }) => return vec![Ctx::Phones, Nav, WINDOW, Changes, Global],
        None => {}
    }
    let mut out = match pane {
        Pane::Parties => vec![Parties, List, Nav],
        Pane::Goals => vec![Goals, List, Nav],
        Pane::Activities => vec![List, Nav, Activity],
        Pane::Table => vec![Table, List, Nav, Activity],
        Pane::Evaluation => vec![Evaluation, Nav, Activity],
        Pane::Improvements => vec![List, Nav, Activity],
        Pane::Ideas => vec![Ideas, List, Nav],
        Pane::Actions => vec![ActionItems, List, Nav],
    };
    out.extend([Workshop, Changes, Global]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_passes_the_columns_it_does_not_visit() {
        // ← → in the 相利評価表 skip 活動; from 活動 (a click put the cursor there) they go to
        // the columns on either side.
        assert_eq!(TableCol::Purpose.step(true), TableCol::Role);
        assert_eq!(TableCol::Role.step(false), TableCol::Purpose);
        assert_eq!(TableCol::Activity.step(false), TableCol::Purpose);
        assert_eq!(TableCol::Activity.step(true), TableCol::Benefit);
        assert_eq!(TableCol::Benefit.step(true), TableCol::Benefit);
        assert_eq!(TableCol::Stakeholder.step(false), TableCol::Stakeholder);
        // A click on the evaluation's party or benefit lands on what step 4 fills in.
        assert_eq!(EvalCol::Party.cursor(), EvalCol::Achieved);
        assert_eq!(EvalCol::Comment.cursor(), EvalCol::Comment);
        assert_eq!(EvalCol::Achieved.step(false), EvalCol::Achieved);
        for (i, col) in ActionCol::ALL.iter().enumerate() {
            assert_eq!(col.index(), i);
            assert_eq!(ActionCol::at(i), *col);
        }
    }
}
