//! The minutes as a document: a title, the meeting's facts, and sections of fields, lists,
//! tables and checks, every string already in the reader's language. Built once from the
//! session; `markdown`, `html` and `docx` only lay it out, so all three say the same in the same
//! order, and `xlsx` lays out the tables of `sheets`.
//!
//! The order is the one a 議事録 is read in: the facts (日時・場所・ファシリテーター・記録者,
//! 公開・非公開), 出席者 and 欠席者, 議題, then 要旨 first (決定事項, アクション, 次回), what the
//! previous meeting decided and left open (a follow-up meeting), then the five steps with each
//! activity's 相利評価表 and its ⚠ checks, then the rest (保留事項, 配布資料, the time each step
//! took) and last the signatures (議事録署名人). A section, list, field or column with nothing
//! in it is left out, never printed as 「なし」. What a follow-up meeting carried over from the
//! previous one is marked 前回から.
//!
//! Each part is built from a list of optional pieces (`facts`, `summary`): a new field of the
//! session adds one piece, and the renderers need no change.
//!
//! Text from the session is kept as written (apart from control characters, see `clean`):
//! escaping is the renderers' job, each for its own syntax.

use jiff::civil;

use super::Index;
use crate::core::checks::{Warning, activity_warnings, unserved_purposes};
use crate::core::history::Record;
use crate::core::session::{
    Activity, BenefitKind, Id, Item, Lang, Participant, Party, PartyList, STEPS, Session,
};
use crate::core::stamp::Stamp;
use crate::i18n::fill;
use crate::i18n::minutes::Label;
use crate::i18n::terms::{Term, party_kind};

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Minutes {
    pub lang: Lang,
    pub title: String,
    /// The meeting's facts: date and time, venue, facilitator (those that are known).
    pub facts: Vec<Field>,
    pub sections: Vec<Section>,
    /// When the document was made and last changed, as its file's own properties say it (Word
    /// and Excel show them): the meeting's (`document_times`), never the clock's.
    pub times: Option<(Stamp, Stamp)>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A label and its value, shown on one line.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Block {
    Fields(Vec<Field>),
    /// A bulleted list, under a small heading when it has a label. Never empty.
    List {
        label: Option<String>,
        items: Vec<String>,
    },
    /// A numbered list (the agenda). Never empty.
    Numbered(Vec<String>),
    Table(Table),
    /// 相利 warnings: one-sided cooperation, unserved purposes, too few parties.
    Checks {
        label: String,
        warnings: Vec<String>,
    },
    /// A paragraph of session text.
    Text(String),
    /// A section one level down.
    Sub(Section),
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Table {
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The columns share the width evenly, whatever their content (the 相利評価表, where a
    /// whole column may be empty and should still have room to be written in).
    pub even: bool,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Column {
    pub title: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ColumnKind {
    /// Session text: wraps as it needs.
    Text,
    /// One word from the catalog (a status, a kind): kept on one line.
    Word,
    /// Amounts: aligned right, on one line.
    Number,
}

/// The lines of a table cell (several linked purposes, say), each shown on its own line.
pub type Cell = Vec<String>;

/// A table for a sheet of its own in a workbook, with the name it asks for (the workbook makes
/// names valid and unique).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

/// Build the minutes of `s` in `lang`. Of the history, the first record is read (when the
/// meeting has no start time, it started then), and those accepted from the parties' phones
/// (who proposed what: `store`'s `minutes_records` gives both).
pub fn build(s: &Session, records: &[Record], lang: Lang) -> Minutes {
    let b = Builder::new(s, records, lang);
    let title = if s.meta.title.trim().is_empty() {
        b.label(Label::DocTitleUntitled).to_string()
    } else {
        fill(
            b.label(Label::DocTitle),
            &[("title", &clean(&s.meta.title))],
        )
    };
    let sections = [
        b.attendees(),
        b.agenda(),
        b.summary(),
        b.previous(),
        b.step1(),
        b.step2(),
        b.step3(),
        b.step4(),
        b.step5(),
        b.proposed_from_phones(),
        b.parking_lot(),
        b.handouts(),
        b.time_per_step(),
        b.signatures(),
    ];
    Minutes {
        lang,
        title,
        facts: b.facts(),
        sections: sections.into_iter().flatten().collect(),
        times: document_times(s, records),
    }
}

/// The times a Word or Excel file's properties carry (created, last modified): the meeting's
/// start and its end (`meeting_end`, else the start again), so that the same session always
/// gives the same bytes, whenever and however often it is exported. `None` without any time
/// (no start and no history).
pub fn document_times(s: &Session, records: &[Record]) -> Option<(Stamp, Stamp)> {
    let start = s.meta.start.or_else(|| records.first().map(|r| r.at))?;
    Some((start, meeting_end(s, Some(start)).unwrap_or(start)))
}

/// The tables a workbook holds, one a sheet: the 相利評価表 of every activity (with its
/// evaluation and checks), the action items and the attendees (one row a person). An empty
/// table is left out.
pub fn sheets(s: &Session, lang: Lang) -> Vec<Sheet> {
    let b = Builder::new(s, &[], lang);
    let mut out: Vec<Sheet> = s
        .activities
        .iter()
        .filter(|a| !a.participants.is_empty())
        .map(|a| Sheet {
            name: b.activity_title(a),
            table: b.evaluation_table(a, true),
        })
        .collect();
    if let Some(table) = b.action_table(false) {
        out.push(Sheet {
            name: b.term(Term::ActionItems).to_string(),
            table,
        });
    }
    if let Some(table) = b.attendee_table(true) {
        out.push(Sheet {
            name: b.label(Label::Attendees).to_string(),
            table,
        });
    }
    out
}

/// The 相利評価表 of every activity as one table of data, one row per activity and party (an
/// activity no party has joined has no row): the activity, its cooperation type and status,
/// then the party's row of the table (with its kinds of benefit), its evaluation and the ⚠
/// checks about it. Texts as written (`clean`), several linked purposes one a line, no
/// bullets; no internal ids.
pub fn evaluation_records(s: &Session, lang: Lang) -> Table {
    let b = Builder::new(s, &[], lang);
    let mut rows = vec![];
    for a in &s.activities {
        let warnings = activity_warnings(a);
        let coop = b.coop(a);
        let status = b.term(Term::status(a.status)).to_string();
        for p in s.table_rows(a) {
            // One item a line, as the file has them (a spreadsheet cell keeps inner space).
            let texts = |ids| vec![clean(&b.index.item_texts(ids).join("\n"))];
            rows.push(vec![
                vec![clean(&a.title)],
                vec![coop.clone()],
                vec![status.clone()],
                vec![clean(b.index.party_name(&p.party))],
                texts(&p.challenges),
                texts(&p.purposes),
                vec![clean(&p.role)],
                vec![clean(&p.benefit)],
                vec![b.kinds_text(p)],
                vec![b.term(Term::achieved(p.evaluation.achieved)).to_string()],
                vec![clean(&p.evaluation.comment)],
                b.row_checks(&warnings, &p.party),
            ]);
        }
    }
    b.table(
        &[
            (b.term(Term::ColActivity), Text),
            (b.term(Term::Coop), Word),
            (b.term(Term::Status), Word),
            (b.term(Term::ColStakeholder), Text),
            (b.term(Term::ColChallenge), Text),
            (b.term(Term::ColPurpose), Text),
            (b.term(Term::ColRole), Text),
            (b.term(Term::ColBenefit), Text),
            (b.term(Term::BenefitKinds), Word),
            (b.term(Term::Achieved), Word),
            (b.term(Term::Comment), Text),
            (b.label(Label::ChecksColumn), Text),
        ],
        rows,
    )
}

/// Session text as the minutes show it: line ends made `\n` (also NEL and the Unicode line and
/// paragraph separators), tabs made spaces, other control characters (which could drive a
/// terminal when the minutes are printed to it, or break a file) and the invisible bidi
/// controls that reorder what the reader sees (`text::is_unsafe`) replaced by `�`, and
/// surrounding blank space removed. The zero-width joiner stays: it is part of emoji.
pub fn clean(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if crate::text::is_unsafe(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The longest meeting the step timers can make: more is a damaged or hand-edited file, and
/// gives no end time.
const LONGEST_MEETING_SEC: u64 = 24 * 3600;

/// When the meeting ended, as far as the session knows it: the end the facilitator recorded
/// (closing the meeting), else the start plus the time the step timers measured, if they were
/// used. Never the time of the last edit: a file touched the next morning keeps its meeting's
/// end. A timer still running counts only what it measured before it was last stopped
/// (`spent_sec`): where it stopped is not known.
pub fn meeting_end(s: &Session, start: Option<Stamp>) -> Option<Stamp> {
    if let Some(end) = s.meta.end
        && start.is_none_or(|start| end.seconds_since(&start) > 0)
    {
        return Some(end);
    }
    let start = start?;
    let spent = s
        .meta
        .steps
        .iter()
        .take(usize::from(STEPS))
        .fold(0u64, |sum, st| sum.saturating_add(st.spent_sec));
    // To the minute, as the step times are shown: 116 min 50 s of timers end at 15:57.
    let spent = spent.saturating_add(30) / 60 * 60;
    (spent > 0 && spent <= LONGEST_MEETING_SEC).then(|| start.plus_seconds(spent as i64))
}

use ColumnKind::{Number, Text, Word};

struct Builder<'a> {
    s: &'a Session,
    lang: Lang,
    index: Index<'a>,
    start: Option<Stamp>,
    end: Option<Stamp>,
    /// The changes accepted from the parties' phones, in the order they were made.
    from_phones: Vec<&'a Record>,
}

impl<'a> Builder<'a> {
    fn new(s: &'a Session, records: &'a [Record], lang: Lang) -> Builder<'a> {
        let start = s.meta.start.or_else(|| records.first().map(|r| r.at));
        Builder {
            s,
            lang,
            index: Index::new(s),
            start,
            end: meeting_end(s, start),
            from_phones: records.iter().filter(|r| r.from.is_some()).collect(),
        }
    }

    fn label(&self, l: Label) -> &'static str {
        l.text(self.lang)
    }

    fn term(&self, t: Term) -> &'static str {
        t.text(self.lang)
    }

    fn field(&self, label: &str, value: impl Into<String>) -> Field {
        Field {
            label: label.to_string(),
            value: value.into(),
        }
    }

    /// Fields from (label, value) pairs, leaving out the empty values.
    fn fields(&self, pairs: Vec<(&str, String)>) -> Vec<Field> {
        pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(label, value)| self.field(label, value))
            .collect()
    }

    fn columns(&self, columns: &[(&str, ColumnKind)]) -> Vec<Column> {
        columns
            .iter()
            .map(|&(title, kind)| Column {
                title: title.to_string(),
                kind,
            })
            .collect()
    }

    fn unset(&self) -> String {
        self.label(Label::Unset).to_string()
    }

    fn or_unset(&self, text: &str) -> String {
        let text = clean(text);
        if text.is_empty() { self.unset() } else { text }
    }

    fn party_name(&self, party: &Party) -> String {
        self.or_unset(&party.name)
    }

    /// A section under `heading`, or nothing when it has no blocks.
    fn section(&self, heading: impl Into<String>, blocks: Vec<Block>) -> Option<Section> {
        (!blocks.is_empty()).then(|| Section {
            heading: heading.into(),
            blocks,
        })
    }

    // --- The head: date and time, venue, facilitator.

    fn facts(&self) -> Vec<Field> {
        let m = &self.s.meta;
        let disclosure = m
            .disclosure
            .map(|d| self.term(Term::disclosure(d)).to_string())
            .unwrap_or_default();
        self.fields(vec![
            (self.label(Label::DateTime), self.when()),
            (self.label(Label::Venue), clean(&m.venue)),
            (self.label(Label::Facilitator), clean(&m.facilitator)),
            (self.term(Term::Recorder), clean(&m.recorder)),
            (self.term(Term::Disclosure), disclosure),
        ])
    }

    /// A date and start time alone: `2027年1月22日(金) 14:00〜`.
    fn from(&self, start: Stamp) -> String {
        fill(
            self.label(Label::DateTimeFrom),
            &[("date", &self.date(start.local())), ("start", &start.hm())],
        )
    }

    /// `（前回から）` after the text of something a follow-up meeting carried over.
    fn carried(&self, id: &Id, text: String) -> String {
        if self.s.is_carried(id) {
            fill(self.label(Label::CarriedMark), &[("text", &text)])
        } else {
            text
        }
    }

    /// `2026年11月27日(金) 14:00–16:05` / `Fri 27 Nov 2026, 14:00–16:05`, in the room's time;
    /// empty when the session has no start.
    fn when(&self) -> String {
        let Some(start) = self.start else {
            return String::new();
        };
        let date = self.date(start.local());
        let start_hm = start.hm();
        // A recorded end reads on the room's clock too (below); one before the start is not
        // an end.
        // The end in the start's offset, so both read on the room's clock.
        let end = self
            .end
            .filter(|end| end.seconds_since(&start) > 0)
            .map(|end| Stamp::from_unix(end.unix_seconds(), start.offset_seconds()));
        match end {
            None => fill(
                self.label(Label::DateTimeFrom),
                &[("date", &date), ("start", &start_hm)],
            ),
            Some(end) if end.ymd() == start.ymd() => fill(
                self.label(Label::DateTimeRange),
                &[("date", &date), ("start", &start_hm), ("end", &end.hm())],
            ),
            Some(end) => fill(
                self.label(Label::DateTimeSpan),
                &[
                    ("date", &date),
                    ("start", &start_hm),
                    ("end_date", &self.date(end.local())),
                    ("end", &end.hm()),
                ],
            ),
        }
    }

    fn date(&self, t: civil::DateTime) -> String {
        fill(
            self.label(Label::Date),
            &[
                ("y", &t.year().to_string()),
                ("m", &t.month().to_string()),
                ("d", &t.day().to_string()),
                (
                    "wd",
                    self.label(Label::weekday(t.weekday().to_monday_one_offset())),
                ),
                ("mon", self.label(Label::month(t.month()))),
            ],
        )
    }

    // --- Attendees.

    /// A party's name as the attendees list it, the host marked.
    fn attendee_name(&self, p: &Party) -> String {
        let name = self.party_name(p);
        if self.s.meta.host.as_ref() == Some(&p.id) {
            fill(self.label(Label::HostMark), &[("name", &name)])
        } else {
            name
        }
    }

    /// The attendees: a row a party (its name, the host marked; its kind; the people present,
    /// `per_person` false) or a row a person present (`per_person`: so a spreadsheet can count
    /// and sort them; a party without any has one row). The kind column only when some party
    /// has one, the people column only when someone was recorded. Nothing without parties.
    fn attendee_table(&self, per_person: bool) -> Option<Table> {
        let parties = &self.s.parties;
        if parties.is_empty() {
            return None;
        }
        let with_kind = parties.iter().any(|p| !p.kind.trim().is_empty());
        let with_people = per_person || parties.iter().any(|p| !p.representatives.is_empty());
        let mut rows = vec![];
        for p in parties {
            let people: Vec<String> = p.representatives.iter().map(|r| clean(&r.text)).collect();
            let people = match (per_person, people.is_empty()) {
                (true, false) => people,
                (true, true) => vec![String::new()],
                (false, _) => vec![people.join(self.label(Label::ListSeparator))],
            };
            for person in people {
                let mut row = vec![vec![self.attendee_name(p)]];
                if with_kind {
                    row.push(vec![clean(&party_kind(&p.kind, self.lang))]);
                }
                if with_people {
                    row.push(vec![person]);
                }
                rows.push(row);
            }
        }
        let mut columns = vec![(self.term(Term::ColStakeholder), Text)];
        if with_kind {
            columns.push((self.term(Term::Kind), Text));
        }
        if with_people {
            let people = if per_person {
                self.label(Label::Person)
            } else {
                self.term(Term::Representatives)
            };
            columns.push((people, Text));
        }
        // A roster (a row a person) lists those absent too, with a column that says who came.
        let absent = &self.s.meta.absentees;
        if per_person && !absent.is_empty() {
            let present = self.label(Label::Present).to_string();
            for row in &mut rows {
                row.push(vec![present.clone()]);
            }
            for it in absent {
                let mut row = vec![vec![String::new()]];
                if with_kind {
                    row.push(vec![String::new()]);
                }
                row.push(vec![clean(&it.text)]);
                row.push(vec![self.label(Label::Absent).to_string()]);
                rows.push(row);
            }
            columns.push((self.label(Label::Attendance), Word));
        }
        Some(self.table(&columns, rows))
    }

    /// 出席者 (a row a party), then 欠席者 on one line.
    fn attendees(&self) -> Option<Section> {
        let mut blocks: Vec<Block> = self
            .attendee_table(false)
            .map(Block::Table)
            .into_iter()
            .collect();
        let absent: Vec<String> = self
            .s
            .meta
            .absentees
            .iter()
            .map(|it| clean(&it.text))
            .collect();
        let absent = self.fields(vec![(
            self.term(Term::Absentees),
            absent.join(self.label(Label::ListSeparator)),
        )]);
        if !absent.is_empty() {
            blocks.push(Block::Fields(absent));
        }
        self.section(self.label(Label::Attendees), blocks)
    }

    /// 議題, numbered.
    fn agenda(&self) -> Option<Section> {
        let items: Vec<String> = self
            .s
            .meta
            .agenda
            .iter()
            .map(|it| clean(&it.text))
            .collect();
        let blocks = (!items.is_empty()).then_some(Block::Numbered(items));
        self.section(self.term(Term::Agenda), blocks.into_iter().collect())
    }

    /// 前回の決定事項・未完了のアクション: what the meeting this one follows up decided and left
    /// open, as it stood when this one was made.
    fn previous(&self) -> Option<Section> {
        let p = self.s.previous.as_ref()?;
        let mut blocks = vec![];
        let title = clean(&p.title);
        let when = p.start.map(|st| self.date(st.local())).unwrap_or_default();
        let meeting = match (title.is_empty(), when.is_empty()) {
            (false, false) => fill(
                self.label(Label::PreviousMeetingValue),
                &[("title", &title), ("date", &when)],
            ),
            (false, true) => title,
            (true, _) => when,
        };
        let fields = self.fields(vec![(self.label(Label::PreviousMeeting), meeting)]);
        if !fields.is_empty() {
            blocks.push(Block::Fields(fields));
        }
        if !p.decisions.is_empty() {
            blocks.push(Block::List {
                label: Some(self.term(Term::PreviousDecisions).to_string()),
                items: p.decisions.iter().map(|d| clean(d)).collect(),
            });
        }
        if !p.open_actions.is_empty() {
            let rows = p
                .open_actions
                .iter()
                .map(|t| {
                    vec![
                        vec![clean(&t.what)],
                        vec![clean(&t.who)],
                        vec![clean(&t.due)],
                    ]
                })
                .collect();
            let mut table = self.table(
                &[
                    (self.term(Term::ActionWhat), Text),
                    (self.term(Term::ActionWho), Text),
                    (self.term(Term::ActionDue), Word),
                ],
                rows,
            );
            table.caption = Some(self.term(Term::PreviousOpenActions).to_string());
            blocks.push(Block::Table(table));
        }
        // Only the meeting's name: nothing was decided or left open.
        if blocks.len() < 2 {
            return None;
        }
        self.section(self.term(Term::Previous), blocks)
    }

    /// A table with no caption whose columns take the width their content needs.
    fn table(&self, columns: &[(&str, ColumnKind)], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            caption: None,
            columns: self.columns(columns),
            rows,
            even: false,
        }
    }

    // --- 要旨: what was decided, who does what by when, and the next meeting, first.

    /// 決定事項, アクション and 次回, each under its own heading when it has anything.
    fn summary(&self) -> Option<Section> {
        let next = &self.s.meta.next;
        let mut next_blocks = vec![];
        let fields = self.fields(vec![
            (
                self.label(Label::DateTime),
                next.start.map(|st| self.from(st)).unwrap_or_default(),
            ),
            (self.label(Label::Venue), clean(&next.venue)),
        ]);
        if !fields.is_empty() {
            next_blocks.push(Block::Fields(fields));
        }
        let note = clean(&next.note);
        if !note.is_empty() {
            next_blocks.push(Block::Text(note));
        }
        let parts = [
            (
                self.term(Term::Decisions),
                self.list(None, None, &self.s.decisions),
            ),
            (
                self.term(Term::ActionItems),
                self.action_table(true).map(Block::Table),
            ),
        ];
        let mut subs: Vec<Block> = parts
            .into_iter()
            .filter_map(|(heading, block)| self.section(heading, block.into_iter().collect()))
            .map(Block::Sub)
            .collect();
        subs.extend(
            self.section(self.term(Term::NextMeeting), next_blocks)
                .map(Block::Sub),
        );
        self.section(self.label(Label::Summary), subs)
    }

    /// What | who | due (kept on one line: a date or a few words) | (the activity it serves,
    /// when any item names one) | done. `marked`: an item carried over from the previous
    /// meeting says so after its text (the minutes; a workbook keeps the text as it is).
    fn action_table(&self, marked: bool) -> Option<Table> {
        let items = &self.s.action_items;
        if items.is_empty() {
            return None;
        }
        let with_activity = items.iter().any(|t| t.activity.is_some());
        let rows = items
            .iter()
            .map(|t| {
                let done = if t.done {
                    Label::DoneYes
                } else {
                    Label::DoneNo
                };
                let mut row = vec![
                    vec![if marked {
                        self.carried(&t.id, clean(&t.what))
                    } else {
                        clean(&t.what)
                    }],
                    vec![clean(&t.who)],
                    vec![clean(&t.due)],
                ];
                if with_activity {
                    row.push(vec![self.linked_activity(t.activity.as_ref())]);
                }
                row.push(vec![self.label(done).to_string()]);
                row
            })
            .collect();
        let mut columns = vec![
            (self.term(Term::ActionWhat), Text),
            (self.term(Term::ActionWho), Text),
            (self.term(Term::ActionDue), Word),
        ];
        if with_activity {
            columns.push((self.term(Term::Activity), Text));
        }
        columns.push((self.term(Term::ActionDone), Word));
        Some(self.table(&columns, rows))
    }

    // --- The steps.

    fn step_heading(&self, n: u8) -> String {
        fill(
            self.label(Label::StepHeading),
            &[("n", &n.to_string()), ("name", self.term(Term::step(n)))],
        )
    }

    /// A step's section, starting with its notes if the room took any; nothing when the step
    /// has neither notes nor content.
    fn step_section(&self, n: u8, mut blocks: Vec<Block>) -> Option<Section> {
        let notes = self
            .s
            .meta
            .steps
            .get(usize::from(n) - 1)
            .map(|st| clean(&st.notes))
            .unwrap_or_default();
        if !notes.is_empty() {
            blocks.insert(
                0,
                Block::Fields(vec![self.field(self.label(Label::StepNotes), notes)]),
            );
        }
        self.section(self.step_heading(n), blocks)
    }

    // --- Steps 1 and 2: each party's wants.

    fn step1(&self) -> Option<Section> {
        let host = self.s.host().and_then(|p| self.party_goals(p));
        self.step_section(1, host.map(Block::Sub).into_iter().collect())
    }

    fn step2(&self) -> Option<Section> {
        let partners = self
            .s
            .partners()
            .filter_map(|p| self.party_goals(p))
            .map(Block::Sub)
            .collect();
        self.step_section(2, partners)
    }

    /// A party's purposes, challenges and strengths, and the rest of its SWOT: the lists the
    /// room filled in. Nothing for a party with none.
    fn party_goals(&self, p: &Party) -> Option<Section> {
        let blocks = [
            PartyList::Purposes,
            PartyList::Challenges,
            PartyList::Strengths,
            PartyList::Weaknesses,
            PartyList::Opportunities,
            PartyList::Threats,
        ]
        .into_iter()
        .filter_map(|list| self.list(Some(self.term(Term::list(list))), Some(&p.id), p.list(list)))
        .collect();
        self.section(self.carried(&p.id, self.party_name(p)), blocks)
    }

    /// A list of items, under `label` if given; nothing when there are none.
    /// The items of a carried-over party or activity (`owner`) came with it: its heading says
    /// 前回から, and only what was added this time is marked (今回追加). Items of the meeting's
    /// own lists are marked one by one.
    fn list(&self, label: Option<&str>, owner: Option<&Id>, items: &[Item]) -> Option<Block> {
        let owner_carried = owner.is_some_and(|id| self.s.is_carried(id));
        (!items.is_empty()).then(|| Block::List {
            label: label.map(str::to_string),
            items: items
                .iter()
                .map(|it| {
                    let text = clean(&it.text);
                    match (owner_carried, self.s.is_carried(&it.id)) {
                        (true, false) => fill(self.label(Label::AddedMark), &[("text", &text)]),
                        (true, true) => text,
                        (false, _) => self.carried(&it.id, text),
                    }
                })
                .collect(),
        })
    }

    // --- Step 3: shared activities, their 相利評価表 and checks.

    fn step3(&self) -> Option<Section> {
        let mut blocks: Vec<Block> = self
            .s
            .activities
            .iter()
            .map(|a| Block::Sub(self.activity_plan(a)))
            .collect();
        let unserved: Vec<String> = unserved_purposes(self.s)
            .iter()
            .map(|w| self.warning(w))
            .collect();
        if !unserved.is_empty() {
            // Its own heading, so it does not read as part of the last activity.
            blocks.push(Block::Sub(Section {
                heading: self.label(Label::ChecksOverall).to_string(),
                blocks: vec![Block::Checks {
                    label: self.label(Label::Checks).to_string(),
                    warnings: unserved,
                }],
            }));
        }
        self.step_section(3, blocks)
    }

    fn activity_title(&self, a: &Activity) -> String {
        self.or_unset(&a.title)
    }

    /// The title of the activity an idea or an action item is linked to; empty if none.
    fn linked_activity(&self, id: Option<&Id>) -> String {
        id.and_then(|id| self.index.activity(id))
            .map(|a| self.activity_title(a))
            .unwrap_or_default()
    }

    /// `型3（相利：目的は違うが同じ活動）`
    fn coop(&self, a: &Activity) -> String {
        fill(
            self.label(Label::CoopValue),
            &[
                ("n", &a.coop.to_string()),
                ("name", self.term(Term::coop(a.coop))),
            ],
        )
    }

    fn activity_plan(&self, a: &Activity) -> Section {
        let lead = a
            .lead
            .as_ref()
            .map(|id| clean(self.index.party_name(id)))
            .unwrap_or_default();
        let coop = self.coop(a);
        let votes = if a.votes > 0 {
            a.votes.to_string()
        } else {
            String::new()
        };
        let fields = self.fields(vec![
            (self.term(Term::Description), clean(&a.description)),
            (self.term(Term::Coop), coop),
            (self.term(Term::Lead), lead),
            (
                self.term(Term::Status),
                self.term(Term::status(a.status)).to_string(),
            ),
            (self.term(Term::Votes), votes),
        ]);
        let mut blocks = vec![Block::Fields(fields)];
        if !a.participants.is_empty() {
            blocks.push(Block::Table(self.evaluation_table(a, false)));
        }
        blocks.extend(self.benefit_kinds(a));
        let warnings: Vec<String> = activity_warnings(a)
            .iter()
            .map(|w| self.warning(w))
            .collect();
        if !warnings.is_empty() {
            blocks.push(Block::Checks {
                label: self.label(Label::Checks).to_string(),
                warnings,
            });
        }
        Section {
            heading: self.carried(&a.id, self.activity_title(a)),
            blocks,
        }
    }

    /// The 相利評価表: 関係者 | 課題 | 目的 | 活動 | 役割 | 相利, one row per participating party,
    /// and 相利の種類 (each row's kinds of benefit) when a row has any. For a sheet (`full`),
    /// also each party's evaluation and the ⚠ checks about its row.
    fn evaluation_table(&self, a: &Activity, full: bool) -> Table {
        let title = self.activity_title(a);
        let warnings = activity_warnings(a);
        let with_kinds = a.participants.iter().any(|p| !p.benefit_kinds.is_empty());
        let rows = self
            .s
            .table_rows(a)
            .into_iter()
            .map(|p| {
                let mut row = vec![
                    vec![self.or_unset(self.index.party_name(&p.party))],
                    self.bulleted(self.index.item_texts(&p.challenges)),
                    self.bulleted(self.index.item_texts(&p.purposes)),
                    vec![title.clone()],
                    vec![clean(&p.role)],
                    vec![clean(&p.benefit)],
                ];
                if with_kinds {
                    row.push(vec![self.kinds_text(p)]);
                }
                if full {
                    row.push(vec![
                        self.term(Term::achieved(p.evaluation.achieved)).to_string(),
                    ]);
                    row.push(vec![clean(&p.evaluation.comment)]);
                    row.push(self.row_checks(&warnings, &p.party));
                }
                row
            })
            .collect();
        let mut columns = vec![
            (self.term(Term::ColStakeholder), Text),
            (self.term(Term::ColChallenge), Text),
            (self.term(Term::ColPurpose), Text),
            (self.term(Term::ColActivity), Text),
            (self.term(Term::ColRole), Text),
            (self.term(Term::ColBenefit), Text),
        ];
        if with_kinds {
            columns.push((self.term(Term::BenefitKinds), Word));
        }
        if full {
            columns.extend([
                (self.term(Term::Achieved), Word),
                (self.term(Term::Comment), Text),
                (self.label(Label::ChecksColumn), Text),
            ]);
        }
        Table {
            caption: Some(self.term(Term::EvaluationTable).to_string()),
            columns: self.columns(&columns),
            rows,
            even: !full,
        }
    }

    /// A row's 相利の種類: its kinds of benefit in `BenefitKind::ALL`'s order, on one line
    /// (`心理的、状況の変化`); empty without any.
    fn kinds_text(&self, p: &Participant) -> String {
        BenefitKind::ALL
            .iter()
            .filter(|k| p.benefit_kinds.contains(k))
            .map(|k| self.term(Term::benefit_kind(*k)))
            .collect::<Vec<_>>()
            .join(self.label(Label::ListSeparator))
    }

    /// 相利の種類 by kind: the benefits of an activity grouped by their kind (money, goods,
    /// psychological, a change of situation), one line a kind, each party's benefit under it,
    /// right after its 相利評価表 (whose 相利の種類 column gives each row's kinds). Left out when
    /// no benefit is tagged.
    fn benefit_kinds(&self, a: &Activity) -> Option<Block> {
        let rows = self.s.table_rows(a);
        let items: Vec<String> = BenefitKind::ALL
            .iter()
            .filter_map(|kind| {
                let who: Vec<String> = rows
                    .iter()
                    .filter(|p| p.benefit_kinds.contains(kind))
                    .map(|p| {
                        fill(
                            self.label(Label::KindParty),
                            &[
                                ("party", &clean(self.index.party_name(&p.party))),
                                ("benefit", &clean(p.benefit.trim())),
                            ],
                        )
                    })
                    .collect();
                (!who.is_empty()).then(|| {
                    fill(
                        self.label(Label::KindLine),
                        &[
                            ("kind", self.term(Term::benefit_kind(*kind))),
                            ("who", &who.join(self.label(Label::KindJoin))),
                        ],
                    )
                })
            })
            .collect();
        (!items.is_empty()).then(|| Block::List {
            label: Some(self.term(Term::BenefitKinds).to_string()),
            items,
        })
    }

    /// The warnings of an activity that concern one party's row: its own (one-sided), and
    /// those about the whole activity (too few parties).
    fn row_checks(&self, warnings: &[Warning], party: &Id) -> Cell {
        warnings
            .iter()
            .filter(|w| match w {
                Warning::OneSided { party: p, .. } => p == party,
                Warning::FewParties { .. } => true,
                Warning::UnservedPurpose { .. } => false,
            })
            .map(|w| self.warning(w))
            .collect()
    }

    /// One line per text; bulleted when there are several.
    fn bulleted(&self, texts: Vec<&str>) -> Cell {
        if texts.len() < 2 {
            return texts.into_iter().map(clean).collect();
        }
        let bullet = self.label(Label::CellBullet);
        texts
            .into_iter()
            .map(|t| format!("{bullet}{}", clean(t)))
            .collect()
    }

    fn warning(&self, w: &Warning) -> String {
        match w {
            Warning::OneSided { party, .. } => fill(
                self.term(Term::WarnOneSided),
                &[("party", &clean(self.index.party_name(party)))],
            ),
            Warning::UnservedPurpose { party, purpose } => {
                let purpose = self
                    .index
                    .item_texts(std::slice::from_ref(purpose))
                    .first()
                    .map(|t| clean(t))
                    .unwrap_or_default();
                fill(
                    self.term(Term::WarnUnserved),
                    &[
                        ("party", &clean(self.index.party_name(party))),
                        ("purpose", &purpose),
                    ],
                )
            }
            Warning::FewParties { .. } => self.term(Term::WarnFewParties).to_string(),
        }
    }

    // --- Step 4: evaluations and improvements.

    fn step4(&self) -> Option<Section> {
        let blocks = self
            .s
            .activities
            .iter()
            .filter(|a| {
                !a.improvements.is_empty()
                    || a.participants.iter().any(|p| !p.evaluation.is_empty())
            })
            .map(|a| Block::Sub(self.activity_review(a)))
            .collect();
        self.step_section(4, blocks)
    }

    fn activity_review(&self, a: &Activity) -> Section {
        let mut blocks = vec![];
        if a.participants.iter().any(|p| !p.evaluation.is_empty()) {
            let rows = self
                .s
                .table_rows(a)
                .into_iter()
                .map(|p| {
                    vec![
                        vec![self.or_unset(self.index.party_name(&p.party))],
                        vec![clean(&p.benefit)],
                        vec![self.term(Term::achieved(p.evaluation.achieved)).to_string()],
                        vec![clean(&p.evaluation.comment)],
                    ]
                })
                .collect();
            blocks.push(Block::Table(Table {
                caption: Some(self.term(Term::Evaluation).to_string()),
                columns: self.columns(&[
                    (self.term(Term::ColStakeholder), Text),
                    (self.term(Term::ColBenefit), Text),
                    (self.term(Term::Achieved), Word),
                    (self.term(Term::Comment), Text),
                ]),
                rows,
                even: false,
            }));
        }
        blocks.extend(self.list(
            Some(self.term(Term::Improvements)),
            Some(&a.id),
            &a.improvements,
        ));
        Section {
            heading: self.activity_title(a),
            blocks,
        }
    }

    // --- Step 5: expansion.

    fn step5(&self) -> Option<Section> {
        let ideas = &self.s.expansion;
        if ideas.is_empty() {
            return self.step_section(5, vec![]);
        }
        let with_activity = ideas.iter().any(|x| x.activity.is_some());
        let mut columns = vec![
            (self.label(Label::IdeaKind), Word),
            (self.label(Label::IdeaName), Text),
            (self.term(Term::Why), Text),
        ];
        if with_activity {
            columns.push((self.term(Term::Activity), Text));
        }
        let rows = ideas
            .iter()
            .map(|x| {
                let mut row = vec![
                    vec![self.term(Term::idea_kind(x.kind)).to_string()],
                    vec![clean(&x.name)],
                    vec![clean(&x.why)],
                ];
                if with_activity {
                    row.push(vec![self.linked_activity(x.activity.as_ref())]);
                }
                row
            })
            .collect();
        self.step_section(5, vec![Block::Table(self.table(&columns, rows))])
    }

    // --- The rest.

    fn parking_lot(&self) -> Option<Section> {
        let list = self.list(None, None, &self.s.parking_lot);
        self.section(self.term(Term::ParkingLot), list.into_iter().collect())
    }

    fn handouts(&self) -> Option<Section> {
        let list = self.list(None, None, &self.s.meta.handouts);
        self.section(self.term(Term::Handouts), list.into_iter().collect())
    }

    /// The closing a formal body's minutes end with: 「この議事録が正確であることを証します」,
    /// a date to fill in, and a line to sign for each 議事録署名人. Only when there are any.
    fn signatures(&self) -> Option<Section> {
        let signers = &self.s.meta.signers;
        if signers.is_empty() {
            return None;
        }
        let mut fields = vec![self.field(
            self.label(Label::SignDate),
            self.label(Label::SignDateBlank),
        )];
        fields.extend(signers.iter().map(|it| {
            self.field(
                self.term(Term::Signer),
                fill(self.label(Label::SignLine), &[("name", &clean(&it.text))]),
            )
        }));
        self.section(
            self.label(Label::Signatures),
            vec![
                Block::Text(self.label(Label::Certify).to_string()),
                Block::Fields(fields),
            ],
        )
    }

    fn minutes(&self, n: u64) -> String {
        fill(self.label(Label::Minutes), &[("n", &n.to_string())])
    }

    /// The steps whose timer was used: timebox, time spent and the difference, and the total
    /// of those steps. Steps the timer never measured are not listed (their time is not
    /// known, and counting them would make the total's difference nonsense); a timer still
    /// running is marked as such. Nothing when no timer was used.
    /// Who proposed what from a phone in the room (only what the facilitator accepted).
    fn proposed_from_phones(&self) -> Option<Section> {
        let rows: Vec<Vec<Cell>> = self
            .from_phones
            .iter()
            .filter_map(|r| {
                let from = r.from.as_ref()?;
                let what = crate::replay::describe::describe_event(self.s, &r.event, self.lang);
                Some(vec![
                    vec![clean(self.s.party_name(&from.party))],
                    vec![clean(
                        from.name.as_deref().unwrap_or(self.label(Label::Unset)),
                    )],
                    vec![clean(&what)],
                ])
            })
            .collect();
        if rows.is_empty() {
            return None;
        }
        let columns = [
            (self.term(Term::Party), Word),
            (self.label(Label::ProposedBy), Word),
            (self.label(Label::Proposal), Text),
        ];
        let table = self.table(&columns, rows);
        self.section(self.label(Label::FromPhones), vec![Block::Table(table)])
    }

    fn time_per_step(&self) -> Option<Section> {
        let mut rows = vec![];
        let (mut planned_total, mut spent_total, mut running_any) = (0u64, 0u64, false);
        for (i, step) in self.s.meta.steps.iter().enumerate().take(STEPS as usize) {
            let running = step.running_since.is_some();
            if step.spent_sec == 0 && !running {
                continue;
            }
            let planned = u64::from(step.timebox_min);
            planned_total += planned;
            spent_total = spent_total.saturating_add(step.spent_sec);
            running_any |= running;
            rows.push(self.time_row(
                self.step_heading(i as u8 + 1),
                planned,
                step.spent_sec,
                running,
            ));
        }
        if rows.len() > 1 {
            rows.push(self.time_row(
                self.label(Label::Total).to_string(),
                planned_total,
                spent_total,
                running_any,
            ));
        }
        if rows.is_empty() {
            return None;
        }
        let columns = [
            (self.label(Label::Step), Text),
            (self.label(Label::Timebox), Number),
            (self.label(Label::Spent), Number),
            (self.label(Label::Difference), Number),
        ];
        let table = self.table(&columns, rows);
        self.section(self.label(Label::TimePerStep), vec![Block::Table(table)])
    }

    /// Spent time in whole minutes (rounded); the difference only for a timer that stopped.
    fn time_row(&self, step: String, planned_min: u64, spent_sec: u64, running: bool) -> Vec<Cell> {
        let spent_min = spent_sec.saturating_add(30) / 60;
        let (spent, difference) = if running {
            let spent = if spent_sec == 0 {
                self.label(Label::TimerRunning).to_string()
            } else {
                fill(
                    self.label(Label::SpentRunning),
                    &[("spent", &self.minutes(spent_min))],
                )
            };
            (spent, self.unset())
        } else {
            let difference = match spent_min.cmp(&planned_min) {
                std::cmp::Ordering::Equal => format!("±{}", self.minutes(0)),
                std::cmp::Ordering::Greater => {
                    format!("+{}", self.minutes(spent_min - planned_min))
                }
                std::cmp::Ordering::Less => format!("−{}", self.minutes(planned_min - spent_min)),
            };
            (self.minutes(spent_min), difference)
        };
        vec![
            vec![step],
            vec![self.minutes(planned_min)],
            vec![spent],
            vec![difference],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{Event, SetStep};

    #[test]
    fn clean_keeps_text_and_drops_control_characters() {
        assert_eq!(
            clean("  地域猫\r\nｶﾞ\tok\u{1b}[31m \u{9b} "),
            "地域猫\nｶﾞ ok�[31m �"
        );
        assert_eq!(clean("a\rb"), "a\nb");
        assert_eq!(
            clean("\u{202E}evil\u{2066}x\u{2069}\u{200F}\u{2028}y\u{85}z"),
            "�evil�x��\ny\nz"
        );
        assert_eq!(clean("👨‍👩‍👧 e\u{301}"), "👨‍👩‍👧 e\u{301}");
    }

    fn record(at: Stamp) -> Record {
        Record {
            at,
            by: None,
            from: None,
            event: Event::SetStep(SetStep { step: 1 }),
        }
    }

    /// A session that started at 14:00 and whose timers measured `spent` minutes in all.
    fn timed(spent: &[u64]) -> Session {
        let mut s = Session::empty();
        s.meta.start = Some("2026-11-27T14:00:00+09:00".parse().unwrap());
        for (step, min) in s.meta.steps.iter_mut().zip(spent) {
            step.spent_sec = min * 60;
        }
        s
    }

    fn when(s: &Session, lang: Lang, records: &[Record]) -> String {
        build(s, records, lang).facts[0].value.clone()
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let same_day = timed(&[15, 30, 45, 20, 15]);
        assert_eq!(
            when(&same_day, Lang::Ja, &[]),
            "2026年11月27日(金) 14:00–16:05"
        );
        assert_eq!(
            when(&same_day, Lang::En, &[]),
            "Fri 27 Nov 2026, 14:00–16:05"
        );
        let untimed = timed(&[]);
        assert_eq!(when(&untimed, Lang::Ja, &[]), "2026年11月27日(金) 14:00〜");
        assert_eq!(when(&untimed, Lang::En, &[]), "Fri 27 Nov 2026, from 14:00");
        let past_midnight = timed(&[600, 552]);
        assert_eq!(
            when(&past_midnight, Lang::Ja, &[]),
            "2026年11月27日(金) 14:00 – 2026年11月28日(土) 09:12"
        );
        assert_eq!(
            when(&past_midnight, Lang::En, &[]),
            "Fri 27 Nov 2026, 14:00 – Sat 28 Nov 2026, 09:12"
        );
    }

    /// The meeting: started 14:00, the file touched the next morning. The end is the
    /// start plus the time spent, or the start alone; never the time of the last edit.
    #[test]
    fn the_end_is_never_the_last_edit() {
        let start: Stamp = "2026-11-29T14:00:00+09:00".parse().unwrap();
        let next_morning = [
            record(start),
            record(start.plus_seconds(15 * 3600 + 47 * 60)),
        ];
        let mut s = timed(&[10, 20, 30, 20, 10]);
        s.meta.start = Some(start);
        assert_eq!(
            when(&s, Lang::Ja, &next_morning),
            "2026年11月29日(日) 14:00–15:30"
        );
        s.meta.steps.iter_mut().for_each(|st| st.spent_sec = 0);
        assert_eq!(
            when(&s, Lang::Ja, &next_morning),
            "2026年11月29日(日) 14:00〜"
        );
        // A timer left running overnight adds nothing.
        s.meta.steps[4].running_since = Some(start.plus_seconds(3600));
        assert_eq!(
            when(&s, Lang::Ja, &next_morning),
            "2026年11月29日(日) 14:00〜"
        );
        // Nor does a timer that would make the meeting last days.
        s.meta.steps[0].spent_sec = 3 * 24 * 3600;
        assert_eq!(meeting_end(&s, Some(start)), None);
    }

    #[test]
    fn without_a_start_the_first_record_is_the_start() {
        let mut s = timed(&[60]);
        let first: Stamp = "2026-11-27T10:00:00+09:00".parse().unwrap();
        s.meta.start = None;
        assert_eq!(
            when(&s, Lang::En, &[record(first)]),
            "Fri 27 Nov 2026, 10:00–11:00"
        );
        // No start at all: no date and time line.
        let m = build(&s, &[], Lang::En);
        assert!(m.facts.is_empty(), "{:?}", m.facts);
    }

    #[test]
    fn an_empty_session_has_a_title_and_nothing_else() {
        let m = build(&Session::empty(), &[], Lang::Ja);
        assert_eq!(m.title, "議事録");
        assert!(m.facts.is_empty(), "{:?}", m.facts);
        assert!(m.sections.is_empty(), "{:?}", m.sections);
    }

    #[test]
    fn the_step_times_list_only_the_steps_the_timer_measured() {
        let mut s = timed(&[0, 0, 6]);
        let m = build(&s, &[], Lang::Ja);
        let table = m
            .sections
            .iter()
            .find(|sec| sec.heading == "各ステップの時間")
            .and_then(|sec| match &sec.blocks[0] {
                Block::Table(t) => Some(t.clone()),
                _ => None,
            })
            .unwrap();
        // One step: no total (a total of 115 minutes planned against 6 would read −109分).
        assert_eq!(
            table.rows,
            [[
                vec!["ステップ3：企画・実施".to_string()],
                vec!["40分".into()],
                vec!["6分".into()],
                vec!["−34分".into()],
            ]]
        );
        s.meta.steps[3].running_since = s.meta.start;
        s.meta.steps[0].spent_sec = 15 * 60;
        let m = build(&s, &[], Lang::Ja);
        let md = crate::export::markdown::to_markdown(&m);
        assert!(
            md.contains("| ステップ1：自分のしたいことの明確化 | 15分 | 15分 | ±0分 |"),
            "{md}"
        );
        assert!(
            md.contains("| ステップ4：評価・改善 | 20分 | 計測中 | — |"),
            "{md}"
        );
        assert!(md.contains("| 合計 | 75分 | 21分（計測中） | — |"), "{md}");
        // No timer used: no table at all.
        let m = build(&timed(&[]), &[], Lang::Ja);
        assert!(
            m.sections
                .iter()
                .all(|sec| sec.heading != "各ステップの時間")
        );
    }
}
