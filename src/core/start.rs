//! How a session begins: the events that set up a new meeting, or carry an old meeting's
//! parties and activities into a follow-up (with the series' next title, starting when the old
//! meeting said the next one would). Every session's history starts from empty, so the
//! history always replays to the state.

use super::apply::apply;
use super::event::*;
use super::session::{
    ActionItem, Activity, DEFAULT_TIMEBOX_MIN, Disclosure, Evaluation, Id, Lang, ListRef,
    MeetingList, Participant, Party, PartyList, Previous, PreviousAction, Session, TextField,
    prefix,
};
use super::stamp::Stamp;

/// What `sori new` was told.
#[derive(Clone, Debug, Default)]
pub struct NewSession {
    pub title: String,
    pub lang: Lang,
    /// When the meeting starts (`--start`); the moment of creation otherwise.
    pub start: Option<Stamp>,
    pub host: Option<String>,
    pub parties: Vec<String>,
    pub details: MeetingDetails,
}

/// The meeting's details a new session can be given (`sori new --venue ... --agenda ...`):
/// empty texts and lists, and `None`, give nothing.
#[derive(Clone, Debug, Default)]
pub struct MeetingDetails {
    pub venue: String,
    pub facilitator: String,
    pub recorder: String,
    pub disclosure: Option<Disclosure>,
    pub agenda: Vec<String>,
    pub absentees: Vec<String>,
    pub handouts: Vec<String>,
    pub signers: Vec<String>,
    pub next_start: Option<Stamp>,
    pub next_venue: String,
}

impl MeetingDetails {
    /// The events that set these details, with ids for the list items from `ids`.
    fn events(&self, ids: &mut IdGen) -> Vec<Event> {
        let mut out = vec![];
        for (field, text) in [
            (TextField::Venue, &self.venue),
            (TextField::Facilitator, &self.facilitator),
            (TextField::Recorder, &self.recorder),
            (TextField::NextVenue, &self.next_venue),
        ] {
            out.extend(set_text(field, text));
        }
        if let Some(disclosure) = self.disclosure {
            out.push(Event::SetDisclosure(SetDisclosure {
                disclosure: Some(disclosure),
            }));
        }
        if let Some(start) = self.next_start {
            out.push(Event::SetNextStart(SetNextStart { start: Some(start) }));
        }
        for (list, texts) in [
            (MeetingList::Agenda, &self.agenda),
            (MeetingList::Absentees, &self.absentees),
            (MeetingList::Handouts, &self.handouts),
            (MeetingList::Signers, &self.signers),
        ] {
            for text in texts.iter().filter(|t| !t.trim().is_empty()) {
                out.push(Event::AddItem(AddItem {
                    list: ListRef::Meeting(list),
                    id: ids.next(prefix::ITEM),
                    text: text.clone(),
                    index: None,
                }));
            }
        }
        out
    }
}

/// Hands out fresh ids, counting on from a session's `next_id`.
#[derive(Clone, Debug)]
pub struct IdGen {
    next: u64,
}

impl IdGen {
    pub fn for_session(s: &Session) -> IdGen {
        IdGen {
            next: s.next_id.max(1),
        }
    }

    pub fn next(&mut self, prefix: char) -> Id {
        let id = Id::new(prefix, self.next);
        // Past `MAX_ID_NUMBER` the ids are refused by `apply`; never overflow on the way.
        self.next = self.next.saturating_add(1);
        id
    }
}

fn set_text(field: TextField, text: &str) -> Option<Event> {
    (!text.is_empty()).then(|| {
        Event::SetText(SetText {
            field,
            text: text.to_string(),
        })
    })
}

/// The events that set up a new meeting made at `now` (starting then, unless told otherwise).
pub fn new_session_events(opts: &NewSession, now: Stamp) -> Vec<Event> {
    let mut ids = IdGen { next: 1 };
    let mut out = vec![
        Event::SetStart(SetStart {
            start: Some(opts.start.unwrap_or(now)),
        }),
        Event::SetLang(SetLang { lang: opts.lang }),
    ];
    out.extend(set_text(TextField::Title, &opts.title));
    if let Some(host) = &opts.host {
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id.clone(), host),
            index: None,
        }));
        out.push(Event::SetHost(SetHost { party: Some(id) }));
    }
    for name in &opts.parties {
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id, name),
            index: None,
        }));
    }
    out.extend(opts.details.events(&mut ids));
    out
}

