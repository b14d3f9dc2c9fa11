//! The minutes as a document: a title, the meeting's facts, and sections of fields, lists,
//! tables and checks, every string already in the reader's language. Built once from the
//! session; `markdown` and `html` only lay it out, so both say the same in the same order.
//!
//! Text from the session is kept as written (apart from control characters, see `clean`):
//! escaping is the renderers' job, each for its own syntax.

use jiff::civil;

use super::Index;
use crate::core::checks::{Warning, activity_warnings, unserved_purposes};
use crate::core::history::Record;
use crate::core::session::{Activity, Id, Item, Lang, Party, PartyList, STEPS, Session};
use crate::core::stamp::Stamp;
use crate::i18n::fill;
use crate::i18n::minutes::Label;
use crate::i18n::terms::{Term, party_kind};

/// A table with at least this many rows starts on a new page when printed.
pub const BIG_TABLE_ROWS: usize = 8;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Minutes {
    pub lang: Lang,
    pub title: String,
    /// Date and time, venue, facilitator.
    pub facts: Vec<Field>,
    pub sections: Vec<Section>,
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
    /// A bulleted list, under a small heading when it has a label; `none` is said in its
    /// place when it is empty.
    List {
        label: Option<String>,
        items: Vec<String>,
        none: String,
    },
    Table(Table),
    /// 相利 warnings: one-sided cooperation, unserved purposes, too few parties.
    Checks {
        label: String,
        warnings: Vec<String>,
    },
    /// A remark in place of empty content ("No shared activities yet.").
    Note(String),
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

impl Table {
    /// Whether the table is big enough to start on its own page in print.
    pub fn is_big(&self) -> bool {
        self.rows.len() >= BIG_TABLE_ROWS
    }
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

/// Build the minutes of `s` in `lang`. Of the history, only the last record is read: its time
/// is when the meeting ended.
pub fn build(s: &Session, records: &[Record], lang: Lang) -> Minutes {
    let b = Builder {
        s,
        lang,
        index: Index::new(s),
        start: s.meta.start.or_else(|| records.first().map(|r| r.at)),
        end: records.last().map(|r| r.at),
    };
    let title = if s.meta.title.trim().is_empty() {
        b.label(Label::DocTitleUntitled).to_string()
    } else {
        fill(
            b.label(Label::DocTitle),
            &[("title", &clean(&s.meta.title))],
        )
    };
    let mut sections = vec![b.attendees(), b.time_per_step()];
    sections.push(b.step1());
    sections.push(b.step2());
    sections.push(b.step3());
    sections.push(b.step4());
    sections.push(b.step5());
    sections.push(b.decisions());
    sections.push(b.action_items());
    sections.push(b.parking_lot());
    if !s.meta.next_meeting.trim().is_empty() {
        sections.push(Section {
            heading: b.term(Term::NextMeeting).to_string(),
            blocks: vec![Block::Text(clean(&s.meta.next_meeting))],
        });
    }
    Minutes {
        lang,
        title,
        facts: b.facts(),
        sections,
    }
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

use ColumnKind::{Number, Text, Word};

struct Builder<'a> {
    s: &'a Session,
    lang: Lang,
    index: Index<'a>,
    start: Option<Stamp>,
    end: Option<Stamp>,
}

impl Builder<'_> {
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

    // --- The head: date and time, venue, facilitator.

    fn facts(&self) -> Vec<Field> {
        let m = &self.s.meta;
        let mut out = vec![self.field(self.label(Label::DateTime), self.when())];
        if !m.venue.trim().is_empty() {
            out.push(self.field(self.label(Label::Venue), clean(&m.venue)));
        }
        if !m.facilitator.trim().is_empty() {
            out.push(self.field(self.label(Label::Facilitator), clean(&m.facilitator)));
        }
        out
    }

    /// `2026年11月27日(金) 14:00–16:05` / `Fri 27 Nov 2026, 14:00–16:05`, in the room's time.
    fn when(&self) -> String {
        let Some(start) = self.start else {
            return self.unset();
        };
        let date = self.date(start.local());
        let start_hm = start.hm();
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

    fn attendees(&self) -> Section {
        let heading = self.label(Label::Attendees).to_string();
        if self.s.parties.is_empty() {
            return Section {
                heading,
                blocks: vec![Block::Note(self.label(Label::NoParties).into())],
            };
        }
        let host = self.s.meta.host.as_ref();
        let rows = self
            .s
            .parties
            .iter()
            .map(|p| {
                let mut name = self.party_name(p);
                if Some(&p.id) == host {
                    name = fill(self.label(Label::HostMark), &[("name", &name)]);
                }
                let representatives: Vec<String> =
                    p.representatives.iter().map(|r| clean(&r.text)).collect();
                vec![
                    vec![name],
                    vec![clean(&party_kind(&p.kind, self.lang))],
                    vec![representatives.join(self.label(Label::ListSeparator))],
                ]
            })
            .collect();
        Section {
            heading,
            blocks: vec![Block::Table(Table {
                caption: None,
                columns: self.columns(&[
                    (self.term(Term::ColStakeholder), Text),
                    (self.term(Term::Kind), Text),
                    (self.term(Term::Representatives), Text),
                ]),
                rows,
                even: false,
            })],
        }
    }

    // --- Time per step.

    fn minutes(&self, n: u64) -> String {
        fill(self.label(Label::Minutes), &[("n", &n.to_string())])
    }

    fn time_per_step(&self) -> Section {
        let mut rows = vec![];
        let (mut planned_total, mut spent_total) = (0u64, 0u64);
        for (i, step) in self.s.meta.steps.iter().enumerate().take(STEPS as usize) {
            let n = i as u8 + 1;
            // A timer still running when the file was last written ran until the last change.
            let spent = match self.end {
                Some(end) => step.spent_at(&end),
                None => step.spent_sec,
            };
            let planned = u64::from(step.timebox_min);
            // Saturating: a hand-edited file can hold any number (the screen shows the same).
            planned_total = planned_total.saturating_add(planned);
            spent_total = spent_total.saturating_add(spent);
            rows.push(self.time_row(self.step_heading(n), planned, spent));
        }
        rows.push(self.time_row(
            self.label(Label::Total).to_string(),
            planned_total,
            spent_total,
        ));
        let columns = self.columns(&[
            (self.label(Label::Step), Text),
            (self.label(Label::Timebox), Number),
            (self.label(Label::Spent), Number),
            (self.label(Label::Difference), Number),
        ]);
        Section {
            heading: self.label(Label::TimePerStep).to_string(),
            blocks: vec![Block::Table(Table {
                caption: None,
                columns,
                rows,
                even: false,
            })],
        }
    }

    /// Spent time in whole minutes (rounded); the difference only where the timer ran.
    fn time_row(&self, step: String, planned_min: u64, spent_sec: u64) -> Vec<Cell> {
        let (spent, difference) = if spent_sec == 0 {
            (self.unset(), self.unset())
        } else {
            let spent_min = spent_sec / 60 + u64::from(spent_sec % 60 >= 30);
            let difference = if spent_min >= planned_min {
                format!("+{}", self.minutes(spent_min - planned_min))
            } else {
                format!("−{}", self.minutes(planned_min - spent_min))
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

    fn step_heading(&self, n: u8) -> String {
        fill(
            self.label(Label::StepHeading),
            &[("n", &n.to_string()), ("name", self.term(Term::step(n)))],
        )
    }

    /// A step's section, starting with its notes if the room took any.
    fn step_section(&self, n: u8, mut blocks: Vec<Block>) -> Section {
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
        Section {
            heading: self.step_heading(n),
            blocks,
        }
    }

    // --- Steps 1 and 2: each party's wants.

    fn step1(&self) -> Section {
        let blocks = match self.s.host() {
            Some(host) => vec![Block::Sub(self.party_goals(host))],
            None => vec![Block::Note(self.label(Label::NoHost).into())],
        };
        self.step_section(1, blocks)
    }

    fn step2(&self) -> Section {
        let blocks: Vec<Block> = self
            .s
            .partners()
            .map(|p| Block::Sub(self.party_goals(p)))
            .collect();
        let blocks = if blocks.is_empty() {
            vec![Block::Note(self.label(Label::NoPartners).into())]
        } else {
            blocks
        };
        self.step_section(2, blocks)
    }

    /// Purposes, challenges and strengths (always, "none" when empty), then the rest of the
    /// SWOT when the room filled any of it in.
    fn party_goals(&self, p: &Party) -> Section {
        let mut lists = vec![
            PartyList::Purposes,
            PartyList::Challenges,
            PartyList::Strengths,
        ];
        if p.has_swot() {
            lists.extend([
                PartyList::Weaknesses,
                PartyList::Opportunities,
                PartyList::Threats,
            ]);
        }
        let blocks = lists
            .into_iter()
            .map(|list| self.list(Some(self.term(Term::list(list))), p.list(list)))
            .collect();
        Section {
            heading: self.party_name(p),
            blocks,
        }
    }

    /// A list of items, under `label` if given.
    fn list(&self, label: Option<&str>, items: &[Item]) -> Block {
        Block::List {
            label: label.map(str::to_string),
            items: items.iter().map(|it| clean(&it.text)).collect(),
            none: self.label(Label::Nothing).to_string(),
        }
    }

    // --- Step 3: shared activities and their 相利評価表.

    fn step3(&self) -> Section {
        let mut blocks: Vec<Block> = self
            .s
            .activities
            .iter()
            .map(|a| Block::Sub(self.activity_plan(a)))
            .collect();
        if blocks.is_empty() {
            blocks.push(Block::Note(self.label(Label::NoActivities).into()));
        }
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

    fn activity_plan(&self, a: &Activity) -> Section {
        let mut fields = vec![];
        if !a.description.trim().is_empty() {
            fields.push(self.field(self.term(Term::Description), clean(&a.description)));
        }
        fields.push(self.field(
            self.term(Term::Coop),
            fill(
                self.label(Label::CoopValue),
                &[
                    ("n", &a.coop.to_string()),
                    ("name", self.term(Term::coop(a.coop))),
                ],
            ),
        ));
        let lead = match &a.lead {
            Some(id) => self.or_unset(self.index.party_name(id)),
            None => self.unset(),
        };
        fields.push(self.field(self.term(Term::Lead), lead));
        fields.push(self.field(self.term(Term::Status), self.term(Term::status(a.status))));
        fields.push(self.field(self.term(Term::Votes), a.votes.to_string()));

        let mut blocks = vec![
            Block::Fields(fields),
            Block::Table(self.evaluation_table(a)),
        ];
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
            heading: self.activity_title(a),
            blocks,
        }
    }

    /// The 相利評価表: 関係者 | 課題 | 目的 | 活動 | 役割 | 相利, one row per participating party.
    fn evaluation_table(&self, a: &Activity) -> Table {
        let title = self.activity_title(a);
        let rows = a
            .participants
            .iter()
            .map(|p| {
                vec![
                    vec![self.or_unset(self.index.party_name(&p.party))],
                    self.bulleted(self.index.item_texts(&p.challenges)),
                    self.bulleted(self.index.item_texts(&p.purposes)),
                    vec![title.clone()],
                    vec![clean(&p.role)],
                    vec![clean(&p.benefit)],
                ]
            })
            .collect();
        Table {
            caption: Some(self.term(Term::EvaluationTable).to_string()),
            columns: self.columns(&[
                (self.term(Term::ColStakeholder), Text),
                (self.term(Term::ColChallenge), Text),
                (self.term(Term::ColPurpose), Text),
                (self.term(Term::ColActivity), Text),
                (self.term(Term::ColRole), Text),
                (self.term(Term::ColBenefit), Text),
            ]),
            rows,
            even: true,
        }
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

    fn step4(&self) -> Section {
        let mut blocks: Vec<Block> = self
            .s
            .activities
            .iter()
            .filter(|a| {
                !a.improvements.is_empty()
                    || a.participants.iter().any(|p| !p.evaluation.is_empty())
            })
            .map(|a| Block::Sub(self.activity_review(a)))
            .collect();
        if blocks.is_empty() {
            blocks.push(Block::Note(self.label(Label::NoEvaluations).into()));
        }
        self.step_section(4, blocks)
    }

    fn activity_review(&self, a: &Activity) -> Section {
        let rows = a
            .participants
            .iter()
            .map(|p| {
                vec![
                    vec![self.or_unset(self.index.party_name(&p.party))],
                    vec![clean(&p.benefit)],
                    vec![self.term(Term::achieved(p.evaluation.achieved)).to_string()],
                    vec![clean(&p.evaluation.comment)],
                ]
            })
            .collect();
        let mut blocks = vec![Block::Table(Table {
            caption: Some(self.term(Term::Evaluation).to_string()),
            columns: self.columns(&[
                (self.term(Term::ColStakeholder), Text),
                (self.term(Term::ColBenefit), Text),
                (self.term(Term::Achieved), Word),
                (self.term(Term::Comment), Text),
            ]),
            rows,
            even: false,
        })];
        blocks.push(self.list(Some(self.term(Term::Improvements)), &a.improvements));
        Section {
            heading: self.activity_title(a),
            blocks,
        }
    }

    // --- Step 5: expansion.

    fn step5(&self) -> Section {
        let ideas = &self.s.expansion;
        if ideas.is_empty() {
            return self.step_section(5, vec![Block::Note(self.label(Label::NoIdeas).into())]);
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
        self.step_section(
            5,
            vec![Block::Table(Table {
                caption: None,
                columns: self.columns(&columns),
                rows,
                even: false,
            })],
        )
    }

    // --- After the steps.

    fn decisions(&self) -> Section {
        Section {
            heading: self.term(Term::Decisions).to_string(),
            blocks: vec![self.list(None, &self.s.decisions)],
        }
    }

    fn parking_lot(&self) -> Section {
        Section {
            heading: self.term(Term::ParkingLot).to_string(),
            blocks: vec![self.list(None, &self.s.parking_lot)],
        }
    }

    fn action_items(&self) -> Section {
        let heading = self.term(Term::ActionItems).to_string();
        if self.s.action_items.is_empty() {
            return Section {
                heading,
                blocks: vec![Block::Note(self.label(Label::Nothing).into())],
            };
        }
        // The activity an item serves, when any item names one (as in step 5's ideas).
        let with_activity = self.s.action_items.iter().any(|t| t.activity.is_some());
        let rows = self
            .s
            .action_items
            .iter()
            .map(|t| {
                let done = if t.done {
                    Label::DoneYes
                } else {
                    Label::DoneNo
                };
                let mut row = vec![
                    vec![clean(&t.what)],
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
            (self.term(Term::ActionDue), Text),
        ];
        if with_activity {
            columns.push((self.term(Term::Activity), Text));
        }
        columns.push((self.term(Term::ActionDone), Word));
        Section {
            heading,
            blocks: vec![Block::Table(Table {
                caption: None,
                columns: self.columns(&columns),
                rows,
                even: false,
            })],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let start: Stamp = "2026-11-27T14:00:00+09:00".parse().unwrap();
        let mut s = Session::empty();
        s.meta.start = Some(start);
        let end = |secs: i64| {
            vec![Record {
                at: start.plus_seconds(secs),
                by: None,
                event: crate::core::event::Event::SetStep(crate::core::event::SetStep { step: 1 }),
            }]
        };
        let when = |lang, records: &[Record]| build(&s, records, lang).facts[0].value.clone();
        let same_day = end(2 * 3600 + 5 * 60);
        assert_eq!(when(Lang::Ja, &same_day), "2026年11月27日(金) 14:00–16:05");
        assert_eq!(when(Lang::En, &same_day), "Fri 27 Nov 2026, 14:00–16:05");
        assert_eq!(when(Lang::Ja, &[]), "2026年11月27日(金) 14:00〜");
        assert_eq!(when(Lang::En, &[]), "Fri 27 Nov 2026, from 14:00");
        let next_day = end(19 * 3600 + 12 * 60);
        assert_eq!(
            when(Lang::Ja, &next_day),
            "2026年11月27日(金) 14:00 – 2026年11月28日(土) 09:12"
        );
        assert_eq!(
            when(Lang::En, &next_day),
            "Fri 27 Nov 2026, 14:00 – Sat 28 Nov 2026, 09:12"
        );
    }

    #[test]
    fn the_end_is_read_on_the_rooms_clock() {
        let start: Stamp = "2026-11-27T14:00:00+09:00".parse().unwrap();
        let mut s = Session::empty();
        s.meta.start = Some(start);
        // The laptop's clock moved to UTC before the last change, an hour later.
        let records = [Record {
            at: "2026-11-27T06:00:00+00:00".parse().unwrap(),
            by: None,
            event: crate::core::event::Event::SetStep(crate::core::event::SetStep { step: 2 }),
        }];
        assert_eq!(
            build(&s, &records, Lang::En).facts[0].value,
            "Fri 27 Nov 2026, 14:00–15:00"
        );
    }
}
