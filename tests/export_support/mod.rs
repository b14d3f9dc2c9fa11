//! Meetings for the export tests, built as the workshop builds them: event by event through
//! the history, on a clock that moves as the meeting goes.
//!
//! Every piece of text goes through `t`, so the same meeting can be built with clean text (the
//! golden files) or with hostile text in every field (the escaping tests) and have exactly the
//! same shape.

use sori::core::event::*;
use sori::core::session::{
    Achieved, ActionItem, Activity, BenefitKind, Coop, Disclosure, Id, Idea, IdeaKind, Lang,
    ListRef, MeetingList, Participant, Party, PartyList, Status, TextField, prefix,
};
use sori::core::stamp::Stamp;
use sori::testkit::{SessionBuilder, Steps};

/// A meeting on the test kit's builder (`m.session`, `m.records()` are the builder's), its
/// clock 15 seconds a change.
pub struct Meeting<'t> {
    b: SessionBuilder<Steps>,
    t: &'t dyn Fn(&str) -> String,
}

impl std::ops::Deref for Meeting<'_> {
    type Target = SessionBuilder<Steps>;
    fn deref(&self) -> &SessionBuilder<Steps> {
        &self.b
    }
}

impl<'t> Meeting<'t> {
    pub fn new(start: &str, t: &'t dyn Fn(&str) -> String) -> Meeting<'t> {
        let start: Stamp = start.parse().unwrap();
        let mut m = Meeting {
            b: SessionBuilder::new(Steps {
                next: start,
                seconds: 15,
            }),
            t,
        };
        m.event(Event::SetStart(SetStart { start: Some(start) }));
        m
    }

    /// Move the clock to `minutes` after the start of the meeting.
    pub fn at_minute(&mut self, minutes: i64) {
        let start = self.session.meta.start.unwrap();
        self.b.clock.next = start.plus_seconds(minutes * 60);
    }

    /// One change, 15 seconds after the one before.
    pub fn event(&mut self, e: Event) {
        self.b.commit(e);
    }

    fn id(&self, p: char) -> Id {
        self.b.new_id(p)
    }

    pub fn lang(&mut self, lang: Lang) {
        self.event(Event::SetLang(SetLang { lang }));
    }

    pub fn text(&mut self, field: TextField, text: &str) {
        let text = (self.t)(text);
        self.event(Event::SetText(SetText { field, text }));
    }

    pub fn party(&mut self, name: &str, kind: &str) -> Id {
        let id = self.id(prefix::PARTY);
        let mut party = Party::new(id.clone(), (self.t)(name));
        party.kind = kind.to_string();
        self.event(Event::AddParty(AddParty { party, index: None }));
        if ![
            "npo",
            "government",
            "business",
            "residents",
            "school",
            "welfare",
            "other",
            "",
        ]
        .contains(&kind)
        {
            // A kind of the room's own words is free text like any other.
            self.text(TextField::PartyKind(id.clone()), kind);
        }
        id
    }

    pub fn host(&mut self, party: &Id) {
        self.event(Event::SetHost(SetHost {
            party: Some(party.clone()),
        }));
    }

    pub fn item(&mut self, list: ListRef, text: &str) -> Id {
        let text = (self.t)(text);
        self.b.item(list, &text)
    }

    pub fn items(&mut self, party: &Id, list: PartyList, texts: &[&str]) -> Vec<Id> {
        texts
            .iter()
            .map(|text| self.item(ListRef::Party(party.clone(), list), text))
            .collect()
    }

    pub fn activity(&mut self, title: &str, description: &str) -> Id {
        let id = self.id(prefix::ACTIVITY);
        self.event(Event::AddActivity(AddActivity {
            activity: Activity::new(id.clone(), (self.t)(title)),
            index: None,
        }));
        if !description.is_empty() {
            self.text(TextField::ActivityDescription(id.clone()), description);
        }
        id
    }

    pub fn plan(
        &mut self,
        activity: &Id,
        coop: Coop,
        lead: Option<&Id>,
        status: Status,
        votes: u32,
    ) {
        let a = activity.clone();
        self.event(Event::SetCoop(SetCoop {
            activity: a.clone(),
            coop,
        }));
        self.event(Event::SetLead(SetLead {
            activity: a.clone(),
            party: lead.cloned(),
        }));
        self.event(Event::SetStatus(SetStatus {
            activity: a.clone(),
            status,
        }));
        self.event(Event::SetVotes(SetVotes { activity: a, votes }));
    }

    /// A party joins an activity with its role and benefit (either may be empty), serving
    /// the given purposes and challenges of its own.
    pub fn join(&mut self, activity: &Id, party: &Id, role: &str, benefit: &str, goals: &[&Id]) {
        self.event(Event::AddParticipant(AddParticipant {
            activity: activity.clone(),
            participant: Participant::new(party.clone()),
            index: None,
        }));
        if !role.is_empty() {
            self.text(TextField::Role(activity.clone(), party.clone()), role);
        }
        if !benefit.is_empty() {
            self.text(TextField::Benefit(activity.clone(), party.clone()), benefit);
        }
        for goal in goals {
            self.event(Event::SetLink(SetLink {
                activity: activity.clone(),
                party: party.clone(),
                item: (*goal).clone(),
                on: true,
                index: None,
            }));
        }
    }

    /// The kinds of a party's benefit in an activity (the table's `b`).
    pub fn kinds(&mut self, activity: &Id, party: &Id, kinds: &[BenefitKind]) {
        self.event(Event::SetBenefitKinds(SetBenefitKinds {
            activity: activity.clone(),
            party: party.clone(),
            kinds: kinds.to_vec(),
        }));
    }

    pub fn evaluate(&mut self, activity: &Id, party: &Id, achieved: Achieved, comment: &str) {
        self.event(Event::SetAchieved(SetAchieved {
            activity: activity.clone(),
            party: party.clone(),
            achieved,
        }));
        if !comment.is_empty() {
            self.text(
                TextField::EvaluationComment(activity.clone(), party.clone()),
                comment,
            );
        }
    }

    pub fn action(&mut self, what: &str, who: &str, due: &str, done: bool) -> Id {
        let id = self.id(prefix::ACTION);
        self.event(Event::AddAction(AddAction {
            action: ActionItem::new(id.clone(), (self.t)(what)),
            index: None,
        }));
        self.text(TextField::ActionWho(id.clone()), who);
        self.text(TextField::ActionDue(id.clone()), due);
        if done {
            self.event(Event::SetDone(SetDone {
                action: id.clone(),
                done,
            }));
        }
        id
    }

    pub fn idea(&mut self, kind: IdeaKind, name: &str, why: &str, activity: Option<&Id>) {
        let id = self.id(prefix::IDEA);
        self.event(Event::AddIdea(AddIdea {
            idea: Idea::new(id.clone(), kind, (self.t)(name)),
            index: None,
        }));
        self.text(TextField::IdeaWhy(id.clone()), why);
        if let Some(a) = activity {
            self.event(Event::SetIdeaActivity(SetIdeaActivity {
                idea: id,
                activity: Some(a.clone()),
            }));
        }
    }

    /// The next meeting: `2027-01-22T14:00:00+09:00`, and where.
    pub fn next_meeting(&mut self, start: &str, venue: &str) {
        self.event(Event::SetNextStart(SetNextStart {
            start: Some(start.parse().unwrap()),
        }));
        self.text(TextField::NextVenue, venue);
    }

    /// Items of one of the meeting's own lists (agenda, absentees, handouts, signatories).
    pub fn meeting_list(&mut self, list: MeetingList, texts: &[&str]) {
        for text in texts {
            self.item(ListRef::Meeting(list), text);
        }
    }

    /// The room spent `minutes` in `step` (the timer stopped).
    pub fn spent(&mut self, step: u8, minutes: u64) {
        self.event(Event::SetStep(SetStep { step }));
        self.event(Event::SetTimer(SetTimer {
            step,
            spent_sec: minutes * 60 + 10,
            running_since: None,
        }));
    }
}

/// 地域猫活動: an NPO, the neighbourhood association, the health centre and an apartment
/// management association look for one activity that answers each of their purposes. A
/// two-hour meeting, 14:00–16:05; the apartment association's part in the second activity is
/// one-sided, and two purposes are not served yet.
pub fn community_cats(t: &dyn Fn(&str) -> String) -> Meeting<'_> {
    let mut m = Meeting::new("2026-11-27T14:00:00+09:00", t);
    m.lang(Lang::Ja);
    m.text(TextField::Title, "地域猫活動 語り合う場（第1回）");
    m.text(TextField::Venue, "みどり町会館 2階集会室");
    m.text(
        TextField::Facilitator,
        "佐藤 由美（みどり町社会福祉協議会）",
    );
    m.text(TextField::Recorder, "鈴木 一郎（NPO）");
    m.event(Event::SetDisclosure(SetDisclosure {
        disclosure: Some(Disclosure::Public),
    }));
    m.meeting_list(
        MeetingList::Agenda,
        &[
            "それぞれの困りごとと目的",
            "一緒にできる活動と役割",
            "役割分担と次回の日程",
        ],
    );
    m.meeting_list(
        MeetingList::Handouts,
        &[
            "資料1 地域猫活動の手引き（北保健所）",
            "資料2 町内の苦情件数（2025〜2026年）",
        ],
    );

