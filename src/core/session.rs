//! The state of one workshop meeting. Plain data: it changes only through `apply`.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::stamp::Stamp;

/// A stable identifier, unique in its session: a lowercase prefix that names the kind of
/// thing and a number from the session's counter (`p3` a party, `i12` a list item, `a5` an
/// activity, `t7` an action item, `x2` an expansion idea). History, links and exports refer to
/// things by id, never by list position. The number has at most 15 digits
/// (`MAX_ID_NUMBER`), so counting on from any id never overflows.
///
/// Kept inline (no heap string): ids are compared in every lookup and copied in every event
/// and snapshot, so an id costs a few bytes to copy and to compare.
#[derive(Clone, Eq)]
pub struct Id {
    /// The id's text, then zeros.
    bytes: [u8; ID_BYTES],
    len: u8,
}

/// The longest id text: a prefix of up to 4 bytes (a `char`) and the 20 digits of any `u64`.
/// Ids that files may hold are at most 16 (`is_well_formed`).
const ID_BYTES: usize = 24;

/// The largest number an id may carry: 15 digits.
pub const MAX_ID_NUMBER: u64 = 999_999_999_999_999;

impl Id {
    /// An id from a prefix and a number. The result is only a valid id (one that a file may
    /// hold) when the prefix is a lowercase letter and the number at most `MAX_ID_NUMBER`;
    /// `apply` refuses new things whose id is not.
    pub fn new(prefix: char, number: u64) -> Id {
        let mut bytes = [0u8; ID_BYTES];
        let len = prefix.encode_utf8(&mut bytes).len();
        let mut digits = [0u8; 20];
        let mut n = number;
        let mut count = 0;
        loop {
            digits[count] = b'0' + (n % 10) as u8;
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for (i, d) in digits[..count].iter().rev().enumerate() {
            bytes[len + i] = *d;
        }
        Id {
            bytes,
            len: (len + count) as u8,
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ever filled from a `str` (whole) or ASCII digits after a `char`.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("?")
    }

    pub fn prefix(&self) -> char {
        self.as_str().chars().next().unwrap_or('?')
    }

    /// The number after the prefix.
    pub fn number(&self) -> u64 {
        self.as_str()
            .get(1..)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Whether this id has the form a file may hold: a lowercase letter and 1 to 15 digits.
    pub fn is_well_formed(&self) -> bool {
        well_formed(self.as_str())
    }

    /// An id from its text, if it has the form a file may hold.
    fn parse_str(s: &str) -> Result<Id, String> {
        if !well_formed(s) {
            return Err(format!(
                "'{s}' is not an id (a letter and a number of up to 15 digits, like p3)"
            ));
        }
        let mut bytes = [0u8; ID_BYTES];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(Id {
            bytes,
            len: s.len() as u8,
        })
    }
}

fn well_formed(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && (2..=16).contains(&s.len())
        && chars.all(|c| c.is_ascii_digit())
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        // Three word compares instead of a call to `memcmp`: lookups compare ids by the
        // thousand.
        let word = |id: &Id, i: usize| {
            u64::from_ne_bytes(id.bytes[i * 8..i * 8 + 8].try_into().expect("8 bytes"))
        };
        self.len == other.len
            && word(self, 0) == word(other, 0)
            && word(self, 1) == word(other, 1)
            && word(self, 2) == word(other, 2)
    }
}

impl std::hash::Hash for Id {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // What `eq` compares (the bytes after the text are zeros).
        state.write(&self.bytes);
        state.write_u8(self.len);
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Ordered as their text.
impl Ord for Id {
    fn cmp(&self, other: &Id) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({:?})", self.as_str())
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Id {
    type Error = String;
    fn try_from(s: String) -> Result<Id, String> {
        Id::parse_str(&s)
    }
}

impl FromStr for Id {
    type Err = String;
    fn from_str(s: &str) -> Result<Id, String> {
        Id::parse_str(s)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.as_str().to_string()
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a letter and a number, like p3)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Id::parse_str(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[a-z][0-9]{1,15}$",
            "description": "A stable id: a letter for the kind (p party, i item, a activity, t action item, x expansion idea) and a number"
        })
    }
}

/// The id prefixes, one per kind of thing.
pub mod prefix {
    pub const PARTY: char = 'p';
    pub const ITEM: char = 'i';
    pub const ACTIVITY: char = 'a';
    pub const ACTION: char = 't';
    pub const IDEA: char = 'x';
}

/// The kinds of thing an id can name; its prefix says which.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    Party,
    Item,
    Activity,
    Action,
    Idea,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Party,
        Kind::Item,
        Kind::Activity,
        Kind::Action,
        Kind::Idea,
    ];

    /// The letter its ids start with.
    pub fn prefix(self) -> char {
        match self {
            Kind::Party => prefix::PARTY,
            Kind::Item => prefix::ITEM,
            Kind::Activity => prefix::ACTIVITY,
            Kind::Action => prefix::ACTION,
            Kind::Idea => prefix::IDEA,
        }
    }

    /// The kind an id names, if its letter is one of sori's.
    pub fn of(id: &Id) -> Option<Kind> {
        let letter = id.prefix();
        Kind::ALL.into_iter().find(|k| k.prefix() == letter)
    }