/// The events that start a follow-up meeting from `old`, starting at `start`, titled `title`:
/// what carries over, marked 前回から (`Previous::carried`), and what the old meeting decided
/// and left open, kept as it was (`Previous`).
///
/// Carried over: the parties with their purposes, challenges, strengths and SWOT, the host,
/// the activities with their rows of the 相利評価表 and improvements, the action items still
/// open (the room checks them off), the parking lot, the timeboxes and the bell, the venue (the
/// next meeting's, if the old one recorded it), the facilitator, the minute-taker, public or
/// closed. Starting empty: who attends (each party's representatives) and who is absent,
/// votes, decisions, evaluations, the agenda, handouts, signatories, the next meeting. A
/// meeting that had reached planning (step 3 or later: how far it got, not the step last
/// looked at) with activities continues at step 4, evaluation.
pub fn carry_over_events(old: &Session, title: &str, lang: Lang, start: Stamp) -> Vec<Event> {
    let mut out = vec![
        Event::SetStart(SetStart { start: Some(start) }),
        Event::SetLang(SetLang { lang }),
    ];
    let mut carried: Vec<Id> = vec![];
    let m = &old.meta;
    out.extend(set_text(TextField::Title, title));
    let venue = if m.next.venue.trim().is_empty() {
        &m.venue
    } else {
        &m.next.venue
    };
    out.extend(set_text(TextField::Venue, venue));
    out.extend(set_text(TextField::Facilitator, &m.facilitator));
    out.extend(set_text(TextField::Recorder, &m.recorder));
    if m.disclosure.is_some() {
        out.push(Event::SetDisclosure(SetDisclosure {
            disclosure: m.disclosure,
        }));
    }
    for party in &old.parties {
        // Who came last time is not who comes this time.
        let party = Party {
            representatives: vec![],
            ..party.clone()
        };
        carried.push(party.id.clone());
        for list in PartyList::ALL {
            carried.extend(party.list(list).iter().map(|it| it.id.clone()));
        }
        out.push(Event::AddParty(AddParty { party, index: None }));
    }
    if m.host.is_some() {
        out.push(Event::SetHost(SetHost {
            party: m.host.clone(),
        }));
    }
    for activity in &old.activities {
        // The plan carries over; the room votes and evaluates anew.
        let activity = Activity {
            votes: 0,
            participants: activity
                .participants
                .iter()
                .map(|p| Participant {
                    evaluation: Evaluation::default(),
                    ..p.clone()
                })
                .collect(),
            ..activity.clone()
        };
        carried.push(activity.id.clone());
        carried.extend(activity.improvements.iter().map(|it| it.id.clone()));
        out.push(Event::AddActivity(AddActivity {
            activity,
            index: None,
        }));
    }
    let open: Vec<&ActionItem> = old.action_items.iter().filter(|t| !t.done).collect();
    for action in &open {
        carried.push(action.id.clone());
        out.push(Event::AddAction(AddAction {
            action: (*action).clone(),
            index: None,
        }));
    }
    for item in &old.parking_lot {
        carried.push(item.id.clone());
        out.push(Event::AddItem(AddItem {
            list: ListRef::ParkingLot,
            id: item.id.clone(),
            text: item.text.clone(),
            index: None,
        }));
    }
    for (step, state) in m.steps.iter().enumerate() {
        if state.timebox_min != DEFAULT_TIMEBOX_MIN[step] {
            out.push(Event::SetTimebox(SetTimebox {
                step: step as u8 + 1,
                minutes: state.timebox_min,
            }));
        }
    }
    if !m.bell {
        out.push(Event::SetBell(SetBell { on: false }));
    }
    if m.progress() >= 3 && !old.activities.is_empty() {
        out.push(Event::SetStep(SetStep { step: 4 }));
    }
    // Sorted, so that a mark is found by a binary search (`Session::is_carried`).
    carried.sort();
    carried.dedup();
    out.push(Event::SetPrevious(Box::new(SetPrevious {
        previous: Some(Previous {
            title: m.title.clone(),
            start: m.start,
            decisions: old.decisions.iter().map(|d| d.text.clone()).collect(),
            open_actions: open
                .iter()
                .map(|t| PreviousAction {
                    what: t.what.clone(),
                    who: t.who.clone(),
                    due: t.due.clone(),
                })
                .collect(),
            carried,
        }),
    })));
    out
}

