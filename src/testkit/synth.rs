//! Synthetic sessions for benchmarks and stress tests: realistic Japanese and English text,
//! N parties, activities with roles and benefits, evaluations, decisions, action items, and a
//! history of E events spread over the five steps, all made through `History::commit` (so
//! through `apply`). Deterministic from a seed.

use super::{Fixed, SessionBuilder};
use crate::core::event::*;
use crate::core::history::Record;
use crate::core::session::{
    Achieved, ActionItem, Activity, Coop, Id, IdeaKind, Lang, ListRef, Participant, Party,
    PartyList, Session, Status, TextField, prefix,
};
use crate::core::stamp::Stamp;

/// How big a synthetic session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub parties: usize,
    pub activities: usize,
    /// At most this many items in each of a party's lists.
    pub items: usize,
    pub events: usize,
}

impl Size {
    /// 8 parties, 100 events.
    pub const SMALL: Size = Size {
        parties: 8,
        activities: 2,
        items: 1,
        events: 100,
    };
    /// 50 parties, 10,000 events.
    pub const LARGE: Size = Size {
        parties: 50,
        activities: 20,
        items: 3,
        events: 10_000,
    };
    /// 200 parties, 100,000 events.
    pub const HUGE: Size = Size {
        parties: 200,
        activities: 60,
        items: 3,
        events: 100_000,
    };

    pub fn named(name: &str) -> Option<Size> {
        match name {
            "small" => Some(Size::SMALL),
            "large" => Some(Size::LARGE),
            "huge" => Some(Size::HUGE),
            _ => None,
        }
    }
}