    /// In English, for logs and the command line ("a party"); the screen has the catalog's.
    pub fn english(self) -> &'static str {
        match self {
            Kind::Party => "a party",
            Kind::Item => "an item",
            Kind::Activity => "an activity",
            Kind::Action => "an action item",
            Kind::Idea => "an expansion idea",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    #[default]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}' (ja or en)")),
        }
    }
}

/// The five steps of 相利の開発.
pub const STEPS: u8 = 5;

/// Per-step bookkeeping: what the room agreed to spend, what it spent, and notes.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepState {
    /// Minutes planned for this step.
    pub timebox_min: u32,
    /// Seconds spent in this step while the timer ran (not counting a running stretch).
    #[serde(default)]
    pub spent_sec: u64,
    /// When the timer was started, if it is running now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_since: Option<Stamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl StepState {
    /// Seconds spent up to `now`, counting a running timer.
    pub fn spent_at(&self, now: &Stamp) -> u64 {
        let running = self
            .running_since
            .map(|since| now.seconds_since(&since).max(0) as u64)
            .unwrap_or(0);
        // Saturating: both numbers can come from a hand-edited file.
        self.spent_sec.saturating_add(running)
    }
}

/// Default timeboxes in minutes for steps 1–5 of a two-hour meeting.
pub const DEFAULT_TIMEBOX_MIN: [u32; 5] = [15, 25, 40, 20, 15];

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    #[serde(default)]
    pub title: String,
    /// Date and start time of the meeting, local time with UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Stamp>,
    /// When the meeting was closed (閉会): recorded by the facilitator (`E`, or on quitting
    /// after step 5), never guessed from the last edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Stamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub venue: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub facilitator: String,
    /// 記録者: who takes the minutes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recorder: String,
    /// 公開 / 非公開: whether the meeting (and its minutes) are open to the public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub lang: Lang,
    /// The party whose wants step 1 clarifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Id>,
    /// The step on screen when the session was last saved, 1 to 5: where the facilitator is.
    #[serde(default = "first_step")]
    pub step: u8,
    /// How far the meeting got: the furthest step it has been in (0 in files from before sori
    /// kept it: `progress` then counts `step`). Only rises (`edits::go_step`).
    #[serde(default, skip_serializing_if = "is_zero_u8")]
    pub reached: u8,
    /// Ring the terminal bell once when a step's timebox runs out (on unless turned off).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub bell: bool,
    /// 次回: when and where the room meets next.
    #[serde(default, skip_serializing_if = "NextMeeting::is_empty")]
    pub next: NextMeeting,
    /// 議題: the agenda, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<Item>,
    /// 欠席者: people (or whole parties) expected who did not come, as the facilitator
    /// writes them (`山田 太郎（北保健所）`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absentees: Vec<Item>,
    /// 配布資料: the papers handed out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handouts: Vec<Item>,
    /// 議事録署名人: who signs the minutes as accurate (the minutes end with their signature
    /// block when there is any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<Item>,
    /// Steps 1 to 5, in order.
    #[serde(default = "default_steps")]
    #[schemars(length(equal = 5))]
    pub steps: Vec<StepState>,
    /// Format 1's free-text `next_meeting`: read only so that `store::migrate` can turn it
    /// into `next`; never written, and refused in a file of format 2.
    #[serde(default, rename = "next_meeting", skip_serializing)]
    #[schemars(skip)]
    pub format1_next_meeting: Option<String>,
}

/// 次回: the next meeting's date and time, place, and anything else said about it.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextMeeting {
    /// Date and start time, local time with UTC offset. A follow-up meeting starts then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Stamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub venue: String,
    /// Anything else (what it is for, or a date not yet fixed: `7月 開店1か月後`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl NextMeeting {
    pub fn is_empty(&self) -> bool {
        self == &NextMeeting::default()
    }
}

/// 公開 / 非公開.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disclosure {
    /// 公開: open to the public (minutes may be published).
    Public,
    /// 非公開: closed.
    Closed,
}

impl Disclosure {
    pub const ALL: [Disclosure; 2] = [Disclosure::Public, Disclosure::Closed];
}

/// The meeting's own lists of items, kept in `meta`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum MeetingList {
    Agenda,
    Absentees,
    Handouts,
    Signers,
}

impl MeetingList {
    pub const ALL: [MeetingList; 4] = [
        MeetingList::Agenda,
        MeetingList::Absentees,
        MeetingList::Handouts,
        MeetingList::Signers,
    ];

    /// Its name in files (`agenda`), as a list and under `meta`.
    pub fn key(self) -> &'static str {
        match self {
            MeetingList::Agenda => "agenda",
            MeetingList::Absentees => "absentees",
            MeetingList::Handouts => "handouts",
            MeetingList::Signers => "signers",
        }
    }

    fn from_key(s: &str) -> Option<MeetingList> {
        MeetingList::ALL.into_iter().find(|l| l.key() == s)
    }
}

