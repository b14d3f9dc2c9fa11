//! A realistic Japanese session built through events, as a room would make it: 地域猫活動
//! (community cats). Shared by the TUI tests.

#![allow(dead_code)]

use sori::core::History;
use sori::core::event::*;
use sori::core::session::{
    Achieved, ActionItem, Activity, Coop, Idea, IdeaKind, Lang, ListRef, Participant, Party,
    Session, Status,
};
use sori::core::stamp::Stamp;
use sori::testkit::{SessionBuilder, Steps, id};

/// 2026-11-27 14:00 in Japan.
pub fn t0() -> Stamp {
    Stamp::from_unix(1_795_755_600, 9 * 3600)
}

fn text(field: &str, text: &str) -> Event {
    Event::SetText(SetText {
        field: field.parse().unwrap(),
        text: text.into(),
    })
}

fn item(list: &str, id_: &str, text: &str) -> Event {
    Event::AddItem(AddItem {
        list: list.parse::<ListRef>().unwrap(),
        id: id(id_),
        text: text.into(),
        index: None,
    })
}

fn party(id_: &str, name: &str, kind: &str) -> Event {
    let mut p = Party::new(id(id_), name);
    p.kind = kind.into();
    Event::AddParty(AddParty {
        party: p,
        index: None,
    })
}

fn participant(
    party: &str,
    role: &str,
    benefit: &str,
    purposes: &[&str],
    challenges: &[&str],
) -> Participant {
    let mut p = Participant::new(id(party));
    p.role = role.into();
    p.benefit = benefit.into();
    p.purposes = purposes.iter().map(|s| id(s)).collect();
    p.challenges = challenges.iter().map(|s| id(s)).collect();
    p
}

