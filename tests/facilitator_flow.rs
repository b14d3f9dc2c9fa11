//! The facilitator's flow (issue 12), key by key on a workshop `App` over a real `Document`:
//! undo that means "my last change", how far the meeting got, each step's timer, the same keys
//! in steps 1 and 2, the 相利評価表 at the speed of talk, the method's warnings explained.

mod common;

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use sori::core::History;
use sori::core::session::{BenefitKind, Coop, Lang, Session, TextField};
use sori::core::start::{NewSession, new_session_events};
use sori::store::Document;
use sori::testkit::keys::{ctrl, key, keys, screen_text};
use sori::testkit::{Fixed, SessionBuilder};
use sori::tui::App;
use sori::tui::editor::EditTarget;
use sori::tui::state::{Overlay, Pane};

fn create(dir: &Path, name: &str, session: Session, history: History) -> PathBuf {
    let path = dir.join(name);
    Document::create(&path, session, history).unwrap();
    path
}

/// `sori new w.yaml --host 海辺の会 --party 市の環境課 --party 漁協 ...`, each party with the
/// purpose and challenge steps 1 and 2 gave it (`goals`), in `lang`.
fn beach(dir: &Path, partners: &[&str], goals: bool, lang: Lang) -> PathBuf {
    let events = new_session_events(
        &NewSession {
            title: "海岸清掃の語り合う場".into(),
            lang,
            host: Some("海辺の会".into()),
            parties: partners.iter().map(|p| p.to_string()).collect(),
            ..NewSession::default()
        },
        common::t0(),
    );
    let mut b = SessionBuilder::new(Fixed(common::t0()));
    for e in events {
        b.commit(e);
    }
    if goals {
        let parties: Vec<_> = b.session.parties.clone();
        for p in parties {
            let list = |l| format!("{}.{l}", p.id).parse().unwrap();
            b.item(list("purposes"), &format!("{}の目的", p.name));
            b.item(list("challenges"), &format!("{}の課題", p.name));
        }
    }
    let (s, records) = b.finish();
    create(dir, "w.yaml", s, History::from_records(records))
}

fn cats(dir: &Path) -> PathBuf {
    let (s, h) = common::community_cats();
    create(dir, "cats.yaml", s, History::from_records(h.into_records()))
}

use common::{message, open_app as open};

fn status_line(app: &mut App, width: u16) -> String {
    let screen = screen_text(app, width, 24);
    screen.lines().last().unwrap_or_default().to_string()
}

fn editing(app: &App) -> Option<EditTarget> {
    app.view.editor.as_ref().map(|e| e.target.clone())
}

fn names(s: &Session) -> Vec<&str> {
    s.parties.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn undo_after_a_step_change_brings_back_the_deletion_and_says_what_it_undid() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["市の環境課", "漁協"], true, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    // In step 2, the party list: d on 市の環境課, then on to step 3.
    keys(&mut app, "2");
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.view.pane, Pane::Parties);
    assert_eq!(app.app_party_name(), "市の環境課");
    keys(&mut app, "d");
    assert_eq!(names(app.session()), ["海辺の会", "漁協"]);
    keys(&mut app, "3");
    // One u: the party, not the step change.
    keys(&mut app, "u");
    assert_eq!(names(app.session()), ["海辺の会", "市の環境課", "漁協"]);
    assert_eq!(app.session().meta.step, 3, "the step stays");
    assert_eq!(message(&app), "「市の環境課」の削除を元に戻しました");
    ctrl(&mut app, 'r');
    assert_eq!(message(&app), "「市の環境課」の削除をやり直しました");
    assert_eq!(names(app.session()), ["海辺の会", "漁協"]);
    // Nothing else is left to undo once the deletion is undone again: the step changes
    // were never edits.
    keys(&mut app, "uu");
    assert_eq!(message(&app), "元に戻す変更はありません");
    assert_eq!(app.session().meta.step, 3);
    // Other edits are named in the catalog's words too.
    keys(&mut app, "aふれあい清掃");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "u");
    assert_eq!(message(&app), "「ふれあい清掃」の追加を元に戻しました");
}

#[test]
fn undo_names_what_it_undid_in_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["City environment office"], false, Lang::En);
    let mut app = open(&path, Lang::En);
    keys(&mut app, "2");
    key(&mut app, KeyCode::BackTab);
    keys(&mut app, "d4u");
    assert_eq!(message(&app), "Undid removing “City environment office”");
    ctrl(&mut app, 'y');
    assert_eq!(message(&app), "Redid removing “City environment office”");
}