impl Meta {
    pub fn list(&self, list: MeetingList) -> &Vec<Item> {
        match list {
            MeetingList::Agenda => &self.agenda,
            MeetingList::Absentees => &self.absentees,
            MeetingList::Handouts => &self.handouts,
            MeetingList::Signers => &self.signers,
        }
    }

    pub fn list_mut(&mut self, list: MeetingList) -> &mut Vec<Item> {
        match list {
            MeetingList::Agenda => &mut self.agenda,
            MeetingList::Absentees => &mut self.absentees,
            MeetingList::Handouts => &mut self.handouts,
            MeetingList::Signers => &mut self.signers,
        }
    }
}

fn first_step() -> u8 {
    1
}

fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Meta {
    /// How far the meeting got, 1 to 5: the furthest step it has been in, at least the step it
    /// is in (`sori list` and the picker show this).
    pub fn progress(&self) -> u8 {
        self.reached.max(self.step).clamp(1, STEPS)
    }
}

fn default_steps() -> Vec<StepState> {
    DEFAULT_TIMEBOX_MIN
        .iter()
        .map(|&timebox_min| StepState {
            timebox_min,
            spent_sec: 0,
            running_since: None,
            notes: String::new(),
        })
        .collect()
}

impl Default for Meta {
    fn default() -> Meta {
        Meta {
            title: String::new(),
            start: None,
            end: None,
            venue: String::new(),
            facilitator: String::new(),
            recorder: String::new(),
            disclosure: None,
            lang: Lang::default(),
            host: None,
            step: 1,
            reached: 0,
            bell: true,
            next: NextMeeting::default(),
            agenda: vec![],
            absentees: vec![],
            handouts: vec![],
            signers: vec![],
            steps: default_steps(),
            format1_next_meeting: None,
        }
    }
}

/// One line of text in a list (a purpose, a challenge, a decision, ...), with its id.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: Id,
    pub text: String,
}

/// The kinds of party the UI offers; any other text is allowed too.
pub const PARTY_KINDS: [&str; 7] = [
    "npo",
    "government",
    "business",
    "residents",
    "school",
    "welfare",
    "other",
];

/// A stakeholder organisation or group in the room (関係者).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: Id,
    pub name: String,
    /// npo, government, business, residents, school, welfare, other — or any text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// People present for this party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub representatives: Vec<Item>,
    /// 目的 / したいこと: what the party wants to achieve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Item>,
    /// 課題: what troubles the party now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub challenges: Vec<Item>,
    /// 強み・資源: what the party brings (also the S of its SWOT).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strengths: Vec<Item>,
    /// SWOT: weaknesses (弱み).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weaknesses: Vec<Item>,
    /// SWOT: opportunities (機会).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<Item>,
    /// SWOT: threats (脅威).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threats: Vec<Item>,
}

impl Party {
    pub fn new(id: Id, name: impl Into<String>) -> Party {
        Party {
            id,
            name: name.into(),
            kind: String::new(),
            representatives: vec![],
            purposes: vec![],
            challenges: vec![],
            strengths: vec![],
            weaknesses: vec![],
            opportunities: vec![],
            threats: vec![],
        }
    }

    pub fn list(&self, list: PartyList) -> &Vec<Item> {
        match list {
            PartyList::Representatives => &self.representatives,
            PartyList::Purposes => &self.purposes,
            PartyList::Challenges => &self.challenges,
            PartyList::Strengths => &self.strengths,
            PartyList::Weaknesses => &self.weaknesses,
            PartyList::Opportunities => &self.opportunities,
            PartyList::Threats => &self.threats,
        }
    }

    pub fn list_mut(&mut self, list: PartyList) -> &mut Vec<Item> {
        match list {
            PartyList::Representatives => &mut self.representatives,
            PartyList::Purposes => &mut self.purposes,
            PartyList::Challenges => &mut self.challenges,
            PartyList::Strengths => &mut self.strengths,
            PartyList::Weaknesses => &mut self.weaknesses,
            PartyList::Opportunities => &mut self.opportunities,
            PartyList::Threats => &mut self.threats,
        }
    }

    pub fn has_swot(&self) -> bool {
        !(self.weaknesses.is_empty() && self.opportunities.is_empty() && self.threats.is_empty())
    }
}

/// The lists a party holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PartyList {
    Representatives,
    Purposes,
    Challenges,
    Strengths,
    Weaknesses,
    Opportunities,
    Threats,
}

impl PartyList {
    pub const ALL: [PartyList; 7] = [
        PartyList::Representatives,
        PartyList::Purposes,
        PartyList::Challenges,
        PartyList::Strengths,
        PartyList::Weaknesses,
        PartyList::Opportunities,
        PartyList::Threats,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PartyList::Representatives => "representatives",
            PartyList::Purposes => "purposes",
            PartyList::Challenges => "challenges",
            PartyList::Strengths => "strengths",
            PartyList::Weaknesses => "weaknesses",
            PartyList::Opportunities => "opportunities",
            PartyList::Threats => "threats",
        }
    }

    fn from_key(s: &str) -> Option<PartyList> {
        PartyList::ALL.into_iter().find(|l| l.key() == s)
    }
}