/// SplitMix64: a small, well-known generator; enough for reproducible test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const JA_ORGS: &[&str] = &[
    "地域猫の会",
    "町内会",
    "保健所",
    "市役所 環境課",
    "マンション管理組合",
    "社会福祉協議会",
    "NPOフュージョン",
    "第二小学校",
    "障がい者就労支援センター",
    "商店街振興組合",
    "森林組合",
    "子ども食堂ひまわり",
    "老人クラブ",
    "民生委員協議会",
    "地元信用金庫",
    "PTA",
    "農協",
    "観光協会",
    "大学ボランティアセンター",
    "ハローワーク",
    "消防団",
    "介護事業所あおば",
];
const EN_ORGS: &[&str] = &[
    "City Council",
    "Festival Society",
    "Tourism Agency",
    "Chamber of Commerce",
    "Arts Trust",
    "Residents' Forum",
    "Youth Club",
    "Housing Association",
    "Food Bank",
    "Library Friends",
];
const JA_WHO: &[&str] = &[
    "一人暮らしの高齢者",
    "子育て中の母親",
    "外国籍の住民",
    "障がいのある若者",
    "退職した男性",
    "被災した世帯",
    "共働き家庭の子ども",
    "商店主",
    "マンションの住民",
    "新しく越してきた家族",
];
const JA_WANT: &[&str] = &[
    "が安心して暮らせるようにしたい",
    "の居場所をつくりたい",
    "と顔の見える関係をつくりたい",
    "が役割を持って活躍できるようにしたい",
    "の困りごとを早く見つけたい",
    "が地域の行事に参加しやすくしたい",
];
const JA_TROUBLE: &[&str] = &[
    "が孤立していて、困りごとに誰も気づけない",
    "がゴミ出しのルールを知らずトラブルになる",
    "が平日の昼に集まれる場所がない",
    "の担い手が高齢化して活動が続かない",
    "が猫のフン害で近所と揉めている",
    "の情報が行政に届いていない",
];
const JA_STRENGTH: &[&str] = &[
    "毎週の見守り訪問の実績",
    "集会所を無料で使える",
    "行政とのパイプ",
    "ボランティア30人の名簿",
    "調理のできる厨房",
    "広報誌を全戸配布している",
    "専門職（保健師・社会福祉士）がいる",
    "重機と作業場",
    "SNSで若い世代に届く",
];
const JA_ACTIVITIES: &[&str] = &[
    "地域猫の不妊手術と餌やりルールづくり",
    "公園の草刈りと学生の学びの場",
    "子ども食堂と見守り",
    "空き家を使った居場所づくり",
    "森林作業での生きがい就労",
    "商店街での防災訓練",
    "多世代の夏まつり",
    "買い物支援とおしゃべり会",
];
const JA_ROLE: &[&str] = &[
    "会場を提供する",
    "チラシを全戸配布する",
    "当日の運営スタッフを出す",
    "費用の一部を助成する",
    "専門的な助言をする",
    "参加者に声をかける",
    "道具と車を貸す",
];
const JA_BENEFIT: &[&str] = &[
    "苦情が減り、対応の手間が省ける",
    "新しい担い手と出会える",
    "事業の実績として報告できる",
    "住民の困りごとを早く把握できる",
    "地域での信頼が高まる",
    "売上と来客が増える",
];
const JA_NAMES: &[&str] = &[
    "山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本",
];
const JA_TITLES: &[&str] = &[
    "事務局長",
    "会長",
    "係長",
    "主任",
    "理事",
    "コーディネーター",
    "ボランティア",
];
/// What a facilitator types into a step's notes, a sentence at a time.
const JA_NOTES: &[&str] = &[
    "町内会からは、夜間の見回りの担い手が足りないという声があった。",
    "保健所は、苦情の件数が三年で倍になったと報告した。",
    "子ども食堂の場所として集会所を使えないか、次回までに確認する。",
    "費用の分担は決めず、まず小さく試すことで合意した。",
    "マンションの管理人さんが掲示板を貸してくれることになった。",
    "相手の目的を先に聞くと、話が具体的になった。",
    "学校側は、総合学習の時間に組み込めるなら協力できるとのこと。",
    "高齢の方が役割を持てる作業を洗い出す必要がある。",
];
const JA_DESCRIPTIONS: &[&str] = &[
    "月に一度、集会所で開く。準備と片付けは参加団体の持ち回りとし、費用は市の補助金でまかなう。",
    "まず三か月試し、参加者の声を聞いて続けるかを決める。担い手の負担が偏らないよう当番表を作る。",
    "チラシは町内会が配り、申し込みは社協が受ける。当日の受付は学生ボランティアが担当する。",
    "作業の前に安全講習を行う。道具は森林組合が貸し出し、昼食は子ども食堂が用意する。",
];
const JA_COMMENTS: &[&str] = &[
    "苦情は減ったが、担い手の負担が大きい",
    "参加者が増え、新しい会員が二人入った",
    "まだ効果は見えない。次回までに数字を集める",
    "思った以上に喜ばれた。続けたい",
    "日程が合わず参加できなかった",
];
const EN_NOTES: &[&str] = &[
    "The council asked for figures on visitor numbers before committing funds.",
    "Volunteers are stretched in August; the festival needs more hands then.",
    "Agreed to start small and review after three months.",
    "The youth club can lend its hall on weekday evenings.",
];
const EN_WANT: &[&str] = &[
    "want more visitors to stay overnight",
    "want young people to find local jobs",
    "want the festival to reach every neighbourhood",
    "want a stronger city brand abroad",
];
const EN_ROLE: &[&str] = &[
    "provides venues",
    "funds the programme",
    "runs volunteer training",
];
const EN_BENEFIT: &[&str] = &[
    "gains new members",
    "meets its tourism target",
    "builds its brand",
];

/// Makes a synthetic session with the test kit's `SessionBuilder`, at a random pace.
struct Generator {
    b: SessionBuilder<Fixed>,
    rng: Rng,
    lang: Lang,
    items: usize,
    /// Activity descriptions and evaluation comments too (a size with room beyond the
    /// setup; the small session keeps to its hundred events).
    rich: bool,
}

impl Generator {
    fn commit(&mut self, event: Event) {
        self.b.clock.0 = self.b.clock.0.plus_seconds(1 + self.rng.below(9) as i64);
        // Every event here is built against the current state, so it applies.
        let applied = self.b.try_commit(event);
        debug_assert!(applied.is_ok(), "{applied:?}");
    }

