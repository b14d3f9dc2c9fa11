//! Every key sori knows, as one table: (context, key) → `Action`.
//!
//! To find what a key does, open two files: find its row in `KEYMAP` here; its context names
//! the file that handles it (`app::Handler::of`, `Handler::file`), where the `Action`'s arm is:
//!
//! - `Workshop`, `Global`: `tui/app/workshop.rs`; `Changes`: `tui/app/changes.rs`;
//!   `Activity`: `tui/app/activity.rs`; `Overlay`: `tui/app/any_overlay.rs`.
//! - A pane's or an overlay's own context (`Parties`, `Table`, `Swot`, `Meeting`, ...), and
//!   `List`, `Nav`, `Checklist` in it: the file of the pane or overlay that has the focus,
//!   named after it (`tui/app/parties.rs`, `table.rs`, `swot.rs`, `meeting.rs`, ...). Moving
//!   (`Nav`) is the same in every list: that file hands it to `lists::nav`.
//! - `Editor`: `tui/app/editing.rs` saves or cancels; the text's own keys (`Action::edits_text`)
//!   are `tui/editor.rs`'s.
//! - `Replay`: `tui/replay.rs`; `Picker`: `tui/picker.rs`; `Room` (and the help over it):
//!   `tui/present.rs`.
//! - `Phones`: `tui/app/phones.rs` (a contribution from a phone, `Action::Phone`, goes there
//!   too, whatever the screen shows).
//!
//! Terminal events become actions in one place (`tui::input`) for every screen, and a test
//! (`tui::app::tests`) fails when a key's action has no arm in the file its row names. The `?`
//! help, the status line's hints and the README's key table are all generated from this table,
//! so they cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;
use crate::i18n::ui::Ui;

/// Where the keyboard is: a screen region, an overlay or the editor. Several contexts are
/// active at once (most specific first); the first row that matches wins.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ctx {
    /// The text editor is open.
    Editor,
    /// The `?` help.
    Help,
    /// Lists of items: a pane or an overlay where `a`, `e` and `d` work.
    List,
    /// Moving in a list or a table.
    Nav,
    /// Checklists: the parties taking part, a row's purposes or challenges.
    Checklist,
    /// A row's challenges and purposes in the 相利評価表: a cell of the row's flow.
    RowChecklist,
    /// A small numbered menu (cooperation type, kinds of benefit, a party to add).
    Menu,
    /// The SWOT overlay of a party.
    Swot,
    /// The action items overlay and the step-5 action items pane.
    ActionItems,
    /// The meeting's details overlay (`I`).
    Meeting,
    /// The representatives overlay (`R`): one party's people at a time.
    Representatives,
    /// The question asked on quitting after step 5: close the meeting (record its end)?
    Confirm,
    /// The question asked on quitting while notes from the phones wait.
    NotesWaiting,
    /// Any overlay.
    Overlay,
    /// The party list (steps 1–2).
    Parties,
    /// A party's purposes, challenges and strengths (steps 1–2).
    Goals,
    /// Panes about the selected activity (activities, 相利評価表, evaluation, improvements).
    Activity,
    /// The 相利評価表 (step 3).
    Table,
    /// The evaluation (step 4).
    Evaluation,
    /// Expansion ideas (step 5).
    Ideas,
    /// Everywhere on the workshop screen when no overlay is open.
    Workshop,
    /// Undo and redo: on the workshop screen and in overlays.
    Changes,
    /// Always.
    Global,
    /// The session picker (`sori` with no arguments).
    Picker,
    /// The replay (`sori replay`): moving through the history.
    Replay,
    /// The room view (`sori present`): paging; it changes nothing.
    Room,
    /// The room's phones (`W`): what the parties sent, to accept or not; their codes.
    Phones,
}

impl Ctx {
    /// The heading of this context's section in the help.
    pub fn title(self) -> Ui {
        match self {
            Ctx::Editor => Ui::CtxEditor,
            Ctx::Help => Ui::CtxHelp,
            Ctx::List => Ui::CtxList,
            Ctx::Nav => Ui::CtxNav,
            Ctx::Checklist => Ui::CtxChecklist,
            Ctx::RowChecklist => Ui::CtxRowChecklist,
            Ctx::Menu => Ui::CtxMenu,
            Ctx::Swot => Ui::CtxSwot,
            Ctx::ActionItems => Ui::CtxActionItems,
            Ctx::Meeting => Ui::CtxMeeting,
            Ctx::Representatives => Ui::CtxRepresentatives,
            Ctx::Confirm => Ui::CtxConfirm,
            Ctx::NotesWaiting => Ui::CtxNotesWaiting,
            Ctx::Overlay => Ui::CtxOverlay,
            Ctx::Parties => Ui::CtxParties,
            Ctx::Goals => Ui::CtxGoals,
            Ctx::Activity => Ui::CtxActivity,
            Ctx::Table => Ui::CtxTable,
            Ctx::Evaluation => Ui::CtxEvaluation,
            Ctx::Ideas => Ui::CtxIdeas,
            Ctx::Workshop => Ui::CtxWorkshop,
            Ctx::Changes => Ui::CtxChanges,
            Ctx::Global => Ui::CtxGlobal,
            Ctx::Picker => Ui::CtxPicker,
            Ctx::Replay => Ui::CtxReplay,
            Ctx::Room => Ui::CtxRoom,
            Ctx::Phones => Ui::CtxPhones,
        }
    }
}