/// Which kind of cooperation (協力の型) an activity is; see docs/DOMAIN.md. A file writes it as
/// its number, 1 to 3.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Coop {
    /// 1: the same purpose, similar activities side by side.
    SamePurpose = 1,
    /// 2: the same purpose; one party leads and the others support it.
    Supported = 2,
    /// 3: different purposes reached through one shared activity (相利 proper).
    #[default]
    Mutual = 3,
}

/// The start of the words for a number that is no cooperation type (the loader places them at
/// their key, as it does the problems `validate` finds).
pub const COOP_OUT_OF_RANGE: &str = "cooperation type";

impl Coop {
    pub const ALL: [Coop; 3] = [Coop::SamePurpose, Coop::Supported, Coop::Mutual];

    /// The type's number, as files and the minutes write it.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The type of a number, if it is one.
    pub fn from_number(n: u64) -> Option<Coop> {
        Coop::ALL.into_iter().find(|c| u64::from(c.number()) == n)
    }
}

impl fmt::Display for Coop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl Serialize for Coop {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for Coop {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Coop, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Coop;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cooperation type: 1, 2 or 3")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Coop, E> {
                Coop::from_number(v).ok_or_else(|| {
                    E::custom(format_args!("{COOP_OUT_OF_RANGE} {v} is not 1, 2 or 3"))
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Coop, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format_args!(
                        "{COOP_OUT_OF_RANGE} {v} is not 1, 2 or 3"
                    ))),
                }
            }
        }
        d.deserialize_u64(V)
    }
}

impl JsonSchema for Coop {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Coop".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": 3,
            "description": "Cooperation type: 1 same purpose, similar activity; 2 one leads, others support; 3 different purposes, one shared activity (相利)"
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Idea,
    Planned,
    Running,
    Done,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Idea, Status::Planned, Status::Running, Status::Done];

    pub fn key(self) -> &'static str {
        match self {
            Status::Idea => "idea",
            Status::Planned => "planned",
            Status::Running => "running",
            Status::Done => "done",
        }
    }
}

/// Step 4: did the benefit happen for this party?
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Achieved {
    #[default]
    NotYet,
    Yes,
    Partly,
    No,
}

impl Achieved {
    pub const ALL: [Achieved; 4] = [
        Achieved::NotYet,
        Achieved::Yes,
        Achieved::Partly,
        Achieved::No,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Achieved::NotYet => "not_yet",
            Achieved::Yes => "yes",
            Achieved::Partly => "partly",
            Achieved::No => "no",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    #[serde(default)]
    pub achieved: Achieved,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

impl Evaluation {
    pub fn is_empty(&self) -> bool {
        self == &Evaluation::default()
    }
}

/// What kind of gain a 相利 is, as the method's material sorts them: money; goods or services;
/// psychological (やりがい, skills, connections, recognition); a change of situation (a
/// problem that goes away).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BenefitKind {
    Money,
    Goods,
    Psychological,
    Situation,
}

impl BenefitKind {
    pub const ALL: [BenefitKind; 4] = [
        BenefitKind::Money,
        BenefitKind::Goods,
        BenefitKind::Psychological,
        BenefitKind::Situation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BenefitKind::Money => "money",
            BenefitKind::Goods => "goods",
            BenefitKind::Psychological => "psychological",
            BenefitKind::Situation => "situation",
        }
    }
}

/// One party's part in a shared activity: a row of the 相利評価表.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub party: Id,
    /// 役割: what the party does in the activity.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// 相利: what the party gains from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub benefit: String,
    /// What kinds of gain the benefit is (in `BenefitKind::ALL`'s order, each once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benefit_kinds: Vec<BenefitKind>,
    /// Ids of the party's purposes this activity serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Id>,
    /// Ids of the party's challenges this activity addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub challenges: Vec<Id>,
    /// Step 4's evaluation for this party.
    #[serde(default, skip_serializing_if = "Evaluation::is_empty")]
    pub evaluation: Evaluation,
}

impl Participant {
    pub fn new(party: Id) -> Participant {
        Participant {
            party,
            role: String::new(),
            benefit: String::new(),
            benefit_kinds: vec![],
            purposes: vec![],
            challenges: vec![],
            evaluation: Evaluation::default(),
        }
    }
}

/// A shared activity (活動).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Cooperation type: 1, 2 or 3 (相利).
    #[serde(default)]
    pub coop: Coop,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<Id>,
    #[serde(default)]
    pub status: Status,
    /// Dot votes from the room.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub votes: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// Step 4: what to improve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub improvements: Vec<Item>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Activity {
    pub fn new(id: Id, title: impl Into<String>) -> Activity {
        Activity {
            id,
            title: title.into(),
            description: String::new(),
            coop: Coop::Mutual,
            lead: None,
            status: Status::Idea,
            votes: 0,
            participants: vec![],
            improvements: vec![],
        }
    }

    pub fn participant(&self, party: &Id) -> Option<&Participant> {
        self.participants.iter().find(|p| &p.party == party)
    }

    /// The rows of its 相利評価表 as the method has them: the host's own row first (自分 /
    /// 自組織), then the partners in the order they joined. Indices into `participants`.
    pub fn table_order(&self, host: Option<&Id>) -> Vec<usize> {
        let is_host = |p: &Participant| Some(&p.party) == host;
        let first = self.participants.iter().position(is_host);
        first
            .into_iter()
            .chain((0..self.participants.len()).filter(|&i| Some(i) != first))
            .collect()
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub id: Id,
    pub what: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub who: String,
    /// Due date: a date (`2026-12-15`) as sori writes every due date typed into it (see
    /// `due::read`); files from before may hold any text (`来月末`), kept as it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
    /// The activity this action belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Id>,
    #[serde(default)]
    pub done: bool,
}