    let npo = m.party("NPO法人 みどり地域猫の会", "npo");
    m.host(&npo);
    let chonaikai = m.party("みどり町町内会", "residents");
    let hokenjo = m.party("北保健所", "government");
    let kanri = m.party("グリーンハイツ管理組合", "マンション管理組合");

    m.items(
        &npo,
        PartyList::Representatives,
        &["田中 花子（代表）", "鈴木 一郎"],
    );
    m.items(&chonaikai, PartyList::Representatives, &["山本 健（会長）"]);
    m.items(&hokenjo, PartyList::Representatives, &["伊藤 課長補佐"]);
    m.items(&kanri, PartyList::Representatives, &["中村 管理人"]);
    m.meeting_list(
        MeetingList::Absentees,
        &["高木 理事長（グリーンハイツ管理組合）"],
    );

    // Step 1: the host's own wants.
    m.at_minute(2);
    let npo_purposes = m.items(
        &npo,
        PartyList::Purposes,
        &["不幸な野良猫を増やさない", "猫と人が共生できるまちにする"],
    );
    let npo_challenges = m.items(
        &npo,
        PartyList::Challenges,
        &["不妊去勢手術の費用が足りない", "エサやりへの苦情が多い"],
    );
    m.items(
        &npo,
        PartyList::Strengths,
        &["TNR（捕獲・不妊去勢・再放出）の経験", "ボランティア20名"],
    );
    m.items(&npo, PartyList::Weaknesses, &["資金が寄付頼み"]);
    m.items(&npo, PartyList::Opportunities, &["市の手術費助成制度"]);
    m.items(&npo, PartyList::Threats, &["ボランティアの高齢化"]);
    m.text(
        TextField::StepNotes(1),
        "「誰が、どのように困っているのか」を具体的に。\n苦情の多くは朝のゴミ出しの時間帯。",
    );
    m.spent(1, 17);