/// What `sori new --from OLD` is told besides the old meeting; `None` and empty keep the old
/// one's (or what the old one says of this one: its next meeting's date and place).
#[derive(Clone, Debug, Default)]
pub struct FollowUp {
    pub title: Option<String>,
    pub lang: Lang,
    /// When this meeting starts; else the next meeting the old one recorded; else now.
    pub start: Option<Stamp>,
    /// The host this time: a party of the old meeting by its name, or a new party.
    pub host: Option<String>,
    /// Partners invited this time (those already there by name are not added twice).
    pub parties: Vec<String>,
    /// Details given for this meeting: they replace the carried ones.
    pub details: MeetingDetails,
}

/// The events that start a follow-up meeting from `old`, made at `now`: what carries over
/// (`carry_over_events`) with the series' next title (`follow_up_title`), starting when the
/// old meeting said the next one would (else now), then what is new this time: the details
/// given, the host, the partners invited.
pub fn follow_up_events(old: &Session, opts: &FollowUp, now: Stamp) -> Vec<Event> {
    let title = follow_up_title(&old.meta.title, opts.title.as_deref(), opts.lang);
    let start = opts.start.or(old.meta.next.start).unwrap_or(now);
    let mut out = carry_over_events(old, &title, opts.lang, start);
    // The new details name parties by the ids the carried-over state gives them.
    let mut carried = Session::empty();
    for event in &out {
        // An event that does not apply is refused again, with its reason, when committed.
        let _ = apply(&mut carried, event);
    }
    let mut ids = IdGen::for_session(&carried);
    out.extend(opts.details.events(&mut ids));
    let mut added: Vec<(String, Id)> = vec![];
    let mut party_named = |name: &str, out: &mut Vec<Event>| {
        if let Some(p) = carried.parties.iter().find(|p| p.name == name) {
            return p.id.clone();
        }
        if let Some((_, id)) = added.iter().find(|(n, _)| n == name) {
            return id.clone();
        }
        let id = ids.next(prefix::PARTY);
        out.push(Event::AddParty(AddParty {
            party: Party::new(id.clone(), name),
            index: None,
        }));
        added.push((name.to_string(), id.clone()));
        id
    };
    if let Some(host) = &opts.host {
        let id = party_named(host, &mut out);
        out.push(Event::SetHost(SetHost { party: Some(id) }));
    }
    for name in &opts.parties {
        party_named(name, &mut out);
    }
    out
}

/// The title of the next meeting of a series: `地域猫の語り合う場（第1回）` →
/// `地域猫の語り合う場（第2回）` (the number in the same digits: 2, ２ or 二), `Park partners
/// meeting 3` → `Park partners meeting 4`; a title without a number gets one: `〈title〉 第2回`
/// (`〈title〉 — meeting 2` in English). A title given that is only the number (`第2回`) keeps
/// the series' name before it; any other title given is the title.
pub fn follow_up_title(old: &str, given: Option<&str>, lang: Lang) -> String {
    let old = old.trim();
    let Some(given) = given.map(str::trim) else {
        if old.is_empty() {
            return String::new();
        }
        return match series_number(old) {
            Some((at, len, n, digits)) => {
                format!("{}{}{}", &old[..at], digits.write(n + 1), &old[at + len..])
            }
            None => match lang {
                Lang::Ja => format!("{old} 第2回"),
                Lang::En => format!("{old} — meeting 2"),
            },
        };
    };
    let only_number = series_number(given).is_some_and(|(at, len, _, _)| {
        let rest = format!("{}{}", &given[..at], &given[at + len..]);
        rest.trim_matches(|c: char| {
            c.is_whitespace() || "第回()（）#.".contains(c) || c.is_alphabetic() && c.is_ascii()
        })
        .is_empty()
            && given.chars().any(|c| c == '第' || c == '回')
    });
    if !only_number || old.is_empty() {
        return given.to_string();
    }
    match series_number(old) {
        // The old title's number, and the words around it, become the given ones.
        Some((at, len, _, _)) => {
            let marker_start = old[..at].rfind('第').unwrap_or(at);
            let after = &old[at + len..];
            let marker_end = after.find('回').map_or(0, |i| i + '回'.len_utf8());
            format!("{}{}{}", &old[..marker_start], given, &after[marker_end..])
        }
        None => format!("{old} {given}"),
    }
}