/// Closing the meeting (`E`) is an edit, so undo goes back over it even after a step change
/// (which undo passes by), names it, and redo records the same end again. Quitting asks to
/// close the meeting once it has reached step 5, even from an earlier step looked at since.
#[test]
fn closing_the_meeting_is_an_edit_that_undo_takes_back_past_a_step_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["市の環境課"], false, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    let t = common::t0().plus_seconds(7200);
    app.fixed_clock = Some(t);
    keys(&mut app, "5");
    keys(&mut app, "E");
    assert_eq!(app.session().meta.end, Some(t));
    keys(&mut app, "2");
    assert_eq!(app.session().meta.progress(), 5);
    keys(&mut app, "u");
    assert_eq!(app.session().meta.end, None);
    assert_eq!(app.session().meta.step, 2, "the step change stays");
    assert_eq!(message(&app), "閉会の記録の変更を元に戻しました");
    ctrl(&mut app, 'r');
    assert_eq!(app.session().meta.end, Some(t), "the same end again");
    assert_eq!(message(&app), "閉会の記録の変更をやり直しました");
    keys(&mut app, "u");
    // The meeting reached step 5 and is not closed: quitting from step 2 asks.
    keys(&mut app, "q");
    assert!(matches!(app.view.overlay, Some(Overlay::CloseOnQuit)));
    keys(&mut app, "y");
    assert_eq!(app.session().meta.end, Some(t));
}

impl AppExt for App {
    fn app_party_name(&self) -> String {
        let s = self.session();
        s.parties[self.view.sel.party.min(s.parties.len() - 1)]
            .name
            .clone()
    }
}

trait AppExt {
    fn app_party_name(&self) -> String;
}

#[test]
fn the_saved_step_is_where_the_facilitator_is_and_progress_how_far_the_meeting_got() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["漁協"], false, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "52");
    app.finish().unwrap();
    let (s, _) = sori::store::load(&path).unwrap();
    assert_eq!((s.meta.step, s.meta.reached, s.meta.progress()), (2, 5, 5));
    let summary = sori::store::listing::summary(&path).unwrap();
    assert_eq!((summary.step, summary.progress), (2, 5));
    // A file from before `reached` (sori: 1 as it was): its step is its progress.
    let old = std::fs::read_to_string(&path)
        .unwrap()
        .replace("  reached: 5\n", "");
    let old_path = dir.path().join("old.yaml");
    std::fs::write(&old_path, old).unwrap();
    assert_eq!(
        sori::store::listing::summary(&old_path).unwrap().progress,
        2
    );
}

#[test]
fn tab_stops_only_where_something_is_shown_and_a_adds_a_partner_where_none_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &[], false, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "2");
    // No partners yet: step 2 opens in the party list, and Tab goes between what is on
    // screen (the party list and the activities), never the empty partner pane.
    assert_eq!(app.view.pane, Pane::Parties);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Activities);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Parties, "and back");
    let mut seen = vec![];
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
        seen.push(app.view.pane);
    }
    assert!(!seen.contains(&Pane::Goals), "{seen:?}");
    // In the partner pane itself (a click puts the focus there), a adds a partner.
    app.view.pane = Pane::Goals;
    let said = status_line(&mut app, 120);
    assert!(!said.contains("主催者がまだいません"), "{said}");
    keys(&mut app, "a");
    assert_eq!(editing(&app), Some(EditTarget::NewParty));
    keys(&mut app, "漁協");
    key(&mut app, KeyCode::Enter);
    let s = app.session();
    assert_eq!(names(s), ["海辺の会", "漁協"]);
    assert_eq!(s.partners().count(), 1);
    let screen = screen_text(&mut app, 120, 24);
    assert!(
        screen.contains("[漁協]"),
        "the new partner's pane: {screen}"
    );
}