    // Step 2: each partner's wants.
    m.at_minute(18);
    let cho_purposes = m.items(
        &chonaikai,
        PartyList::Purposes,
        &["ゴミ出しのトラブルをなくしたい", "住民の苦情を減らしたい"],
    );
    let cho_challenges = m.items(
        &chonaikai,
        PartyList::Challenges,
        &["ゴミ袋が荒らされる", "糞尿の苦情が役員に集中している"],
    );
    m.items(
        &chonaikai,
        PartyList::Strengths,
        &["回覧板で全戸に周知できる"],
    );
    let hok_purposes = m.items(&hokenjo, PartyList::Purposes, &["動物愛護と公衆衛生の両立"]);
    let hok_challenges = m.items(&hokenjo, PartyList::Challenges, &["苦情対応に追われている"]);
    m.items(
        &hokenjo,
        PartyList::Strengths,
        &["手術費助成の窓口", "啓発チラシの作成"],
    );
    m.items(&kanri, PartyList::Purposes, &["敷地内の清潔を保つ"]);
    let kanri_challenges = m.items(&kanri, PartyList::Challenges, &["敷地内でのエサやり"]);
    m.items(&kanri, PartyList::Strengths, &["掲示板と敷地の提供"]);
    m.spent(2, 28);

    // Step 3: shared activities and their 相利評価表.
    m.at_minute(47);
    let tnr = m.activity(
        "不妊去勢手術とエサやりルールづくり",
        "猫の数を減らしながら、決まった場所・時間でエサやりと片付けを行う。",
    );
    m.plan(&tnr, Coop::Mutual, Some(&npo), Status::Planned, 12);
    m.join(
        &tnr,
        &npo,
        "捕獲・手術の手配、エサやり当番",
        "活動への理解と協力者が増える",
        &[&npo_purposes[0], &npo_challenges[0], &npo_challenges[1]],
    );
    m.join(
        &tnr,
        &chonaikai,
        "回覧板でルールを周知する",
        "ゴミ荒らしと苦情が減る",
        &[&cho_purposes[0], &cho_purposes[1], &cho_challenges[0]],
    );
    m.join(
        &tnr,
        &hokenjo,
        "手術費助成の案内、チラシ作成",
        "苦情件数が減り、動物愛護の実績になる",
        &[&hok_purposes[0], &hok_challenges[0]],
    );
    m.kinds(&tnr, &chonaikai, &[BenefitKind::Situation]);
    m.kinds(
        &tnr,
        &hokenjo,
        &[BenefitKind::Psychological, BenefitKind::Situation],
    );
    let toilet = m.activity("マンション敷地内の猫トイレ設置", "");
    m.plan(&toilet, Coop::Supported, Some(&npo), Status::Idea, 4);
    m.join(
        &toilet,
        &npo,
        "トイレの設置と砂の交換",
        "エサ場の周りを清潔に保てる",
        &[&npo_challenges[1]],
    );
    m.join(
        &toilet,
        &kanri,
        "設置場所の提供と清掃",
        "",
        &[&kanri_challenges[0]],
    );
    m.text(TextField::StepNotes(3), "投票で活動1を優先することに決定。");
    m.spent(3, 44);