/// The events of the community-cats meeting, in the order the room made them.
pub fn community_cats_events() -> Vec<Event> {
    let mut ev = vec![
        Event::SetStart(SetStart { start: Some(t0()) }),
        Event::SetLang(SetLang { lang: Lang::Ja }),
        text("meta.title", "地域猫活動 第1回 語り合う場"),
        text("meta.venue", "みどり町公民館"),
        text("meta.facilitator", "佐藤"),
        party("p1", "地域猫の会", "npo"),
        Event::SetHost(SetHost {
            party: Some(id("p1")),
        }),
        party("p2", "みどり町町内会", "residents"),
        party("p3", "保健所", "government"),
        party("p4", "マンション管理人", "business"),
        party("p5", "市役所 生活環境課", "government"),
        // Step 1: the host.
        item("p1.purposes", "i10", "野良猫のトラブルを減らしたい"),
        item("p1.purposes", "i11", "猫も人も安心して暮らせる町にしたい"),
        item(
            "p1.challenges",
            "i12",
            "手術費用が足りない（1匹あたり約1万円）",
        ),
        item(
            "p1.challenges",
            "i13",
            "餌やりをする人が「迷惑な人」と見られている",
        ),
        item("p1.strengths", "i14", "🐈 猫に慣れたボランティアが12人いる"),
        item("p1.strengths", "i15", "捕獲器と動物病院とのつながり"),
        // Step 2: the partners.
        item("p2.purposes", "i20", "ｺﾞﾐ置き場を荒らされたくない"),
        item("p2.purposes", "i21", "住民どうしの揉め事を減らしたい"),
        item("p2.challenges", "i22", "糞尿の苦情が役員に集まる"),
        item("p2.strengths", "i23", "回覧板と掲示板"),
        item("p3.purposes", "i30", "猫の苦情相談を減らしたい"),
        item("p3.challenges", "i31", "職員が少なく現場に行けない"),
        item("p3.strengths", "i32", "手術費の助成制度"),
        item("p4.purposes", "i40", "敷地内の糞害をなくしたい"),
        item("p5.purposes", "i50", "殺処分ゼロを達成したい"),
        item("p5.strengths", "i51", "広報誌で周知できる"),
        item("p2.weaknesses", "i24", "役員の高齢化"),
        item("p2.opportunities", "i25", "秋祭りで住民が集まる"),
        item("p2.threats", "i26", "餌やりをめぐる住民の対立"),
        Event::SetStep(SetStep { step: 2 }),
        Event::SetTimer(SetTimer {
            step: 1,
            spent_sec: 1080,
            running_since: None,
        }),
        Event::SetTimer(SetTimer {
            step: 2,
            spent_sec: 1500,
            running_since: None,
        }),
        Event::SetStep(SetStep { step: 3 }),
    ];
    // Step 3: shared activities and the 相利評価表.
    let mut tnr = Activity::new(id("a60"), "TNR（不妊去勢手術）と餌やりルールづくり");
    tnr.coop = Coop::Mutual;
    tnr.status = Status::Planned;
    tnr.votes = 5;
    tnr.lead = Some(id("p1"));
    tnr.description = "捕獲して手術し、元の場所に戻す。餌やりは決めた場所と時間だけ。".into();
    tnr.participants = vec![
        participant(
            "p1",
            "捕獲・手術の手配、餌やり当番",
            "猫の命を守りながらトラブルを減らせる",
            &["i10"],
            &["i13"],
        ),
        participant(
            "p2",
            "回覧板で周知、餌やり場所の提供",
            "ゴミ荒らしと糞害の苦情が減る",
            &["i20", "i21"],
            &["i22"],
        ),
        participant(
            "p3",
            "手術費の助成、相談窓口",
            "苦情相談が減る",
            &["i30"],
            &[],
        ),
        participant("p4", "掲示板に掲示", "", &[], &[]),
    ];
    ev.push(Event::AddActivity(AddActivity {
        activity: tnr,
        index: None,
    }));
    let mut adopt = Activity::new(id("a61"), "猫の譲渡会");
    adopt.coop = Coop::Supported;
    adopt.votes = 2;
    adopt.participants = vec![
        participant("p1", "会場の運営", "飼い主が見つかる", &["i11"], &[]),
        participant("p5", "広報誌に掲載", "殺処分が減る", &["i50"], &[]),
    ];
    ev.push(Event::AddActivity(AddActivity {
        activity: adopt,
        index: None,
    }));
    let mut school = Activity::new(id("a62"), "子ども向け いのちの授業");
    school.participants = vec![participant(
        "p1",
        "授業の講師",
        "活動を知ってもらえる",
        &[],
        &[],
    )];
    ev.push(Event::AddActivity(AddActivity {
        activity: school,
        index: None,
    }));
    ev.push(Event::SetTimer(SetTimer {
        step: 3,
        spent_sec: 1800,
        running_since: Some(t0().plus_seconds(3600)),
    }));
    ev.push(text(
        "step3.notes",
        "手術費用の目安は1匹1万円。助成は年度ごと。",
    ));
    // Step 4 (from a follow-up meeting): evaluation and improvements.
    ev.push(Event::SetAchieved(SetAchieved {
        activity: id("a60"),
        party: id("p1"),
        achieved: Achieved::Yes,
    }));
    ev.push(text("a60/p1.comment", "12匹の手術ができた"));
    ev.push(Event::SetAchieved(SetAchieved {
        activity: id("a60"),
        party: id("p2"),
        achieved: Achieved::Partly,
    }));
    ev.push(text("a60/p2.comment", "糞害は減ったが、苦情はまだある"));
    ev.push(item(
        "a60.improvements",
        "i70",
        "餌やり当番の表を作って掲示する",
    ));
    ev.push(item(
        "a60.improvements",
        "i71",
        "苦情の窓口を町内会に一本化する",
    ));
    // Decisions, action items, parking lot, expansion.
    ev.push(item("decisions", "i80", "TNRを来月から始める"));
    ev.push(item(
        "decisions",
        "i81",
        "餌やり場所は公民館裏の1か所にする",
    ));
    let mut t1 = ActionItem::new(id("t82"), "回覧板の文面を作る");
    t1.who = "町内会 山田".into();
    t1.due = "2026-12-15".into();
    t1.activity = Some(id("a60"));
    ev.push(Event::AddAction(AddAction {
        action: t1,
        index: None,
    }));
    let mut t2 = ActionItem::new(id("t83"), "手術費助成の申請");
    t2.who = "地域猫の会 鈴木".into();
    t2.due = "来月末".into();
    t2.done = true;
    ev.push(Event::AddAction(AddAction {
        action: t2,
        index: None,
    }));
    ev.push(item("parking_lot", "i84", "多頭飼育の問題は別の場で話す"));
    let mut x1 = Idea::new(id("x85"), IdeaKind::Invite, "みどり小学校");
    x1.why = "いのちの授業として子どもに伝えたい".into();
    x1.activity = Some(id("a62"));
    ev.push(Event::AddIdea(AddIdea {
        idea: x1,
        index: None,
    }));
    let mut x2 = Idea::new(id("x86"), IdeaKind::Scale, "TNRを隣の町内会へ");
    x2.why = "猫は町内会の境を越えて動く".into();
    x2.activity = Some(id("a60"));
    ev.push(Event::AddIdea(AddIdea {
        idea: x2,
        index: None,
    }));
    let mut x3 = Idea::new(id("x87"), IdeaKind::Next, "3か月後に評価の会を開く");
    x3.why = "相利が実現したかを確かめる".into();
    ev.push(Event::AddIdea(AddIdea {
        idea: x3,
        index: None,
    }));
    ev
}

/// The community-cats session and its history, an event a minute from `t0`.
pub fn community_cats() -> (Session, History) {
    let mut b = SessionBuilder::new(Steps {
        next: t0(),
        seconds: 60,
    });
    for e in community_cats_events() {
        b.commit(e);
    }
    // Each event applies on its own too (the history replays).
    b.assert_replays();
    b.into_parts()
}

/// The workshop on an open session, its clock two hours after `t0` (the meeting's start).
pub fn open_app(path: &std::path::Path, lang: Lang) -> sori::tui::App {
    // Waits out a sibling test's child holding the lock for the moment before its exec.
    let (doc, notices) = sori::testkit::open_to_write(path);
    let mut app = sori::tui::App::live(doc, notices, lang);
    app.fixed_clock = Some(t0().plus_seconds(7200));
    app
}

/// What the status line says now (empty when it says nothing).
pub fn message(app: &sori::tui::App) -> String {
    app.view
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}