    fn text(&mut self, kind: PartyList) -> String {
        let n = self.rng.below(1000);
        match self.lang {
            Lang::Ja => {
                let who = *self.rng.pick(JA_WHO);
                match kind {
                    PartyList::Purposes => format!("{who}{}", self.rng.pick(JA_WANT)),
                    PartyList::Challenges => format!("{who}{}", self.rng.pick(JA_TROUBLE)),
                    PartyList::Representatives => format!(
                        "{}（{}）",
                        self.rng.pick(JA_NAMES),
                        self.rng.pick(JA_TITLES)
                    ),
                    _ => format!("{}（{n}）", self.rng.pick(JA_STRENGTH)),
                }
            }
            Lang::En => match kind {
                PartyList::Purposes => format!("We {} ({n})", self.rng.pick(EN_WANT)),
                PartyList::Challenges => format!("Volunteers are ageing and too few ({n})"),
                PartyList::Representatives => format!("Officer {n}"),
                _ => format!("A network of {n} local members"),
            },
        }
    }

    fn step(&mut self, step: u8) {
        let spent = 600 + self.rng.below(1800) as u64;
        let old = self.b.session.meta.step;
        self.commit(Event::SetTimer(SetTimer {
            step: old,
            spent_sec: spent,
            running_since: None,
        }));
        self.commit(Event::SetStep(SetStep { step }));
        let since = Some(self.b.clock.0);
        self.commit(Event::SetTimer(SetTimer {
            step,
            spent_sec: 0,
            running_since: since,
        }));
    }

    fn add_party(&mut self, index: usize) {
        let id = self.b.new_id(prefix::PARTY);
        let name = match self.lang {
            Lang::Ja => format!(
                "{}{}",
                JA_ORGS[index % JA_ORGS.len()],
                suffix(index, JA_ORGS.len())
            ),
            Lang::En => format!(
                "{}{}",
                EN_ORGS[index % EN_ORGS.len()],
                suffix(index, EN_ORGS.len())
            ),
        };
        let mut party = Party::new(id.clone(), name);
        party.kind = self
            .rng
            .pick(&crate::core::session::PARTY_KINDS)
            .to_string();
        self.commit(Event::AddParty(AddParty { party, index: None }));
        for list in [
            PartyList::Representatives,
            PartyList::Purposes,
            PartyList::Challenges,
            PartyList::Strengths,
        ] {
            for _ in 0..1 + self.rng.below(self.items) {
                self.add_item(ListRef::Party(id.clone(), list), list);
            }
        }
        if self.rng.chance(30) {
            for list in [
                PartyList::Weaknesses,
                PartyList::Opportunities,
                PartyList::Threats,
            ] {
                self.add_item(ListRef::Party(id.clone(), list), list);
            }
        }
    }

    fn add_item(&mut self, list: ListRef, kind: PartyList) {
        let id = self.b.new_id(prefix::ITEM);
        let text = self.text(kind);
        self.commit(Event::AddItem(AddItem {
            list,
            id,
            text,
            index: None,
        }));
    }

    fn add_activity(&mut self, index: usize) {
        let id = self.b.new_id(prefix::ACTIVITY);
        let title = match self.lang {
            Lang::Ja => format!(
                "{}{}",
                JA_ACTIVITIES[index % JA_ACTIVITIES.len()],
                suffix(index, JA_ACTIVITIES.len())
            ),
            Lang::En => format!("Festival programme {}", index + 1),
        };
        let mut activity = Activity::new(id.clone(), title);
        activity.coop = [
            Coop::Mutual,
            Coop::Mutual,
            Coop::Supported,
            Coop::SamePurpose,
        ][self.rng.below(4)];
        activity.status = *self.rng.pick(&Status::ALL);
        self.commit(Event::AddActivity(AddActivity {
            activity,
            index: None,
        }));
        if self.rich && self.lang == Lang::Ja {
            let text = self.rng.pick(JA_DESCRIPTIONS).to_string();
            self.commit(Event::SetText(SetText {
                field: TextField::ActivityDescription(id.clone()),
                text,
            }));
        }
        let n = self.b.session.parties.len();
        let count = (3 + self.rng.below(4)).min(n);
        let start = self.rng.below(n);
        for k in 0..count {
            let party = self.b.session.parties[(start + k * 7) % n].clone();
            if self
                .b
                .session
                .activity(&id)
                .and_then(|a| a.participant(&party.id))
                .is_some()
            {
                continue;
            }
            let mut part = Participant::new(party.id.clone());
            if let Some(p) = party.purposes.first() {
                part.purposes.push(p.id.clone());
            }
            if let Some(c) = party.challenges.get(self.rng.below(2)) {
                part.challenges.push(c.id.clone());
            }
            self.commit(Event::AddParticipant(AddParticipant {
                activity: id.clone(),
                participant: part,
                index: None,
            }));
            let (role, benefit) = match self.lang {
                Lang::Ja => (
                    self.rng.pick(JA_ROLE).to_string(),
                    self.rng.pick(JA_BENEFIT).to_string(),
                ),
                Lang::En => (
                    self.rng.pick(EN_ROLE).to_string(),
                    self.rng.pick(EN_BENEFIT).to_string(),
                ),
            };
            self.commit(Event::SetText(SetText {
                field: TextField::Role(id.clone(), party.id.clone()),
                text: role,
            }));
            // Now and then a party has a role but no benefit yet: the check's warning case.
            if !self.rng.chance(10) {
                self.commit(Event::SetText(SetText {
                    field: TextField::Benefit(id.clone(), party.id.clone()),
                    text: benefit,
                }));
            }
        }
        let lead = self
            .b
            .session
            .activity(&id)
            .and_then(|a| a.participants.first())
            .map(|p| p.party.clone());
        self.commit(Event::SetLead(SetLead {
            activity: id,
            party: lead,
        }));
    }