impl ActionItem {
    /// Its due date, when it is one (see `due`); old free text is not.
    pub fn due_date(&self) -> Option<jiff::civil::Date> {
        super::due::date_of(&self.due)
    }

    pub fn new(id: Id, what: impl Into<String>) -> ActionItem {
        ActionItem {
            id,
            what: what.into(),
            who: String::new(),
            due: String::new(),
            activity: None,
            done: false,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdeaKind {
    /// A new partner to invite.
    #[default]
    Invite,
    /// An activity to scale up or take elsewhere.
    Scale,
    /// Any other next step.
    Next,
}

impl IdeaKind {
    pub const ALL: [IdeaKind; 3] = [IdeaKind::Invite, IdeaKind::Scale, IdeaKind::Next];

    pub fn key(self) -> &'static str {
        match self {
            IdeaKind::Invite => "invite",
            IdeaKind::Scale => "scale",
            IdeaKind::Next => "next",
        }
    }
}

/// Step 5 (拡大): a party to invite and why, an activity to scale, a next step.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Idea {
    pub id: Id,
    #[serde(default)]
    pub kind: IdeaKind,
    /// Who to invite, or what to scale.
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    /// The activity to scale, when the idea is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Id>,
}

impl Idea {
    pub fn new(id: Id, kind: IdeaKind, name: impl Into<String>) -> Idea {
        Idea {
            id,
            kind,
            name: name.into(),
            why: String::new(),
            activity: None,
        }
    }
}

/// One workshop meeting: everything the room produced. The history lives beside it
/// (see `history`); this is the state that replaying the history gives.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    #[serde(default)]
    pub meta: Meta,
    /// The next number for a new id; larger than every id's number in the session.
    #[serde(default = "one")]
    pub next_id: u64,
    #[serde(default)]
    pub parties: Vec<Party>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub decisions: Vec<Item>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    /// 保留事項: things raised that the room will come back to.
    #[serde(default)]
    pub parking_lot: Vec<Item>,
    /// Step 5 ideas.
    #[serde(default)]
    pub expansion: Vec<Idea>,
    /// The meeting this one follows up (`sori new --from`): what it decided and left open,
    /// and what this meeting took over from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
}

/// The meeting a follow-up meeting continues, as it stood when this one was made: read, never
/// edited (前回の決定事項・未完了のアクション), and the marks of what was carried over (前回から).
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Stamp>,
    /// Its decisions (決定事項).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    /// Its action items not done when this meeting was made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_actions: Vec<PreviousAction>,
    /// Ids of what this meeting took over from it (parties, their purposes and other lists,
    /// activities and their improvements), sorted by their text: marked 前回から. Marks, not
    /// references: a thing removed since simply has no mark to show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<Id>,
}

/// An action item the previous meeting left open.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousAction {
    pub what: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub who: String,
    /// The action item's due date as it stood (`ActionItem::due`: a date, `2026-12-15`, or an
    /// older file's free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
}

impl PreviousAction {
    /// Its due date, when it is one (see `ActionItem::due_date`).
    pub fn due_date(&self) -> Option<jiff::civil::Date> {
        super::due::date_of(&self.due)
    }
}

fn one() -> u64 {
    1
}

impl Session {
    /// An empty session: what every history starts from.
    pub fn empty() -> Session {
        Session {
            next_id: 1,
            ..Session::default()
        }
    }

    pub fn party(&self, id: &Id) -> Option<&Party> {
        self.parties.iter().find(|p| &p.id == id)
    }

    pub fn party_name(&self, id: &Id) -> &str {
        self.party(id).map(|p| p.name.as_str()).unwrap_or("?")
    }

    pub fn activity(&self, id: &Id) -> Option<&Activity> {
        self.activities.iter().find(|a| &a.id == id)
    }

    pub fn host(&self) -> Option<&Party> {
        self.meta.host.as_ref().and_then(|h| self.party(h))
    }