    // Step 4: a first look at how it went.
    m.at_minute(92);
    m.evaluate(&tnr, &npo, Achieved::Yes, "11月までに12匹の手術が完了");
    m.evaluate(
        &tnr,
        &chonaikai,
        Achieved::Partly,
        "ゴミ荒らしは減ったが、糞尿の苦情は続いている",
    );
    m.item(
        ListRef::Improvements(tnr.clone()),
        "トイレの設置場所を町内会と一緒に決める",
    );
    m.spent(4, 18);

    // Step 5, decisions, action items.
    m.at_minute(111);
    m.idea(
        IdeaKind::Invite,
        "みどり動物病院",
        "手術費の割引と健康診断をお願いしたい",
        None,
    );
    m.idea(
        IdeaKind::Scale,
        "隣の青葉町にも広げる",
        "青葉町でも同じ苦情が出ている",
        Some(&tnr),
    );
    m.item(ListRef::Decisions, "手術費助成の申請はNPOがまとめて行う");
    m.item(
        ListRef::Decisions,
        "エサやりは午後6時、決まった3か所で行い、30分後に片付ける",
    );
    m.action("助成申請書の提出", "田中（NPO）", "2026-12-15", false);
    m.action("回覧板の原稿作成", "山本（町内会）", "12月第1週", true);
    m.action("啓発チラシ案の作成", "伊藤（保健所）", "来月末", false);
    m.item(ListRef::ParkingLot, "猫が苦手な住民の声をどう聞くか");
    m.next_meeting("2027-01-22T14:00:00+09:00", "みどり町会館");
    m.meeting_list(MeetingList::Signers, &["山本 健（町内会長）"]);
    m.spent(5, 9);
    m.at_minute(125);
    m.event(Event::SetStep(SetStep { step: 5 }));
    m
}