#[test]
fn the_same_keys_move_in_steps_1_and_2_and_the_status_line_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["市の環境課", "漁協"], true, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    // Step 1: → goes from list to list.
    assert_eq!((app.view.pane, app.view.sel.goal_list), (Pane::Goals, 0));
    let said = status_line(&mut app, 120);
    assert!(said.contains("Tab/→ 課題へ"), "{said}");
    keys(&mut app, "l");
    assert_eq!(app.view.sel.goal_list, 1);
    keys(&mut app, "2k");
    // Step 2: the same → goes from list to list (not to the next party), > to the next
    // partner.
    let first = app.app_party_name();
    assert_eq!(first, "市の環境課");
    let said = status_line(&mut app, 120);
    assert!(
        said.contains("Tab/→ 課題へ") && said.contains("> 漁協へ"),
        "{said}"
    );
    keys(&mut app, "l");
    assert_eq!(app.view.sel.goal_list, 1);
    assert_eq!(app.app_party_name(), "市の環境課", "→ stays with the party");
    let said = status_line(&mut app, 120);
    assert!(said.contains("Tab/→ 強み・資源へ"), "{said}");
    keys(&mut app, "a課題を足す");
    key(&mut app, KeyCode::Enter);
    let s = app.session();
    let city = s.parties.iter().find(|p| p.name == "市の環境課").unwrap();
    assert_eq!(city.challenges.len(), 2, "typed into the party shown");
    keys(&mut app, ">");
    assert_eq!(app.app_party_name(), "漁協");
    keys(&mut app, "<");
    assert_eq!(app.app_party_name(), "市の環境課");
}

#[test]
fn the_table_has_the_host_first_and_the_activity_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "3j");
    // The host leaves the 譲渡会 and joins again: last in the file's order.
    let s = app.session().clone();
    let (a, host) = (s.activities[1].id.clone(), s.meta.host.clone().unwrap());
    commit(&mut app, sori::core::edits::remove_participant(&a, &host));
    commit(&mut app, sori::core::edits::add_participant(&a, &host));
    let s = app.session().clone();
    assert_eq!(s.activities[1].participants.last().unwrap().party, host);
    let screen = screen_text(&mut app, 80, 24);
    let host_at = screen.find("地域猫の").unwrap();
    let other_at = screen.find("市役所").unwrap();
    assert!(host_at < other_at, "the host's row first: {screen}");
    for col in ["関係者", "課題", "目的", "活動", "役割", "相利"] {
        assert!(screen.contains(col), "{col}: {screen}");
    }
    // The minutes have the same order.
    let md = sori::export::markdown::render(&s, &[], Lang::Ja);
    let table = &md[md.find("### 猫の譲渡会").expect(&md)..];
    let row = |name: &str| table.find(&format!("| {name}")).expect(table);
    assert!(row("地域猫の会") < row("市役所"), "{table}");
}

/// Commit an event as the screen would (through the open document).
fn commit(app: &mut App, e: sori::core::Event) {
    let now = common::t0().plus_seconds(7200);
    match &mut app.source {
        sori::tui::Source::Live(doc) => doc.commit(e, now).unwrap(),
        _ => unreachable!(),
    }
}

#[test]
fn typing_flows_through_the_row_and_on_to_the_next_party() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["市の環境課", "漁協"], true, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "3a清掃");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    // Join every party through the p checklist: each row arrives with its goals ticked.
    keys(&mut app, "p j j ");
    key(&mut app, KeyCode::Esc);
    let s = app.session();
    for (part, party) in s.activities[0].participants.iter().zip(&s.parties) {
        assert_eq!(part.purposes.len(), 1, "{}", party.name);
        assert_eq!(part.challenges.len(), 1, "{}", party.name);
    }
    // The role cell of the first row; Tab saves and goes on, Shift-Tab back.
    keys(&mut app, "glll");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        editing(&app),
        Some(EditTarget::Text(TextField::Role(..)))
    ));
    keys(&mut app, "道具を貸す");
    key(&mut app, KeyCode::Tab);
    assert!(matches!(
        editing(&app),
        Some(EditTarget::Text(TextField::Benefit(..)))
    ));
    key(&mut app, KeyCode::BackTab);
    assert!(matches!(
        editing(&app),
        Some(EditTarget::Text(TextField::Role(..)))
    ));
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "海がきれいになる");
    // At the row's end: the next party's row, its checklist first.
    key(&mut app, KeyCode::Enter);
    let Some(Overlay::Links { party, .. }) = &app.view.overlay else {
        panic!("{:?}", app.view.overlay);
    };
    assert_eq!(app.session().party_name(party), "市の環境課");
    assert_eq!(app.view.sel.table_row, 1);
    // Shift-Tab from the checklist: back to the benefit of the row above.
    key(&mut app, KeyCode::BackTab);
    assert!(matches!(
        editing(&app),
        Some(EditTarget::Text(TextField::Benefit(..)))
    ));
    assert_eq!(app.view.sel.table_row, 0);
    key(&mut app, KeyCode::Esc);
    let s = app.session();
    let row = &s.activities[0].participants[0];
    assert_eq!(
        (row.role.as_str(), row.benefit.as_str()),
        ("道具を貸す", "海がきれいになる")
    );
}