/// What a key asks for. The handler a keymap row's context names says what each does (see
/// the top of this file).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Action {
    Quit,
    Help,
    Close,
    NextPane,
    PrevPane,
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Add an item to the focused list (a party in the party list).
    Add,
    /// Edit the selected item or cell (a link cell opens its checklist; a choice cycles).
    Edit,
    /// Remove the selected item, with whatever refers to it, as one undoable change.
    Delete,
    MoveUp,
    MoveDown,
    Undo,
    Redo,
    NextStep,
    PrevStep,
    GoStep(u8),
    Timer,
    Vote,
    Unvote,
    /// Cycle the kind of the selected thing: a party's kind, an activity's cooperation type,
    /// an idea's kind.
    CycleKind,
    CycleStatus,
    CycleLead,
    /// Open the checklist of parties taking part in the selected activity.
    Participants,
    /// Tick or untick in a checklist; mark an action item done.
    Toggle,
    SetHost,
    /// Save the cell and go to the next (previous) cell of the row, in a table.
    NextCell,
    PrevCell,
    /// In a menu: the entry with this number.
    Pick(u8),
    /// In a menu: the entry selected.
    Choose,
    /// Steps 1–2: the next (previous) partner.
    NextParty,
    PrevParty,
    /// Tag the kinds of a benefit (money, goods, psychological, situation).
    BenefitKinds,
    Swot,
    EditDescription,
    StepNotes,
    Decisions,
    ActionItems,
    ParkingLot,
    Messages,
    /// The meeting's details: title, date, venue, facilitator, language, host, timeboxes.
    MeetingInfo,
    /// The people present for the selected party.
    Representatives,
    /// Write the minutes (Markdown and HTML) next to the session file.
    Minutes,
    // The room's phones.
    /// Open the room to the parties' phones (the server starts) and show what they sent.
    Phones,
    /// Take the selected contribution into the session.
    Accept,
    /// Take every waiting contribution of the selected one's party, in the order they came.
    AcceptAll,
    /// Leave the selected contribution out (its phone is told).
    Reject,
    /// Show the parties' codes on the projector (`sori present`), or stop showing them.
    ShowCodes,
    /// Stop the room's server (its addresses stop working), or open it again.
    StopRoom,
    /// A contribution from a phone in the room (from the server, not a key).
    Phone(Box<crate::room_server::Arrival>),
    /// Close the meeting: record its end now (and stop a running step timer).
    CloseMeeting,
    /// Answer yes / no to the question on screen.
    Yes,
    No,
    // The replay.
    /// One event back / forward.
    EventBack,
    EventForward,
    /// To the previous / next record that changes the step.
    BoundaryBack,
    BoundaryForward,
    /// To the start / the end of the history.
    FirstEvent,
    LastEvent,
    PlayPause,
    Faster,
    Slower,
    /// Type a search of the events' words.
    Search,
    SearchNext,
    SearchPrevious,
    /// Show the step the meeting was in (after `1`–`5` picked one to look at).
    FollowStep,
    // The editor.
    EdSave,
    EdCancel,
    EdNewline,
    EdLeft,
    EdRight,
    EdWordLeft,
    EdWordRight,
    EdHome,
    EdEnd,
    EdUp,
    EdDown,
    EdBackspace,
    EdDelete,
    EdDeleteWord,
    EdDeleteToEnd,
    EdDeleteToHead,
    EdUndo,
    EdRedo,
    // The picker.
    Open,
    NewSession,
    /// A follow-up meeting of the selected session.
    FollowUp,
    // Input that is not a key of the table.
    /// A printable character typed in the editor.
    Type(char),
    /// Text pasted (bracketed paste): arrives whole.
    Paste(String),
    /// A mouse click at a screen position.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel at a screen position.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    /// The timer's tick (once a second while a step timer runs).
    Tick,
}

impl Action {
    /// Whether the action changes the session or writes a file: a replay refuses these and
    /// its help leaves them out.
    pub fn changes_something(&self) -> bool {
        matches!(
            self,
            Action::Add
                | Action::Edit
                | Action::Delete
                | Action::MoveUp
                | Action::MoveDown
                | Action::Undo
                | Action::Redo
                | Action::Timer
                | Action::Vote
                | Action::Unvote
                | Action::CycleKind
                | Action::CycleStatus
                | Action::CycleLead
                | Action::Toggle
                | Action::SetHost
                | Action::BenefitKinds
                | Action::Pick(_)
                | Action::Choose
                | Action::EditDescription
                | Action::StepNotes
                | Action::Minutes
                | Action::Phones
                | Action::Accept
                | Action::AcceptAll
                | Action::StopRoom
                | Action::CloseMeeting
        )
    }
}