/// A park run by an NPO with the city, residents and a school, in English; the facilitator
/// wrote no host, and the meeting's timer is still running in step 3 when it ends.
pub fn park_partnership(t: &dyn Fn(&str) -> String) -> Meeting<'_> {
    let mut m = Meeting::new("2026-05-14T18:30:00+01:00", t);
    m.lang(Lang::En);
    m.text(TextField::Title, "Hillside Park partnership");
    m.text(TextField::Venue, "Hillside Community Centre");
    m.text(TextField::Facilitator, "Alex Morgan");
    let npo = m.party("Friends of Hillside Park", "npo");
    let city = m.party("City Parks Department", "government");
    let school = m.party("Hillside Secondary School", "school");
    m.items(&npo, PartyList::Representatives, &["Sam Lee", "Priya Shah"]);
    m.items(&city, PartyList::Representatives, &["Jo Evans"]);
    let npo_p = m.items(&npo, PartyList::Purposes, &["A park people use every day"]);
    let npo_c = m.items(
        &npo,
        PartyList::Challenges,
        &["Too few volunteers on weekdays"],
    );
    m.items(&npo, PartyList::Strengths, &["Forty regular volunteers"]);
    let city_p = m.items(
        &city,
        PartyList::Purposes,
        &["Lower upkeep costs", "Safer paths after dark"],
    );
    let school_p = m.items(
        &school,
        PartyList::Purposes,
        &["Real work experience for students"],
    );
    m.items(
        &school,
        PartyList::Challenges,
        &["Placements are hard to find"],
    );
    m.spent(1, 12);
    m.spent(2, 31);
    let upkeep = m.activity(
        "Weekday upkeep with student placements",
        "Students join the volunteers on Tuesday and Thursday afternoons.",
    );
    m.plan(&upkeep, Coop::Mutual, Some(&npo), Status::Running, 7);
    m.join(
        &upkeep,
        &npo,
        "Supervise and train",
        "Weekday hands",
        &[&npo_p[0], &npo_c[0]],
    );
    m.join(
        &upkeep,
        &city,
        "Tools and green waste collection",
        "Lower upkeep costs",
        &[&city_p[0]],
    );
    m.join(
        &upkeep,
        &school,
        "Send students, count hours",
        "Placements with a reference",
        &[&school_p[0]],
    );
    m.evaluate(&upkeep, &city, Achieved::Partly, "Costs down 8% so far");
    m.item(
        ListRef::Decisions,
        "Start the pilot after the Easter holidays",
    );
    m.action("Draft the risk assessment", "Jo Evans", "2026-06-01", false);
    m.event(Event::SetStep(SetStep { step: 3 }));
    let start = m.session.meta.start.unwrap();
    m.event(Event::SetTimer(SetTimer {
        step: 3,
        spent_sec: 0,
        running_since: Some(start.plus_seconds(50 * 60)),
    }));
    m.at_minute(75);
    m.event(Event::SetVotes(SetVotes {
        activity: upkeep,
        votes: 8,
    }));
    m
}

/// A row's kinds of benefit as the minutes and the sheets write them, in `lang`:
/// `心理的、状況の変化` (empty without any).
pub fn kinds_text(p: &Participant, lang: Lang) -> String {
    let kinds: Vec<&str> = p
        .benefit_kinds
        .iter()
        .map(|k| sori::i18n::Term::benefit_kind(*k).text(lang))
        .collect();
    kinds.join(sori::i18n::minutes::Label::ListSeparator.text(lang))
}