#[test]
fn a_new_row_starts_at_its_first_column_in_step_5_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Ideas);
    // The cursor in the why column of the row above.
    keys(&mut app, "ll");
    keys(&mut app, "a隣の町内会");
    key(&mut app, KeyCode::Enter);
    let s = app.session();
    let row = s.expansion.len() - 1;
    assert_eq!(app.view.sel.idea_row, row);
    // Typing goes on in the new row: its why, not the row above's.
    assert_eq!(
        editing(&app),
        Some(EditTarget::Text(TextField::IdeaWhy(
            s.expansion[row].id.clone()
        )))
    );
    keys(&mut app, "同じ悩みがある");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().expansion[row].why, "同じ悩みがある");
}

#[test]
fn kinds_of_benefit_are_tagged_per_row_and_grouped_in_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "3");
    key(&mut app, KeyCode::Tab);
    // The first row (the host): b, then 3 (psychological) and 4 (a change of situation).
    keys(&mut app, "b");
    let screen = screen_text(&mut app, 80, 24);
    for entry in [
        "1 [ ] お金",
        "2 [ ] モノ・サービス",
        "3 [ ] 心理的",
        "4 [ ] 状況の変化",
    ] {
        assert!(screen.contains(entry), "{entry}: {screen}");
    }
    keys(&mut app, "34");
    key(&mut app, KeyCode::Enter);
    assert!(app.view.overlay.is_none());
    keys(&mut app, "jb1");
    key(&mut app, KeyCode::Enter);
    let s = app.session().clone();
    let rows = s.table_rows(&s.activities[0]);
    assert_eq!(
        rows[0].benefit_kinds,
        [BenefitKind::Psychological, BenefitKind::Situation]
    );
    assert_eq!(rows[1].benefit_kinds, [BenefitKind::Money]);
    let screen = screen_text(&mut app, 160, 48);
    assert!(screen.contains("〔心理的・状況の変化〕"), "{screen}");
    app.finish().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("benefit_kinds:\n    - psychological\n    - situation"),
        "{text}"
    );
    let (s, records) = sori::store::load(&path).unwrap();
    let md = sori::export::markdown::render(&s, &records, Lang::Ja);
    assert!(md.contains("相利の種類"), "{md}");
    assert!(
        md.contains("- お金：みどり町町内会（ゴミ荒らしと糞害の苦情が減る）"),
        "{md}"
    );
    assert!(
        md.contains("- 心理的：地域猫の会（猫の命を守りながらトラブルを減らせる）"),
        "{md}"
    );
}

#[test]
fn the_cooperation_type_is_chosen_from_a_numbered_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    for (lang, entries) in [
        (
            Lang::Ja,
            [
                "1   型1 同じ目的・同じ活動",
                "2   型2 主役に協力",
                "3 ● 型3 相利",
            ],
        ),
        (
            Lang::En,
            [
                "1   Type 1 same purpose",
                "2   Type 2 supporting a lead",
                "3 ● Type 3 mutual benefit",
            ],
        ),
    ] {
        let mut app = open(&path, lang);
        keys(&mut app, "3c");
        let screen = screen_text(&mut app, 100, 30);
        for entry in entries {
            assert!(screen.contains(entry), "{entry}: {screen}");
        }
        key(&mut app, KeyCode::Esc);
    }
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "3c2");
    assert_eq!(app.session().activities[0].coop, Coop::Supported);
    assert!(
        message(&app).contains("型2 主役に協力"),
        "{}",
        message(&app)
    );
    // Enter chooses the selected entry.
    keys(&mut app, "cj");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().activities[0].coop, Coop::Mutual);
}