impl Action {
    /// Whether the action is the text editor's own: moving, deleting, typing and pasting in
    /// the text (`Editor::apply`, `tui/editor.rs`). Saving and cancelling are the screen's.
    pub fn edits_text(&self) -> bool {
        matches!(
            self,
            Action::EdNewline
                | Action::EdLeft
                | Action::EdRight
                | Action::EdWordLeft
                | Action::EdWordRight
                | Action::EdHome
                | Action::EdEnd
                | Action::EdUp
                | Action::EdDown
                | Action::EdBackspace
                | Action::EdDelete
                | Action::EdDeleteWord
                | Action::EdDeleteToEnd
                | Action::EdDeleteToHead
                | Action::EdUndo
                | Action::EdRedo
                | Action::Type(_)
                | Action::Paste(_)
        )
    }
}

/// A key with its modifiers, as the table writes it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KeyPat {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyPat {
    /// A key as pressed, in the table's terms: letters carry their case, not a Shift.
    pub fn from_event(ev: &KeyEvent) -> KeyPat {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => KeyCode::BackTab,
            code => {
                if ev.modifiers.contains(KeyModifiers::SHIFT) && !matches!(code, KeyCode::Char(_)) {
                    mods |= KeyModifiers::SHIFT;
                }
                code
            }
        };
        KeyPat { code, mods }
    }

    /// How the help and the README write this key: `a`, `Ctrl-Z`, `Alt-Enter`, `↑`.
    pub fn label(&self, lang: Lang) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => Ui::KeySpace.text(lang).to_string(),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out.push_str(&base);
        out
    }
}