    /// One ordinary edit of the kind that fills a long meeting: a typo fixed, a vote, a new
    /// item, an item moved or removed, an undo.
    fn churn(&mut self) {
        let s = &self.b.session;
        match self.rng.below(10) {
            0..=3 if !s.parties.is_empty() => {
                let party = &s.parties[self.rng.below(s.parties.len())];
                let Some(item) = party.purposes.first().or(party.strengths.first()) else {
                    return;
                };
                let kind = if party.purposes.first().is_some_and(|p| p.id == item.id) {
                    PartyList::Purposes
                } else {
                    PartyList::Strengths
                };
                // The room rewords it.
                let field = TextField::Item(item.id.clone());
                let text = self.text(kind);
                self.commit(Event::SetText(SetText { field, text }));
            }
            4 if !s.activities.is_empty() => {
                let a = &s.activities[self.rng.below(s.activities.len())];
                let event = Event::SetVotes(SetVotes {
                    activity: a.id.clone(),
                    votes: a.votes + 1,
                });
                self.commit(event);
            }
            5 => self.add_item(ListRef::ParkingLot, PartyList::Challenges),
            6 if s.parking_lot.len() > 5 => {
                let id = s.parking_lot[0].id.clone();
                self.commit(Event::Remove(Remove { id }));
            }
            7 if s.parties.len() > 2 => {
                let id = s.parties[self.rng.below(s.parties.len())].id.clone();
                let to = self.rng.below(s.parties.len());
                self.commit(Event::Move(Move { id, to }));
            }
            8 => {
                let at = self.b.clock.0;
                self.b.undo(at);
            }
            _ => {
                // A sentence more in the step's notes; the oldest go once they run long.
                let step = self.b.session.meta.step;
                let old = &self.b.session.meta.steps[usize::from(step) - 1].notes;
                let sentence = match self.lang {
                    Lang::Ja => *self.rng.pick(JA_NOTES),
                    Lang::En => *self.rng.pick(EN_NOTES),
                };
                let mut notes = format!("{old}{sentence}\n");
                while notes.chars().count() > 300 {
                    let first = notes.find('\n').map_or(notes.len(), |i| i + 1);
                    notes.drain(..first);
                }
                self.commit(Event::SetText(SetText {
                    field: TextField::StepNotes(step),
                    text: notes,
                }));
            }
        }
    }

    fn churn_until(&mut self, events: usize) {
        while self.b.len() < events {
            self.churn();
        }
    }
}

fn suffix(index: usize, len: usize) -> String {
    if index < len {
        String::new()
    } else {
        format!(" {}", index / len + 1)
    }
}