    /// The rows of an activity's 相利評価表, host first (`Activity::table_order`).
    pub fn table_rows<'a>(&self, a: &'a Activity) -> Vec<&'a Participant> {
        a.table_order(self.meta.host.as_ref())
            .into_iter()
            .map(|i| &a.participants[i])
            .collect()
    }

    /// Where a party's row is in an activity's 相利評価表 (host first), if it takes part.
    pub fn table_row(&self, a: &Activity, party: &Id) -> Option<usize> {
        a.table_order(self.meta.host.as_ref())
            .iter()
            .position(|&i| &a.participants[i].party == party)
    }

    /// Every party except the host, in order: the partners of step 2.
    pub fn partners(&self) -> impl Iterator<Item = &Party> {
        let host = self.meta.host.clone();
        self.parties
            .iter()
            .filter(move |p| Some(&p.id) != host.as_ref())
    }

    /// The list an item belongs to and its position there.
    pub fn find_item(&self, id: &Id) -> Option<(ListRef, usize)> {
        for party in &self.parties {
            for list in PartyList::ALL {
                if let Some(i) = party.list(list).iter().position(|it| &it.id == id) {
                    return Some((ListRef::Party(party.id.clone(), list), i));
                }
            }
        }
        for activity in &self.activities {
            if let Some(i) = activity.improvements.iter().position(|it| &it.id == id) {
                return Some((ListRef::Improvements(activity.id.clone()), i));
            }
        }
        if let Some(i) = self.decisions.iter().position(|it| &it.id == id) {
            return Some((ListRef::Decisions, i));
        }
        if let Some(i) = self.parking_lot.iter().position(|it| &it.id == id) {
            return Some((ListRef::ParkingLot, i));
        }
        for list in MeetingList::ALL {
            if let Some(i) = self.meta.list(list).iter().position(|it| &it.id == id) {
                return Some((ListRef::Meeting(list), i));
            }
        }
        None
    }

    /// Whether this thing was carried over from the previous meeting (前回から). Asked for
    /// every row on screen: a binary search of the sorted `carried`.
    pub fn is_carried(&self, id: &Id) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|p| p.carried.binary_search(id).is_ok())
    }

    pub fn item(&self, id: &Id) -> Option<&Item> {
        let (list, i) = self.find_item(id)?;
        self.list(&list).and_then(|l| l.get(i))
    }

    pub fn list(&self, list: &ListRef) -> Option<&Vec<Item>> {
        match list {
            ListRef::Party(p, l) => self.party(p).map(|p| p.list(*l)),
            ListRef::Improvements(a) => self.activity(a).map(|a| &a.improvements),
            ListRef::Decisions => Some(&self.decisions),
            ListRef::ParkingLot => Some(&self.parking_lot),
            ListRef::Meeting(l) => Some(self.meta.list(*l)),
        }
    }

    pub fn list_mut(&mut self, list: &ListRef) -> Option<&mut Vec<Item>> {
        match list {
            ListRef::Party(p, l) => self
                .parties
                .iter_mut()
                .find(|x| &x.id == p)
                .map(|p| p.list_mut(*l)),
            ListRef::Improvements(a) => self
                .activities
                .iter_mut()
                .find(|x| &x.id == a)
                .map(|a| &mut a.improvements),
            ListRef::Decisions => Some(&mut self.decisions),
            ListRef::ParkingLot => Some(&mut self.parking_lot),
            ListRef::Meeting(l) => Some(self.meta.list_mut(*l)),
        }
    }

    /// The text a field holds now; `None` when the thing it belongs to is not in the session.
    /// (`apply` changes the same field through its own mutable lookup.)
    pub fn text(&self, field: &TextField) -> Option<&str> {
        use TextField::*;
        let action = |t: &Id| self.action_items.iter().find(|x| &x.id == t);
        let idea = |x: &Id| self.expansion.iter().find(|i| &i.id == x);
        let row = |a: &Id, p: &Id| self.activity(a)?.participant(p);
        Some(match field {
            Title => &self.meta.title,
            Venue => &self.meta.venue,
            Facilitator => &self.meta.facilitator,
            Recorder => &self.meta.recorder,
            NextVenue => &self.meta.next.venue,
            NextNote => &self.meta.next.note,
            Format1NextMeeting => return None,
            StepNotes(n) => &self.meta.steps.get(usize::from(*n).checked_sub(1)?)?.notes,
            PartyName(p) => &self.party(p)?.name,
            PartyKind(p) => &self.party(p)?.kind,
            Item(i) => &self.item(i)?.text,
            ActivityTitle(a) => &self.activity(a)?.title,
            ActivityDescription(a) => &self.activity(a)?.description,
            Role(a, p) => &row(a, p)?.role,
            Benefit(a, p) => &row(a, p)?.benefit,
            EvaluationComment(a, p) => &row(a, p)?.evaluation.comment,
            ActionWhat(t) => &action(t)?.what,
            ActionWho(t) => &action(t)?.who,
            ActionDue(t) => &action(t)?.due,
            IdeaName(x) => &idea(x)?.name,
            IdeaWhy(x) => &idea(x)?.why,
        })
    }

    /// Every id in the session, with where it stands (for validation and id allocation).
    pub fn all_ids(&self) -> Vec<(&Id, String)> {
        let mut out: Vec<(&Id, String)> = vec![];
        for (pi, party) in self.parties.iter().enumerate() {
            out.push((&party.id, format!("parties[{pi}].id")));
            for list in PartyList::ALL {
                for (ii, item) in party.list(list).iter().enumerate() {
                    out.push((&item.id, format!("parties[{pi}].{}[{ii}].id", list.key())));
                }
            }
        }
        for (ai, a) in self.activities.iter().enumerate() {
            out.push((&a.id, format!("activities[{ai}].id")));
            for (ii, item) in a.improvements.iter().enumerate() {
                out.push((&item.id, format!("activities[{ai}].improvements[{ii}].id")));
            }
        }
        for (i, item) in self.decisions.iter().enumerate() {
            out.push((&item.id, format!("decisions[{i}].id")));
        }
        for (i, t) in self.action_items.iter().enumerate() {
            out.push((&t.id, format!("action_items[{i}].id")));
        }
        for (i, item) in self.parking_lot.iter().enumerate() {
            out.push((&item.id, format!("parking_lot[{i}].id")));
        }
        for (i, x) in self.expansion.iter().enumerate() {
            out.push((&x.id, format!("expansion[{i}].id")));
        }
        for list in MeetingList::ALL {
            for (i, item) in self.meta.list(list).iter().enumerate() {
                out.push((&item.id, format!("meta.{}[{i}].id", list.key())));
            }
        }
        out
    }
}