/// How a number is written in a title.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Digits {
    Ascii,
    FullWidth,
    Kanji,
}

impl Digits {
    fn write(self, n: u32) -> String {
        match self {
            Digits::Ascii => n.to_string(),
            Digits::FullWidth => n
                .to_string()
                .chars()
                .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
                .collect(),
            Digits::Kanji if n < 100 => kanji_number(n),
            Digits::Kanji => n.to_string(),
        }
    }
}

const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1–99 in kanji, as meeting numbers are written: 三, 十, 十二, 二十, 二十三.
fn kanji_number(n: u32) -> String {
    let (tens, ones) = (n / 10, n % 10);
    let mut out = String::new();
    if tens > 1 {
        out.push(KANJI_DIGITS[tens as usize]);
    }
    if tens > 0 {
        out.push('十');
    }
    if ones > 0 || n == 0 {
        out.push(KANJI_DIGITS[ones as usize]);
    }
    out
}

fn kanji_value(s: &str) -> Option<u32> {
    let digit = |c: char| KANJI_DIGITS.iter().position(|k| *k == c).map(|d| d as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|c| *c == '十') {
        None if chars.len() == 1 => digit(chars[0]),
        None => None,
        Some(at) => {
            let tens = match at {
                0 => 1,
                1 => digit(chars[0]).filter(|d| *d > 1)?,
                _ => return None,
            };
            let ones = match &chars[at + 1..] {
                [] => 0,
                [c] => digit(*c).filter(|d| *d > 0)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
}

/// The meeting's number in a title: in `第N回` (the last one), else a trailing `meeting N`,
/// `session N`, `#N` or `No. N`. Its byte position and length, its value, how it is written.
fn series_number(title: &str) -> Option<(usize, usize, u32, Digits)> {
    let mut found = None;
    for (i, _) in title.match_indices('第') {
        let after = &title[i + '第'.len_utf8()..];
        let Some(end) = after.find('回') else {
            continue;
        };
        let number = &after[..end];
        let at = i + '第'.len_utf8();
        let value = if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            number.parse().ok().map(|n| (n, Digits::Ascii))
        } else if !number.is_empty() && number.chars().all(|c| ('０'..='９').contains(&c)) {
            let ascii: String = number
                .chars()
                .map(|c| char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c))
                .collect();
            ascii.parse().ok().map(|n| (n, Digits::FullWidth))
        } else {
            kanji_value(number).map(|n| (n, Digits::Kanji))
        };
        if let Some((n, digits)) = value {
            found = Some((at, number.len(), n, digits));
        }
    }
    if found.is_some() {
        return found;
    }
    // English: a number at the end after one of the words that count meetings.
    let trimmed = title.trim_end();
    let digits_at = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    let before = trimmed[..digits_at].trim_end().to_ascii_lowercase();
    let counted = ["meeting", "session", "#", "no.", "no", "part"]
        .iter()
        .any(|w| before.ends_with(w));
    let number = &trimmed[digits_at..];
    (counted && number.len() <= 4)
        .then(|| number.parse().ok())
        .flatten()
        .map(|n| (digits_at, number.len(), n, Digits::Ascii))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::apply::apply;
    use crate::core::session::{ActionItem, Activity, BenefitKind, Participant};

    fn at() -> Stamp {
        "2026-11-27T14:00:00+09:00".parse().unwrap()
    }

    #[test]
    fn new_session_has_host_and_partners() {
        let opts = NewSession {
            title: "地域猫".into(),
            host: Some("地域猫の会".into()),
            parties: vec!["町内会".into(), "保健所".into()],
            lang: Lang::Ja,
            ..NewSession::default()
        };
        let mut s = Session::empty();
        for e in new_session_events(&opts, at()) {
            apply(&mut s, &e).unwrap();
        }
        assert_eq!(s.meta.title, "地域猫");
        assert_eq!(s.meta.lang, Lang::Ja);
        assert_eq!(s.host().unwrap().name, "地域猫の会");
        let names: Vec<_> = s.partners().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["町内会", "保健所"]);
        assert_eq!(s.meta.start, Some(at()));
    }

    #[test]
    fn carry_over_keeps_parties_activities_and_open_actions() {
        let mut old = Session::empty();
        let mut ids = IdGen::for_session(&old);
        let p = ids.next('p');
        let q = ids.next('p');
        let a = ids.next('a');
        let done = ids.next('t');
        let open = ids.next('t');
        let events = vec![
            Event::AddParty(AddParty {
                party: Party::new(p.clone(), "NPO"),
                index: None,
            }),
            Event::AddParty(AddParty {
                party: Party::new(q.clone(), "市"),
                index: None,
            }),
            Event::SetHost(SetHost {
                party: Some(p.clone()),
            }),
            Event::AddActivity(AddActivity {
                activity: Activity {
                    participants: vec![Participant::new(p.clone()), Participant::new(q.clone())],
                    ..Activity::new(a.clone(), "公園の管理")
                },
                index: None,
            }),
            Event::AddAction(AddAction {
                action: ActionItem {
                    done: true,
                    ..ActionItem::new(done, "済")
                },
                index: None,
            }),
            Event::AddAction(AddAction {
                action: ActionItem::new(open.clone(), "未"),
                index: None,
            }),
            Event::SetStep(SetStep { step: 3 }),
        ];
        for e in &events {
            apply(&mut old, e).unwrap();
        }
        let mut new = Session::empty();
        for e in carry_over_events(&old, "二回目", Lang::Ja, at()) {
            apply(&mut new, &e).unwrap();
        }
        assert_eq!(new.meta.title, "二回目");
        assert_eq!(new.parties, old.parties);
        assert_eq!(new.activities, old.activities);
        assert_eq!(new.meta.host, Some(p.clone()));
        assert_eq!(new.action_items.len(), 1);
        assert_eq!(new.action_items[0].id, open);
        assert_eq!(new.meta.step, 4);
        let previous = new.previous.as_ref().unwrap();
        for id in [&p, &q, &a, &open] {
            assert!(new.is_carried(id), "{id}");
        }
        assert_eq!(previous.open_actions.len(), 1);
        assert_eq!(previous.open_actions[0].what, "未");
    }

    /// What the facilitator's flow added to a session: the kinds of benefit are part of the
    /// plan and carry over, the bell setting too; how far the meeting got is what it reached,
    /// not the step last looked at; a due date stays a date in 前回の未完了のアクション.
    #[test]
    fn carry_over_keeps_the_kinds_of_benefit_the_bell_and_due_dates() {
        let mut old = Session::empty();
        let mut ids = IdGen::for_session(&old);
        let p = ids.next('p');
        let a = ids.next('a');
        let t = ids.next('t');
        let events = vec![
            Event::AddParty(AddParty {
                party: Party::new(p.clone(), "NPO"),
                index: None,
            }),
            Event::AddActivity(AddActivity {
                activity: Activity {
                    participants: vec![Participant {
                        benefit_kinds: vec![BenefitKind::Money, BenefitKind::Situation],
                        ..Participant::new(p.clone())
                    }],
                    ..Activity::new(a.clone(), "公園の管理")
                },
                index: None,
            }),
            Event::AddAction(AddAction {
                action: ActionItem {
                    due: "2026-12-15".into(),
                    ..ActionItem::new(t, "見積もり")
                },
                index: None,
            }),
            Event::SetBell(SetBell { on: false }),
            // The meeting got to step 3; the facilitator then looked back at step 2.
            Event::SetStep(SetStep { step: 3 }),
            Event::SetReached(SetReached { step: 3 }),
            Event::SetStep(SetStep { step: 2 }),
        ];
        for e in &events {
            apply(&mut old, e).unwrap();
        }
        let mut new = Session::empty();
        for e in carry_over_events(&old, "二回目", Lang::Ja, at()) {
            apply(&mut new, &e).unwrap();
        }
        assert_eq!(
            new.activities[0].participants[0].benefit_kinds,
            [BenefitKind::Money, BenefitKind::Situation]
        );
        assert!(!new.meta.bell);
        assert_eq!(new.meta.step, 4);
        assert_eq!(
            new.meta.reached, 0,
            "the new meeting has reached nothing yet"
        );
        let due = new.previous.as_ref().unwrap().open_actions[0].due_date();
        assert_eq!(due, Some("2026-12-15".parse().unwrap()));
        assert_eq!(new.action_items[0].due_date(), due);
    }

    #[test]
    fn a_series_title_counts_on() {
        let next = |old: &str, lang| follow_up_title(old, None, lang);
        for (old, new) in [
            ("地域猫の語り合う場（第1回）", "地域猫の語り合う場（第2回）"),
            ("地域猫の語り合う場 第9回", "地域猫の語り合う場 第10回"),
            ("第１回 長池公園", "第２回 長池公園"),
            (
                "林業×福祉 相利の会（第二回）",
                "林業×福祉 相利の会（第三回）",
            ),
            ("相利の会 第九回", "相利の会 第十回"),
            ("相利の会 第十九回", "相利の会 第二十回"),
            ("2025年度 第1回・第3回合同", "2025年度 第1回・第4回合同"),
            ("長池公園 パートナー会議", "長池公園 パートナー会議 第2回"),
            ("", ""),
        ] {
            assert_eq!(next(old, Lang::Ja), new, "{old}");
        }
        for (old, new) in [
            ("Park partners meeting 3", "Park partners meeting 4"),
            ("Festival partners #1", "Festival partners #2"),
            (
                "Festival city partners",
                "Festival city partners — meeting 2",
            ),
            ("Budget 2026", "Budget 2026 — meeting 2"),
        ] {
            assert_eq!(next(old, Lang::En), new, "{old}");
        }
    }

    #[test]
    fn a_title_given_as_a_number_keeps_the_series() {
        let given = |old: &str, title: &str| follow_up_title(old, Some(title), Lang::Ja);
        assert_eq!(
            given("地域猫の語り合う場（第1回）", "第2回"),
            "地域猫の語り合う場（第2回）"
        );
        assert_eq!(
            given("地域猫の語り合う場", "第2回"),
            "地域猫の語り合う場 第2回"
        );
        assert_eq!(
            given("地域猫の語り合う場", "第３回"),
            "地域猫の語り合う場 第３回"
        );
        // Any other title is the title.
        assert_eq!(given("地域猫の語り合う場", "評価の会"), "評価の会");
        assert_eq!(
            given("地域猫の語り合う場", "第2回の準備会"),
            "第2回の準備会"
        );
        assert_eq!(given("", "第2回"), "第2回");
    }

    #[test]
    fn a_follow_up_starts_at_the_next_meeting_the_old_one_recorded() {
        let mut old = Session::empty();
        let next: Stamp = "2027-01-22T14:00:00+09:00".parse().unwrap();
        for e in [
            Event::SetText(SetText {
                field: TextField::Title,
                text: "地域猫（第1回）".into(),
            }),
            Event::SetText(SetText {
                field: TextField::Venue,
                text: "みどり町会館".into(),
            }),
            Event::SetNextStart(SetNextStart { start: Some(next) }),
            Event::SetText(SetText {
                field: TextField::NextVenue,
                text: "公民館".into(),
            }),
        ] {
            apply(&mut old, &e).unwrap();
        }
        let now = at();
        let made = |old: &Session, opts: &FollowUp| {
            let mut s = Session::empty();
            for e in follow_up_events(old, opts, now) {
                apply(&mut s, &e).unwrap();
            }
            s
        };
        let s = made(&old, &FollowUp::default());
        assert_eq!(s.meta.start, Some(next));
        assert_eq!(s.meta.title, "地域猫（第2回）");
        assert_eq!(s.meta.venue, "公民館");
        // Told otherwise, it starts then; details given replace the carried ones.
        let later: Stamp = "2027-02-01T10:00:00+09:00".parse().unwrap();
        let s = made(
            &old,
            &FollowUp {
                start: Some(later),
                details: MeetingDetails {
                    venue: "市役所".into(),
                    agenda: vec!["前回のふりかえり".into()],
                    ..MeetingDetails::default()
                },
                ..FollowUp::default()
            },
        );
        assert_eq!(s.meta.start, Some(later));
        assert_eq!(s.meta.venue, "市役所");
        assert_eq!(s.meta.agenda[0].text, "前回のふりかえり");
        // Without a next meeting, now.
        old.meta.next = Default::default();
        assert_eq!(made(&old, &FollowUp::default()).meta.start, Some(now));
    }
}