/// Build a synthetic session of `size` from `seed`: its state and its history.
pub fn generate(size: Size, seed: u64, lang: Lang) -> (Session, Vec<Record>) {
    let mut b = Generator {
        // 2026-11-27 13:00 +09:00
        b: SessionBuilder::new(Fixed(Stamp::from_unix(1_795_759_200, 9 * 3600))),
        rng: Rng(seed),
        lang,
        items: size.items,
        rich: size.events >= 1_000,
    };
    let start = b.b.clock.0;
    b.commit(Event::SetStart(SetStart { start: Some(start) }));
    b.commit(Event::SetLang(SetLang { lang }));
    let title = match lang {
        Lang::Ja => "語り合う場（合成データ）",
        Lang::En => "Partners' forum (synthetic)",
    };
    b.commit(Event::SetText(SetText {
        field: TextField::Title,
        text: title.into(),
    }));
    // The setup below takes roughly this many events; churn fills each step's share of the rest.
    let setup = size.parties * (1 + 2 * (size.items + 1)) + size.activities * 14 + 40;
    let churn = size.events.saturating_sub(setup);
    let share = |b: &Generator, step_share: usize| b.b.len() + churn * step_share / 100;

    // Step 1: the host's wants.
    b.add_party(0);
    let host = b.b.session.parties[0].id.clone();
    b.commit(Event::SetHost(SetHost { party: Some(host) }));
    let until = share(&b, 15);
    b.churn_until(until);
    // Step 2: every partner's wants.
    b.step(2);
    for i in 1..size.parties {
        b.add_party(i);
    }
    let until = share(&b, 30);
    b.churn_until(until);
    // Step 3: shared activities with a role and a benefit per party.
    b.step(3);
    for i in 0..size.activities {
        b.add_activity(i);
    }
    let until = share(&b, 30);
    b.churn_until(until);
    // Step 4: evaluations and improvements.
    b.step(4);
    let activities: Vec<(Id, Vec<Id>)> =
        b.b.session
            .activities
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.participants.iter().map(|p| p.party.clone()).collect(),
                )
            })
            .collect();
    for (activity, parties) in &activities {
        for party in parties {
            let achieved = *b.rng.pick(&Achieved::ALL);
            b.commit(Event::SetAchieved(SetAchieved {
                activity: activity.clone(),
                party: party.clone(),
                achieved,
            }));
            if b.rich && lang == Lang::Ja && b.rng.chance(50) {
                let text = b.rng.pick(JA_COMMENTS).to_string();
                b.commit(Event::SetText(SetText {
                    field: TextField::EvaluationComment(activity.clone(), party.clone()),
                    text,
                }));
            }
        }
        b.add_item(
            ListRef::Improvements(activity.clone()),
            PartyList::Strengths,
        );
    }
    let until = share(&b, 15);
    b.churn_until(until);
    // Step 5: expansion, decisions, action items.
    b.step(5);
    for (i, (activity, _)) in activities.iter().enumerate().take(10) {
        let id = b.b.new_id(prefix::IDEA);
        let mut idea = crate::core::session::Idea::new(id, IdeaKind::Scale, format!("{}", i + 1));
        idea.activity = Some(activity.clone());
        b.commit(Event::AddIdea(AddIdea { idea, index: None }));
        let id = b.b.new_id(prefix::ACTION);
        let mut action = ActionItem::new(id, b.text(PartyList::Purposes));
        action.activity = Some(activity.clone());
        action.who = b.b.session.parties[i % b.b.session.parties.len()]
            .name
            .clone();
        action.due = "2027-01-31".into();
        b.commit(Event::AddAction(AddAction {
            action,
            index: None,
        }));
        b.add_item(ListRef::Decisions, PartyList::Purposes);
    }
    b.churn_until(size.events);
    b.b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::replay;

    #[test]
    fn small_session_has_the_asked_shape_and_replays() {
        let (s, records) = generate(Size::SMALL, 7, Lang::Ja);
        assert_eq!(s.parties.len(), 8);
        assert_eq!(s.activities.len(), 2);
        assert!((100..=110).contains(&records.len()), "{}", records.len());
        assert!(s.activities.iter().all(|a| a.participants.len() >= 3));
        assert_eq!(replay(&records, records.len()).unwrap(), s);
    }

    #[test]
    fn same_seed_same_session() {
        let a = generate(Size::SMALL, 3, Lang::En);
        let b = generate(Size::SMALL, 3, Lang::En);
        assert_eq!(a, b);
        let c = generate(Size::SMALL, 4, Lang::En);
        assert_ne!(a.0, c.0);
    }

    #[test]
    fn large_session_reaches_its_event_count() {
        let (s, records) = generate(Size::LARGE, 1, Lang::Ja);
        assert_eq!(s.parties.len(), 50);
        assert_eq!(records.len(), 10_000);
        assert_eq!(s.meta.step, 5);
    }
}