/// A list of items, named as it is in files: `p2.purposes`, `a3.improvements`, `decisions`,
/// `parking_lot`, and the meeting's own `agenda`, `absentees`, `handouts`, `signers`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ListRef {
    Party(Id, PartyList),
    Improvements(Id),
    Decisions,
    ParkingLot,
    Meeting(MeetingList),
}

impl fmt::Display for ListRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListRef::Party(p, l) => write!(f, "{p}.{}", l.key()),
            ListRef::Improvements(a) => write!(f, "{a}.improvements"),
            ListRef::Decisions => f.write_str("decisions"),
            ListRef::ParkingLot => f.write_str("parking_lot"),
            ListRef::Meeting(l) => f.write_str(l.key()),
        }
    }
}

impl FromStr for ListRef {
    type Err = String;
    fn from_str(s: &str) -> Result<ListRef, String> {
        let bad = || {
            format!(
                "'{s}' is not a list (like p2.purposes, a3.improvements, decisions, parking_lot or agenda)"
            )
        };
        match s {
            "decisions" => return Ok(ListRef::Decisions),
            "parking_lot" => return Ok(ListRef::ParkingLot),
            _ => {}
        }
        if let Some(list) = MeetingList::from_key(s) {
            return Ok(ListRef::Meeting(list));
        }
        let (id, field) = s.split_once('.').ok_or_else(bad)?;
        let id: Id = id.parse().map_err(|_| bad())?;
        if field == "improvements" {
            return Ok(ListRef::Improvements(id));
        }
        PartyList::from_key(field)
            .map(|l| ListRef::Party(id, l))
            .ok_or_else(bad)
    }
}

/// A free-text field anywhere in the session, named as it is in files:
/// `meta.title`, `step3.notes`, `p2.name`, `i7` (an item's text), `a3.title`, `a3/p2.role`,
/// `t5.who`, `x1.why`. One event, `set_text`, edits any of them.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TextField {
    Title,
    Venue,
    Facilitator,
    Recorder,
    NextVenue,
    NextNote,
    /// Format 1's `meta.next_meeting` (free text), read in old histories only:
    /// `store::migrate` turns every change of it into changes of `meta.next`, and `apply`
    /// refuses it.
    Format1NextMeeting,
    StepNotes(u8),
    PartyName(Id),
    PartyKind(Id),
    Item(Id),
    ActivityTitle(Id),
    ActivityDescription(Id),
    Role(Id, Id),
    Benefit(Id, Id),
    EvaluationComment(Id, Id),
    ActionWhat(Id),
    ActionWho(Id),
    ActionDue(Id),
    IdeaName(Id),
    IdeaWhy(Id),
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TextField::*;
        match self {
            Title => f.write_str("meta.title"),
            Venue => f.write_str("meta.venue"),
            Facilitator => f.write_str("meta.facilitator"),
            Recorder => f.write_str("meta.recorder"),
            NextVenue => f.write_str("meta.next.venue"),
            NextNote => f.write_str("meta.next.note"),
            Format1NextMeeting => f.write_str("meta.next_meeting"),
            StepNotes(n) => write!(f, "step{n}.notes"),
            PartyName(p) => write!(f, "{p}.name"),
            PartyKind(p) => write!(f, "{p}.kind"),
            Item(i) => write!(f, "{i}"),
            ActivityTitle(a) => write!(f, "{a}.title"),
            ActivityDescription(a) => write!(f, "{a}.description"),
            Role(a, p) => write!(f, "{a}/{p}.role"),
            Benefit(a, p) => write!(f, "{a}/{p}.benefit"),
            EvaluationComment(a, p) => write!(f, "{a}/{p}.comment"),
            ActionWhat(t) => write!(f, "{t}.what"),
            ActionWho(t) => write!(f, "{t}.who"),
            ActionDue(t) => write!(f, "{t}.due"),
            IdeaName(x) => write!(f, "{x}.name"),
            IdeaWhy(x) => write!(f, "{x}.why"),
        }
    }
}