/// One row of the keymap.
#[derive(Clone, Debug)]
pub struct Binding {
    pub ctx: Ctx,
    pub key: KeyPat,
    pub action: Action,
    /// What the help says the key does.
    pub help: Ui,
    /// Shown in the status line's hints when its context is the most specific one.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;

const fn k(code: KeyCode) -> KeyPat {
    KeyPat { code, mods: NONE }
}
const fn c(ch: char) -> KeyPat {
    k(KeyCode::Char(ch))
}
const fn ctrl(ch: char) -> KeyPat {
    KeyPat {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(code: KeyCode) -> KeyPat {
    KeyPat {
        code,
        mods: KeyModifiers::ALT,
    }
}
const fn shift(code: KeyCode) -> KeyPat {
    KeyPat {
        code,
        mods: KeyModifiers::SHIFT,
    }
}
const fn b(ctx: Ctx, key: KeyPat, action: Action, help: Ui) -> Binding {
    Binding {
        ctx,
        key,
        action,
        help,
        hint: false,
    }
}
/// A row whose key is also shown in the status line.
const fn h(ctx: Ctx, key: KeyPat, action: Action, help: Ui) -> Binding {
    Binding {
        ctx,
        key,
        action,
        help,
        hint: true,
    }
}

use Action as A;
use Ctx::*;
use KeyCode as K;

/// The keymap. Order matters only within a context: the help lists rows in this order.
pub static KEYMAP: &[Binding] = &[
    // The editor: typing inserts; these keys edit.
    h(Editor, k(K::Enter), A::EdSave, Ui::HelpEdSave),
    h(Editor, k(K::Esc), A::EdCancel, Ui::HelpEdCancel),
    h(Editor, alt(K::Enter), A::EdNewline, Ui::HelpEdNewline),
    b(Editor, k(K::Left), A::EdLeft, Ui::HelpEdLeft),
    b(Editor, k(K::Right), A::EdRight, Ui::HelpEdRight),
    b(Editor, ctrl('b'), A::EdLeft, Ui::HelpEdLeft),
    b(Editor, ctrl('f'), A::EdRight, Ui::HelpEdRight),
    b(
        Editor,
        KeyPat {
            code: K::Left,
            mods: KeyModifiers::CONTROL,
        },
        A::EdWordLeft,
        Ui::HelpEdWordLeft,
    ),
    b(
        Editor,
        KeyPat {
            code: K::Right,
            mods: KeyModifiers::CONTROL,
        },
        A::EdWordRight,
        Ui::HelpEdWordRight,
    ),
    b(Editor, alt(K::Char('b')), A::EdWordLeft, Ui::HelpEdWordLeft),
    b(
        Editor,
        alt(K::Char('f')),
        A::EdWordRight,
        Ui::HelpEdWordRight,
    ),
    b(Editor, alt(K::Left), A::EdWordLeft, Ui::HelpEdWordLeft),
    b(Editor, alt(K::Right), A::EdWordRight, Ui::HelpEdWordRight),
    b(Editor, k(K::Home), A::EdHome, Ui::HelpEdHome),
    b(Editor, ctrl('a'), A::EdHome, Ui::HelpEdHome),
    b(Editor, k(K::End), A::EdEnd, Ui::HelpEdEnd),
    b(Editor, ctrl('e'), A::EdEnd, Ui::HelpEdEnd),
    b(Editor, k(K::Up), A::EdUp, Ui::HelpEdUp),
    b(Editor, k(K::Down), A::EdDown, Ui::HelpEdDown),
    b(Editor, k(K::Backspace), A::EdBackspace, Ui::HelpEdBackspace),
    b(Editor, ctrl('h'), A::EdBackspace, Ui::HelpEdBackspace),
    b(Editor, k(K::Delete), A::EdDelete, Ui::HelpEdDelete),
    b(Editor, ctrl('d'), A::EdDelete, Ui::HelpEdDelete),
    b(Editor, ctrl('w'), A::EdDeleteWord, Ui::HelpEdDeleteWord),
    b(
        Editor,
        alt(K::Backspace),
        A::EdDeleteWord,
        Ui::HelpEdDeleteWord,
    ),
    b(Editor, ctrl('k'), A::EdDeleteToEnd, Ui::HelpEdDeleteToEnd),
    b(Editor, ctrl('u'), A::EdDeleteToHead, Ui::HelpEdDeleteToHead),
    b(Editor, ctrl('z'), A::EdUndo, Ui::HelpEdUndo),
    b(Editor, ctrl('y'), A::EdRedo, Ui::HelpEdRedo),
    // In a table, typing flows from cell to cell.
    b(Editor, k(K::Tab), A::NextCell, Ui::HelpNextCell),
    b(Editor, k(K::BackTab), A::PrevCell, Ui::HelpPrevCell),
    // The help.
    h(Help, k(K::Esc), A::Close, Ui::HelpClose),
    b(Help, c('q'), A::Close, Ui::HelpClose),
    b(Help, c('?'), A::Close, Ui::HelpClose),
    h(Help, k(K::Down), A::Down, Ui::HelpScroll),
    b(Help, c('j'), A::Down, Ui::HelpScroll),
    b(Help, k(K::Up), A::Up, Ui::HelpScroll),
    b(Help, c('k'), A::Up, Ui::HelpScroll),
    b(Help, k(K::PageDown), A::PageDown, Ui::HelpScroll),
    b(Help, k(K::PageUp), A::PageUp, Ui::HelpScroll),
    b(Help, c(' '), A::PageDown, Ui::HelpScroll),
    // A row's challenges and purposes: Enter, as in every cell of the row, goes on.
    h(RowChecklist, k(K::Enter), A::NextCell, Ui::HelpRowNext),
    b(RowChecklist, k(K::Tab), A::NextCell, Ui::HelpRowNext),
    b(RowChecklist, k(K::BackTab), A::PrevCell, Ui::HelpPrevCell),
    // Menus.
    h(Menu, k(K::Enter), A::Choose, Ui::HelpChoose),
    b(Menu, c(' '), A::Toggle, Ui::HelpMenuToggle),
    b(Menu, c('1'), A::Pick(1), Ui::HelpPick),
    b(Menu, c('2'), A::Pick(2), Ui::HelpPick),
    b(Menu, c('3'), A::Pick(3), Ui::HelpPick),
    b(Menu, c('4'), A::Pick(4), Ui::HelpPick),
    b(Menu, c('5'), A::Pick(5), Ui::HelpPick),
    b(Menu, c('6'), A::Pick(6), Ui::HelpPick),
    b(Menu, c('7'), A::Pick(7), Ui::HelpPick),
    b(Menu, c('8'), A::Pick(8), Ui::HelpPick),
    b(Menu, c('9'), A::Pick(9), Ui::HelpPick),
    // Checklists.
    h(Checklist, c(' '), A::Toggle, Ui::HelpToggle),
    b(Checklist, k(K::Enter), A::Toggle, Ui::HelpToggle),
    b(Checklist, c('x'), A::Toggle, Ui::HelpToggle),
    h(Checklist, c('a'), A::Add, Ui::HelpAddLinked),
    // The SWOT overlay.
    h(Swot, k(K::Tab), A::NextPane, Ui::HelpSwotNext),
    b(Swot, k(K::BackTab), A::PrevPane, Ui::HelpSwotPrev),
    b(Swot, k(K::Right), A::Right, Ui::HelpSwotNext),
    b(Swot, c('l'), A::Right, Ui::HelpSwotNext),
    b(Swot, k(K::Left), A::Left, Ui::HelpSwotPrev),
    b(Swot, c('h'), A::Left, Ui::HelpSwotPrev),
    // Action items (overlay and step 5). Space, as in every checklist: `x` stays the minutes.
    h(ActionItems, c(' '), A::Toggle, Ui::HelpDone),
    b(ActionItems, k(K::Right), A::Right, Ui::HelpNextColumn),
    b(ActionItems, c('l'), A::Right, Ui::HelpNextColumn),
    b(ActionItems, k(K::Left), A::Left, Ui::HelpPrevColumn),
    b(ActionItems, c('h'), A::Left, Ui::HelpPrevColumn),
    // Closing the meeting, asked on quitting after step 5.
    h(Confirm, c('y'), A::Yes, Ui::HelpCloseYes),
    b(Confirm, k(K::Enter), A::Yes, Ui::HelpCloseYes),
    h(Confirm, c('n'), A::No, Ui::HelpCloseNo),
    b(Confirm, c('q'), A::No, Ui::HelpCloseNo),
    // Notes from the phones still waiting, asked on quitting. Enter is the harmless answer.
    h(NotesWaiting, k(K::Enter), A::Phones, Ui::HelpNotesToQueue),
    b(NotesWaiting, c('W'), A::Phones, Ui::HelpNotesToQueue),
    h(NotesWaiting, c('A'), A::AcceptAll, Ui::HelpNotesAcceptAll),
    h(NotesWaiting, c('q'), A::Quit, Ui::HelpNotesQuit),
    // The meeting's details.
    h(Meeting, k(K::Enter), A::Edit, Ui::HelpMeetingEdit),
    b(Meeting, c('e'), A::Edit, Ui::HelpMeetingEdit),
    // The representatives of a party.
    h(
        Representatives,
        k(K::Right),
        A::Right,
        Ui::HelpNextPartyReps,
    ),
    b(Representatives, c('l'), A::Right, Ui::HelpNextPartyReps),
    b(Representatives, k(K::Tab), A::Right, Ui::HelpNextPartyReps),
    b(Representatives, k(K::Left), A::Left, Ui::HelpPrevPartyReps),
    b(Representatives, c('h'), A::Left, Ui::HelpPrevPartyReps),
    b(
        Representatives,
        k(K::BackTab),
        A::Left,
        Ui::HelpPrevPartyReps,
    ),
    // Lists, in panes and overlays.
    h(List, c('a'), A::Add, Ui::HelpAdd),
    h(List, k(K::Enter), A::Edit, Ui::HelpEdit),
    b(List, c('e'), A::Edit, Ui::HelpEdit),
    h(List, c('d'), A::Delete, Ui::HelpDelete),
    b(List, k(K::Delete), A::Delete, Ui::HelpDelete),
    b(List, c('J'), A::MoveDown, Ui::HelpMoveDown),
    b(List, shift(K::Down), A::MoveDown, Ui::HelpMoveDown),
    b(List, c('K'), A::MoveUp, Ui::HelpMoveUp),
    b(List, shift(K::Up), A::MoveUp, Ui::HelpMoveUp),
    // Moving.
    b(Nav, k(K::Down), A::Down, Ui::HelpDown),
    b(Nav, c('j'), A::Down, Ui::HelpDown),
    b(Nav, k(K::Up), A::Up, Ui::HelpUp),
    b(Nav, c('k'), A::Up, Ui::HelpUp),
    b(Nav, c('g'), A::Top, Ui::HelpTop),
    b(Nav, k(K::Home), A::Top, Ui::HelpTop),
    b(Nav, c('G'), A::Bottom, Ui::HelpBottom),
    b(Nav, k(K::End), A::Bottom, Ui::HelpBottom),
    b(Nav, k(K::PageDown), A::PageDown, Ui::HelpPageDown),
    b(Nav, k(K::PageUp), A::PageUp, Ui::HelpPageUp),
    // Any overlay.
    h(Overlay, k(K::Esc), A::Close, Ui::HelpClose),
    b(Overlay, c('q'), A::Close, Ui::HelpClose),
    b(Overlay, c('?'), A::Help, Ui::HelpHelp),
    // The party list.
    b(Parties, c('S'), A::Swot, Ui::HelpSwot),
    b(Parties, c('H'), A::SetHost, Ui::HelpSetHost),
    b(Parties, c('c'), A::CycleKind, Ui::HelpPartyKind),
    // A party's goals: the same keys in steps 1 and 2.
    b(Goals, k(K::Right), A::Right, Ui::HelpNextList),
    b(Goals, c('l'), A::Right, Ui::HelpNextList),
    b(Goals, k(K::Left), A::Left, Ui::HelpPrevList),
    b(Goals, c('h'), A::Left, Ui::HelpPrevList),
    b(Goals, c('>'), A::NextParty, Ui::HelpNextParty),
    b(Goals, c('<'), A::PrevParty, Ui::HelpPrevParty),
    b(Goals, c('S'), A::Swot, Ui::HelpSwot),
    // The 相利評価表.
    b(Table, k(K::Right), A::Right, Ui::HelpNextColumn),
    b(Table, c('l'), A::Right, Ui::HelpNextColumn),
    b(Table, k(K::Left), A::Left, Ui::HelpPrevColumn),
    b(Table, c('h'), A::Left, Ui::HelpPrevColumn),
    h(Table, c('p'), A::Participants, Ui::HelpParticipants),
    h(Table, c('b'), A::BenefitKinds, Ui::HelpBenefitKinds),
    // The evaluation.
    b(Evaluation, k(K::Right), A::Right, Ui::HelpNextColumn),
    b(Evaluation, c('l'), A::Right, Ui::HelpNextColumn),
    b(Evaluation, k(K::Left), A::Left, Ui::HelpPrevColumn),
    b(Evaluation, c('h'), A::Left, Ui::HelpPrevColumn),
    h(Evaluation, k(K::Enter), A::Edit, Ui::HelpEvalEdit),
    b(Evaluation, c('e'), A::Edit, Ui::HelpEvalEdit),
    b(Evaluation, c(' '), A::Toggle, Ui::HelpAchieved),
    // Expansion ideas.
    b(Ideas, k(K::Right), A::Right, Ui::HelpNextColumn),
    b(Ideas, c('l'), A::Right, Ui::HelpNextColumn),
    b(Ideas, k(K::Left), A::Left, Ui::HelpPrevColumn),
    b(Ideas, c('h'), A::Left, Ui::HelpPrevColumn),
    b(Ideas, c('c'), A::CycleKind, Ui::HelpIdeaKind),
    // The selected activity.
    h(Activity, c('v'), A::Vote, Ui::HelpVote),
    b(Activity, c('V'), A::Unvote, Ui::HelpUnvote),
    b(Activity, c('c'), A::CycleKind, Ui::HelpCoop),
    b(Activity, c('s'), A::CycleStatus, Ui::HelpStatus),
    b(Activity, c('L'), A::CycleLead, Ui::HelpLead),
    b(Activity, c('p'), A::Participants, Ui::HelpParticipants),
    b(Activity, c('i'), A::EditDescription, Ui::HelpDescription),
    // The workshop screen.
    b(Workshop, k(K::Tab), A::NextPane, Ui::HelpNextPane),
    b(Workshop, k(K::BackTab), A::PrevPane, Ui::HelpPrevPane),
    h(Workshop, c(']'), A::NextStep, Ui::HelpNextStep),
    b(Workshop, c('['), A::PrevStep, Ui::HelpPrevStep),
    b(Workshop, c('1'), A::GoStep(1), Ui::HelpGoStep),
    b(Workshop, c('2'), A::GoStep(2), Ui::HelpGoStep),
    b(Workshop, c('3'), A::GoStep(3), Ui::HelpGoStep),
    b(Workshop, c('4'), A::GoStep(4), Ui::HelpGoStep),
    b(Workshop, c('5'), A::GoStep(5), Ui::HelpGoStep),
    h(Workshop, c('t'), A::Timer, Ui::HelpTimer),
    b(Workshop, c('N'), A::StepNotes, Ui::HelpStepNotes),
    b(Workshop, c('D'), A::Decisions, Ui::HelpDecisions),
    b(Workshop, c('A'), A::ActionItems, Ui::HelpActionItems),
    b(Workshop, c('P'), A::ParkingLot, Ui::HelpParkingLot),
    b(Workshop, c('M'), A::Messages, Ui::HelpMessages),
    b(Workshop, c('x'), A::Minutes, Ui::HelpMinutes),
    b(Workshop, c('E'), A::CloseMeeting, Ui::HelpCloseMeeting),
    h(Workshop, c('?'), A::Help, Ui::HelpHelp),
    h(Workshop, c('q'), A::Quit, Ui::HelpQuit),
    // After `?` and `q`: hinted only where the status line has room for them too.
    h(Workshop, c('I'), A::MeetingInfo, Ui::HelpMeetingInfo),
    h(
        Workshop,
        c('R'),
        A::Representatives,
        Ui::HelpRepresentatives,
    ),
    b(Workshop, c('W'), A::Phones, Ui::HelpPhones),
    // The room's phones: what they sent, accepted or not; their codes.
    h(Phones, k(K::Enter), A::Accept, Ui::HelpAccept),
    b(Phones, c('y'), A::Accept, Ui::HelpAccept),
    h(Phones, c('e'), A::Edit, Ui::HelpAcceptEdited),
    h(Phones, c('d'), A::Reject, Ui::HelpReject),
    b(Phones, c('n'), A::Reject, Ui::HelpReject),
    b(Phones, k(K::Delete), A::Reject, Ui::HelpReject),
    h(Phones, c('A'), A::AcceptAll, Ui::HelpAcceptAll),
    b(Phones, k(K::Right), A::Right, Ui::HelpNextCode),
    b(Phones, c('l'), A::Right, Ui::HelpNextCode),
    b(Phones, k(K::Left), A::Left, Ui::HelpPrevCode),
    b(Phones, c('h'), A::Left, Ui::HelpPrevCode),
    h(Phones, c('c'), A::ShowCodes, Ui::HelpShowCodes),
    h(Phones, c('S'), A::StopRoom, Ui::HelpStopRoom),
    // The replay: moving through the history (before the workshop's keys, which it shadows).
    h(Replay, c(' '), A::PlayPause, Ui::HelpPlay),
    h(Replay, k(K::Right), A::EventForward, Ui::HelpEventForward),
    b(Replay, c('l'), A::EventForward, Ui::HelpEventForward),
    b(Replay, k(K::Left), A::EventBack, Ui::HelpEventBack),
    b(Replay, c('h'), A::EventBack, Ui::HelpEventBack),
    h(Replay, c(']'), A::BoundaryForward, Ui::HelpBoundaryForward),
    b(Replay, c('['), A::BoundaryBack, Ui::HelpBoundaryBack),
    b(Replay, k(K::Home), A::FirstEvent, Ui::HelpFirstEvent),
    b(Replay, k(K::End), A::LastEvent, Ui::HelpLastEvent),
    b(Replay, c('+'), A::Faster, Ui::HelpFaster),
    b(Replay, c('-'), A::Slower, Ui::HelpSlower),
    h(Replay, c('/'), A::Search, Ui::HelpSearch),
    b(Replay, c('n'), A::SearchNext, Ui::HelpSearchNext),
    b(Replay, c('N'), A::SearchPrevious, Ui::HelpSearchPrevious),
    b(Replay, c('0'), A::FollowStep, Ui::HelpFollowStep),
    h(Replay, c('?'), A::Help, Ui::HelpHelp),
    h(Replay, c('q'), A::Quit, Ui::HelpQuitReplay),
    // The room view (`sori present`): paging, its help, quitting. It writes nothing.
    h(Room, c(' '), A::PageDown, Ui::HelpRoomNext),
    b(Room, k(K::PageDown), A::PageDown, Ui::HelpRoomNext),
    b(Room, k(K::Down), A::PageDown, Ui::HelpRoomNext),
    b(Room, c('j'), A::PageDown, Ui::HelpRoomNext),
    h(Room, k(K::PageUp), A::PageUp, Ui::HelpRoomPrevious),
    b(Room, k(K::Up), A::PageUp, Ui::HelpRoomPrevious),
    b(Room, c('k'), A::PageUp, Ui::HelpRoomPrevious),
    b(Room, k(K::Home), A::Top, Ui::HelpRoomFollow),
    b(Room, c('g'), A::Top, Ui::HelpRoomFollow),
    h(Room, c('?'), A::Help, Ui::HelpHelp),
    h(Room, c('q'), A::Quit, Ui::HelpQuitReplay),
    // Undo and redo.
    b(Changes, c('u'), A::Undo, Ui::HelpUndo),
    b(Changes, ctrl('z'), A::Undo, Ui::HelpUndo),
    b(Changes, ctrl('r'), A::Redo, Ui::HelpRedo),
    b(Changes, ctrl('y'), A::Redo, Ui::HelpRedo),
    // Always.
    b(Global, ctrl('c'), A::Quit, Ui::HelpQuitAlways),
    // The picker.
    h(Picker, k(K::Enter), A::Open, Ui::HelpOpen),
    b(Picker, k(K::Down), A::Down, Ui::HelpDown),
    b(Picker, c('j'), A::Down, Ui::HelpDown),
    b(Picker, k(K::Up), A::Up, Ui::HelpUp),
    b(Picker, c('k'), A::Up, Ui::HelpUp),
    h(Picker, c('n'), A::NewSession, Ui::HelpNewSession),
    h(Picker, c('f'), A::FollowUp, Ui::HelpFollowUp),
    h(Picker, c('q'), A::Quit, Ui::HelpQuitPicker),
    b(Picker, k(K::Esc), A::Quit, Ui::HelpQuitPicker),
];

/// The binding for a key in the active contexts (most specific first), if any.
pub fn lookup(contexts: &[Ctx], key: KeyPat) -> Option<&'static Binding> {
    contexts
        .iter()
        .find_map(|ctx| KEYMAP.iter().find(|b| b.ctx == *ctx && b.key == key))
}

/// What the editor does with a key the table does not name: printable characters are typed.
pub fn typed_char(key: KeyPat) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// One line of the help: the keys (joined) and what they do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub text: &'static str,
}

/// The help for some contexts: a section per context, its rows merged by what they do.
/// A key already taken by a more specific context is left out of the later ones.
pub fn help(contexts: &[Ctx], lang: Lang) -> Vec<(Ctx, Vec<HelpLine>)> {
    help_where(contexts, lang, |_| true)
}

/// The help for some contexts, listing only the keys whose action `keep` accepts (a replay
/// leaves out the keys that would change or write something).
pub fn help_where(
    contexts: &[Ctx],
    lang: Lang,
    keep: impl Fn(&Action) -> bool,
) -> Vec<(Ctx, Vec<HelpLine>)> {
    let mut out: Vec<(Ctx, Vec<HelpLine>)> = vec![];
    for (i, ctx) in contexts.iter().enumerate() {
        let mut lines: Vec<(Ui, Vec<String>)> = vec![];
        for b in KEYMAP.iter().filter(|b| b.ctx == *ctx && keep(&b.action)) {
            let shadowed = contexts[..i]
                .iter()
                .any(|earlier| KEYMAP.iter().any(|o| o.ctx == *earlier && o.key == b.key));
            if shadowed {
                continue;
            }
            let label = b.key.label(lang);
            match lines.iter_mut().find(|(help, _)| *help == b.help) {
                Some((_, keys)) => keys.push(label),
                None => lines.push((b.help, vec![label])),
            }
        }
        if *ctx == Ctx::Editor {
            lines.insert(0, (Ui::HelpEdType, vec![Ui::KeyAnyChar.text(lang).into()]));
        }
        if !lines.is_empty() {
            out.push((
                *ctx,
                lines
                    .into_iter()
                    .map(|(help, keys)| HelpLine {
                        keys: keys.join(" "),
                        text: help.text(lang),
                    })
                    .collect(),
            ));
        }
    }
    out
}

/// How the first key that reaches `action` on this screen is written (`Tab`, `→`, `>`): for a
/// line that says where a key goes.
pub fn key_label(contexts: &[Ctx], action: &Action, lang: Lang) -> Option<String> {
    contexts
        .iter()
        .flat_map(|ctx| {
            KEYMAP
                .iter()
                .filter(move |b| b.ctx == *ctx && b.action == *action)
        })
        .find(|b| lookup(contexts, b.key).map(|w| &w.action) == Some(action))
        .map(|b| b.key.label(lang))
}

/// The status line's hints for the active contexts: the keys marked `hint`, most specific
/// context first, one entry per action.
pub fn hints(contexts: &[Ctx], lang: Lang) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = vec![];
    let mut seen: Vec<&Action> = vec![];
    for ctx in contexts {
        for b in KEYMAP.iter().filter(|b| b.ctx == *ctx && b.hint) {
            if seen.contains(&&b.action) {
                continue;
            }
            if lookup(contexts, b.key).map(|w| &w.action) != Some(&b.action) {
                continue;
            }
            seen.push(&b.action);
            out.push((b.key.label(lang), b.help.short(lang)));
        }
    }
    out
}