#[test]
fn a_warning_is_flagged_in_step_4_and_explained_on_selection_and_in_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "4");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Evaluation);
    let screen = screen_text(&mut app, 120, 30);
    assert!(screen.contains("⚠ 相利なし"), "step 4 flags it: {screen}");
    // The one-sided row selected: the status line says what the ⚠ means.
    keys(&mut app, "G");
    let said = status_line(&mut app, 160);
    assert!(
        said.contains("⚠ 一方的な協力：マンション管理人 に役割はあるが相利がない")
            && said.contains("相利（その関係者が得るもの）を書くと消えます"),
        "{said}"
    );
    // A row without a warning: the keys again.
    keys(&mut app, "g");
    assert!(!status_line(&mut app, 160).contains("一方的"));
    // A purpose no activity serves (marked !) says so when selected, in steps 1–2.
    keys(&mut app, "2");
    let manager = app
        .session()
        .parties
        .iter()
        .position(|p| p.name == "マンション管理人");
    app.view.sel.party = manager.unwrap();
    app.view.pane = Pane::Goals;
    keys(&mut app, "k");
    let said = status_line(&mut app, 160);
    assert!(
        said.contains("! どの活動も応えていない目的：マンション管理人「敷地内の糞害をなくしたい」")
            && said.contains("結ぶと消えます"),
        "{said}"
    );
    // The help explains every mark.
    keys(&mut app, "?");
    let mut help = String::new();
    for _ in 0..20 {
        help.push_str(&screen_text(&mut app, 120, 40));
        key(&mut app, KeyCode::PageDown);
    }
    for expect in [
        "印の意味",
        "⚠ 相利なし",
        "一方的な協力",
        "! 目的",
        "! 時間超過",
    ] {
        assert!(help.contains(expect), "{expect}: {help}");
    }
}

#[test]
fn an_old_due_date_that_is_not_a_date_stays_readable_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let app = open(&path, Lang::Ja);
    let s = app.session();
    let old = s.action_items.iter().find(|t| t.due == "来月末");
    let old = old.expect("the fixture has one in words");
    assert_eq!(old.due_date(), None);
    let dated = s
        .action_items
        .iter()
        .find(|t| t.due == "2026-12-15")
        .unwrap();
    assert_eq!(dated.due_date(), Some("2026-12-15".parse().unwrap()));
}

#[test]
fn the_bell_is_a_setting_of_the_session_in_the_meeting_info() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["漁協"], false, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    // The timebox of step 1 is 15 minutes; the clock stands 100 s in.
    let t = common::t0().plus_seconds(100);
    app.fixed_clock = Some(t);
    keys(&mut app, "t");
    app.fixed_clock = Some(t.plus_seconds(15 * 60 - 1));
    app.tick();
    assert!(!app.take_bell(), "not yet");
    app.fixed_clock = Some(t.plus_seconds(15 * 60));
    app.tick();
    assert!(app.take_bell(), "rings when the timebox runs out");
    assert_eq!(message(&app), "ステップ1の予定時間になりました");
    app.fixed_clock = Some(t.plus_seconds(16 * 60));
    app.tick();
    assert!(!app.take_bell(), "once");
    assert!(screen_text(&mut app, 80, 24).contains("! 時間超過"));
    // Off in the meeting's details: the row at the end, Enter changes it.
    keys(&mut app, "IG");
    let screen = screen_text(&mut app, 100, 30);
    assert!(
        screen.contains("時間切れのベル") && screen.contains("鳴らす（1回）"),
        "{screen}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(!app.session().meta.bell);
    key(&mut app, KeyCode::Esc);
    // Step 2's timebox runs out: no bell now, only the mark and the message.
    keys(&mut app, "2t");
    app.fixed_clock = Some(t.plus_seconds(16 * 60 + 25 * 60));
    app.tick();
    assert!(!app.take_bell());
    assert_eq!(message(&app), "ステップ2の予定時間になりました");
    app.finish().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("  bell: false\n"), "{text}");
}

#[test]
fn an_enter_with_more_input_right_behind_it_is_a_line_break_of_a_paste() {
    let dir = tempfile::tempdir().unwrap();
    let path = beach(dir.path(), &["漁協"], false, Lang::Ja);
    let mut app = open(&path, Lang::Ja);
    keys(&mut app, "a一行目");
    // The loop saw more input within the lookahead: the Enter is text.
    app.input_follows(true);
    app.handle_event(TermEvent::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    keys(&mut app, "2行目");
    assert!(app.view.editor.is_some());
    assert_eq!(app.session().meta.step, 1);
    key(&mut app, KeyCode::Enter);
    let host = app.session().host().unwrap();
    assert_eq!(host.purposes[0].text, "一行目\n2行目");
}