impl FromStr for TextField {
    type Err = String;
    fn from_str(s: &str) -> Result<TextField, String> {
        use TextField::*;
        let bad =
            || format!("'{s}' is not a text field (like meta.title, p2.name, i7 or a3/p2.role)");
        match s {
            "meta.title" => return Ok(Title),
            "meta.venue" => return Ok(Venue),
            "meta.facilitator" => return Ok(Facilitator),
            "meta.recorder" => return Ok(Recorder),
            "meta.next.venue" => return Ok(NextVenue),
            "meta.next.note" => return Ok(NextNote),
            "meta.next_meeting" => return Ok(Format1NextMeeting),
            _ => {}
        }
        if let Some(rest) = s.strip_prefix("step")
            && let Some(n) = rest.strip_suffix(".notes")
        {
            return match n.parse::<u8>() {
                Ok(n) if (1..=STEPS).contains(&n) => Ok(StepNotes(n)),
                _ => Err(bad()),
            };
        }
        let Some((head, field)) = s.split_once('.') else {
            return s.parse::<Id>().map(Item).map_err(|_| bad());
        };
        if let Some((a, p)) = head.split_once('/') {
            let a: Id = a.parse().map_err(|_| bad())?;
            let p: Id = p.parse().map_err(|_| bad())?;
            return match field {
                "role" => Ok(Role(a, p)),
                "benefit" => Ok(Benefit(a, p)),
                "comment" => Ok(EvaluationComment(a, p)),
                _ => Err(bad()),
            };
        }
        let id: Id = head.parse().map_err(|_| bad())?;
        match (id.prefix(), field) {
            (prefix::PARTY, "name") => Ok(PartyName(id)),
            (prefix::PARTY, "kind") => Ok(PartyKind(id)),
            (prefix::ACTIVITY, "title") => Ok(ActivityTitle(id)),
            (prefix::ACTIVITY, "description") => Ok(ActivityDescription(id)),
            (prefix::ACTION, "what") => Ok(ActionWhat(id)),
            (prefix::ACTION, "who") => Ok(ActionWho(id)),
            (prefix::ACTION, "due") => Ok(ActionDue(id)),
            (prefix::IDEA, "name") => Ok(IdeaName(id)),
            (prefix::IDEA, "why") => Ok(IdeaWhy(id)),
            _ => Err(bad()),
        }
    }
}

/// Serde and JSON Schema for the types that are written as a short string in files.
macro_rules! string_form {
    ($t:ty, $name:literal, $desc:literal) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($desc)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
        impl JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $desc })
            }
        }
    };
}

string_form!(
    ListRef,
    "ListRef",
    "a list: p2.purposes, p2.challenges, p2.strengths, p2.representatives, p2.weaknesses, p2.opportunities, p2.threats, a3.improvements, decisions, parking_lot, agenda, absentees, handouts or signers"
);
string_form!(
    TextField,
    "TextField",
    "a text field: meta.title, meta.venue, meta.facilitator, meta.recorder, meta.next.venue, meta.next.note, stepN.notes, pN.name, pN.kind, iN (an item), aN.title, aN.description, aN/pM.role, aN/pM.benefit, aN/pM.comment, tN.what, tN.who, tN.due, xN.name, xN.why"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_refuse() {
        let id: Id = "p12".parse().unwrap();
        assert_eq!(id.prefix(), 'p');
        assert_eq!(id.number(), 12);
        assert!("P1".parse::<Id>().is_err());
        assert!("p".parse::<Id>().is_err());
        assert!("p1x".parse::<Id>().is_err());
        assert!("pp1".parse::<Id>().is_err());
        assert!("".parse::<Id>().is_err());
        assert_eq!(
            "p999999999999999".parse::<Id>().unwrap().number(),
            MAX_ID_NUMBER
        );
        assert!("p1000000000000000".parse::<Id>().is_err());
        assert!("p18446744073709551615".parse::<Id>().is_err());
        assert!(!Id::new('p', MAX_ID_NUMBER + 1).is_well_formed());
    }

    #[test]
    fn list_refs_round_trip() {
        for s in [
            "p2.purposes",
            "p2.threats",
            "a3.improvements",
            "decisions",
            "parking_lot",
            "agenda",
            "absentees",
            "handouts",
            "signers",
        ] {
            assert_eq!(s.parse::<ListRef>().unwrap().to_string(), s);
        }
        assert!("p2.nothing".parse::<ListRef>().is_err());
        assert!("purposes".parse::<ListRef>().is_err());
    }

    #[test]
    fn text_fields_round_trip() {
        for s in [
            "meta.title",
            "meta.recorder",
            "meta.next.venue",
            "meta.next.note",
            "meta.next_meeting",
            "step3.notes",
            "p2.name",
            "p2.kind",
            "i7",
            "a3.title",
            "a3.description",
            "a3/p2.role",
            "a3/p2.benefit",
            "a3/p2.comment",
            "t5.what",
            "t5.due",
            "x1.why",
        ] {
            assert_eq!(s.parse::<TextField>().unwrap().to_string(), s);
        }
        for bad in ["step6.notes", "p2.title", "a3/p2.name", "meta.nothing", "x"] {
            assert!(bad.parse::<TextField>().is_err(), "{bad}");
        }
    }
}