/// The order the README's key table lists the contexts in.
const README_ORDER: [Ctx; 27] = [
    Ctx::Workshop,
    Ctx::Changes,
    Ctx::Global,
    Ctx::Nav,
    Ctx::List,
    Ctx::Parties,
    Ctx::Goals,
    Ctx::Activity,
    Ctx::Table,
    Ctx::Evaluation,
    Ctx::Ideas,
    Ctx::ActionItems,
    Ctx::Meeting,
    Ctx::Representatives,
    Ctx::Phones,
    Ctx::Confirm,
    Ctx::NotesWaiting,
    Ctx::Overlay,
    Ctx::Checklist,
    Ctx::RowChecklist,
    Ctx::Menu,
    Ctx::Swot,
    Ctx::Help,
    Ctx::Editor,
    Ctx::Picker,
    Ctx::Replay,
    Ctx::Room,
];

/// The whole keymap as a Markdown table, for the README (a test keeps the two the same).
pub fn markdown_table(lang: Lang) -> String {
    let mut out = String::from("| Where | Keys | What they do |\n|---|---|---|\n");
    for ctx in README_ORDER {
        for (_, lines) in help(&[ctx], lang) {
            for l in lines {
                let keys: Vec<String> = l
                    .keys
                    .split(' ')
                    .map(|k| format!("`{}`", if k == "|" { "\\|" } else { k }))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    ctx.title().text(lang),
                    keys.join(" "),
                    l.text
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    #[test]
    fn every_context_is_in_the_readme_order() {
        for b in KEYMAP {
            assert!(README_ORDER.contains(&b.ctx), "{:?}", b.ctx);
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in KEYMAP.iter().enumerate() {
            for other in &KEYMAP[i + 1..] {
                assert!(
                    !(a.ctx == other.ctx && a.key == other.key),
                    "{:?} {:?} is bound twice",
                    a.ctx,
                    a.key
                );
            }
        }
    }

    #[test]
    fn the_more_specific_context_wins() {
        let enter = KeyPat::from_event(&KeyEvent::from(KeyCode::Enter));
        let in_checklist = lookup(&[Ctx::Checklist, Ctx::List, Ctx::Overlay], enter).unwrap();
        assert_eq!(in_checklist.action, Action::Toggle);
        let in_list = lookup(&[Ctx::List, Ctx::Workshop], enter).unwrap();
        assert_eq!(in_list.action, Action::Edit);
    }

    #[test]
    fn shifted_letters_match_capitals() {
        let ev = KeyEvent::new(KeyCode::Char('V'), KeyModifiers::SHIFT);
        let found = lookup(&[Ctx::Activity], KeyPat::from_event(&ev)).unwrap();
        assert_eq!(found.action, Action::Unvote);
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        let found = lookup(&[Ctx::Workshop], KeyPat::from_event(&ev)).unwrap();
        assert_eq!(found.action, Action::PrevPane);
    }

    #[test]
    fn help_merges_keys_and_hides_shadowed_ones() {
        let sections = help(&[Ctx::Checklist, Ctx::List], Lang::En);
        let list = &sections.iter().find(|(c, _)| *c == Ctx::List).unwrap().1;
        // Enter toggles in a checklist, so the list's "Enter edits" is not shown there.
        assert!(list.iter().all(|l| !l.keys.contains("Enter")));
        let edit = list.iter().find(|l| l.keys.contains('e')).unwrap();
        assert_eq!(edit.keys, "e");
        let nav = help(&[Ctx::Nav], Lang::En);
        let down = nav[0].1.iter().find(|l| l.keys.contains('j')).unwrap();
        assert_eq!(down.keys, "↓ j");
    }
}
