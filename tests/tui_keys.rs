//! From keys to the session: key sequences on a workshop `App` over a real `Document`, and the
//! session (and the file) they leave.

mod common;

use sori::testkit::keys::{ctrl, key, keys, screen_text};
use sori::testkit::{Fixed, SessionBuilder};
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use sori::core::History;
use sori::core::session::{Achieved, Disclosure, IdeaKind, Lang, MeetingList, Session, TextField};
use sori::core::start::{NewSession, new_session_events};
use sori::store::Document;
use sori::tui::App;
use sori::tui::editor::EditTarget;
use sori::tui::state::{Overlay, Pane};

fn create(dir: &Path, name: &str, session: Session, history: History) -> PathBuf {
    let path = dir.join(name);
    Document::create(&path, session, history).unwrap();
    path
}

/// `sori new w.yaml --title 地域猫 --host 地域猫の会 --party 町内会 --party 保健所 --lang ja`
fn new_session(dir: &Path) -> PathBuf {
    session_titled(dir, "地域猫")
}

/// `sori new w.yaml [--title TITLE] --host 地域猫の会 --party 町内会 --party 保健所 --lang ja`
fn session_titled(dir: &Path, title: &str) -> PathBuf {
    let events = new_session_events(
        &NewSession {
            title: title.into(),
            lang: Lang::Ja,
            host: Some("地域猫の会".into()),
            parties: vec!["町内会".into(), "保健所".into()],
            ..NewSession::default()
        },
        common::t0(),
    );
    let mut b = SessionBuilder::new(Fixed(common::t0()));
    for e in events {
        b.commit(e);
    }
    let (s, records) = b.finish();
    create(dir, "w.yaml", s, History::from_records(records))
}

fn cats(dir: &Path) -> PathBuf {
    let (s, h) = common::community_cats();
    create(dir, "cats.yaml", s, History::from_records(h.into_records()))
}

fn open(path: &Path) -> App {
    common::open_app(path, Lang::Ja)
}

fn session(app: &App) -> &Session {
    app.session()
}

fn texts(items: &[sori::core::session::Item]) -> Vec<&str> {
    items.iter().map(|i| i.text.as_str()).collect()
}

#[test]
fn a_new_session_takes_a_purpose_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let mut app = open(&path);
    assert_eq!(app.view.pane, Pane::Goals, "focus in the host's purposes");
    keys(&mut app, "a野良猫のトラブルを減らしたい");
    key(&mut app, KeyCode::Enter);
    let host = session(&app).host().unwrap();
    assert_eq!(texts(&host.purposes), ["野良猫のトラブルを減らしたい"]);
    assert!(app.document().unwrap().is_saved(), "journaled at once");
    app.finish().unwrap();
    let (doc, _) = Document::open(&path).unwrap();
    assert_eq!(
        texts(&doc.session().host().unwrap().purposes),
        ["野良猫のトラブルを減らしたい"]
    );
}

#[test]
fn edit_delete_undo_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    keys(&mut app, "a猫の苦情");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "a二つ目");
    key(&mut app, KeyCode::Enter);
    // Edit the first: Enter opens the editor with the text, the caret at its end.
    keys(&mut app, "k");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "を減らす");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        texts(&session(&app).parties[0].purposes),
        ["猫の苦情を減らす", "二つ目"]
    );
    // Esc cancels an edit.
    keys(&mut app, "e消えない");
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        session(&app).parties[0].purposes[0].text,
        "猫の苦情を減らす"
    );
    // d removes without a question; u brings it back; Ctrl-R removes it again.
    keys(&mut app, "d");
    assert_eq!(texts(&session(&app).parties[0].purposes), ["二つ目"]);
    keys(&mut app, "u");
    assert_eq!(
        texts(&session(&app).parties[0].purposes),
        ["猫の苦情を減らす", "二つ目"]
    );
    ctrl(&mut app, 'r');
    assert_eq!(texts(&session(&app).parties[0].purposes), ["二つ目"]);
    ctrl(&mut app, 'z');
    ctrl(&mut app, 'y');
    assert_eq!(texts(&session(&app).parties[0].purposes), ["二つ目"]);
    // Tab to challenges: a adds there.
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "a費用が足りない");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        texts(&session(&app).parties[0].challenges),
        ["費用が足りない"]
    );
    // An empty new item is not added.
    keys(&mut app, "a   ");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).parties[0].challenges.len(), 1);
}

#[test]
fn parties_are_added_and_a_referenced_party_deleted_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&cats(dir.path()));
    keys(&mut app, "2");
    // Focus the party list: Goals ×3 lists, Activities, Parties.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.view.pane, Pane::Parties);
    keys(&mut app, "aみどり小学校");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).parties.last().unwrap().name, "みどり小学校");
    // 町内会 (second) takes part in the TNR activity.
    keys(&mut app, "gj");
    let before = session(&app).clone();
    keys(&mut app, "d");
    let s = session(&app);
    assert!(s.parties.iter().all(|p| p.name != "みどり町町内会"));
    assert!(
        s.activities[0]
            .participants
            .iter()
            .all(|p| p.party.as_str() != "p2")
    );
    keys(&mut app, "u");
    assert_eq!(
        session(&app),
        &before,
        "one undo restores the party and its rows"
    );
}

#[test]
fn steps_change_with_brackets_and_numbers_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let mut app = open(&path);
    keys(&mut app, "]");
    assert_eq!(session(&app).meta.step, 2);
    keys(&mut app, "5");
    assert_eq!(session(&app).meta.step, 5);
    assert_eq!(app.view.pane, Pane::Activities);
    keys(&mut app, "[");
    assert_eq!(session(&app).meta.step, 4);
    keys(&mut app, "]]]");
    assert_eq!(session(&app).meta.step, 5, "no step after 5");
    // Moving between steps is not an edit: undo passes it by.
    keys(&mut app, "u");
    assert_eq!(session(&app).meta.step, 5);
    assert_eq!(message(&app), "元に戻す変更はありません");
    keys(&mut app, "[");
    // A step change folds the journal into the file; how far the meeting got stays.
    let (on_disk, records) = sori::store::load(&path).unwrap();
    assert_eq!((on_disk.meta.step, on_disk.meta.progress()), (4, 5));
    // ...and the history keeps every step change, for the replay.
    let steps: Vec<u8> = records
        .iter()
        .filter_map(|r| sori::replay::describe::step_set(&r.event))
        .collect();
    assert_eq!(steps, [2, 5, 4, 5, 4]);
}

#[test]
fn activities_votes_cooperation_status_and_lead() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    keys(&mut app, "3");
    assert_eq!(app.view.pane, Pane::Activities);
    keys(&mut app, "aTNRと餌やりルール");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "vvvV");
    let a = &session(&app).activities[0];
    assert_eq!((a.title.as_str(), a.votes), ("TNRと餌やりルール", 2));
    // The cooperation type from its numbered menu: c, then 1 (型1).
    keys(&mut app, "c");
    assert!(matches!(app.view.overlay, Some(Overlay::Menu { .. })));
    keys(&mut app, "1s");
    let a = &session(&app).activities[0];
    assert_eq!(a.coop, sori::core::session::Coop::SamePurpose);
    assert_eq!(a.status, sori::core::session::Status::Planned);
    // Parties take part through the checklist: p, j, Space, j, Space, Esc.
    keys(&mut app, "p j ");
    key(&mut app, KeyCode::Esc);
    let parts: Vec<&str> = session(&app).activities[0]
        .participants
        .iter()
        .map(|p| p.party.as_str())
        .collect();
    assert_eq!(parts, ["p1", "p2"]);
    keys(&mut app, "LL");
    assert_eq!(
        session(&app).activities[0].lead.as_ref().unwrap().as_str(),
        "p2"
    );
}

#[test]
fn the_table_cells_are_edited_in_place_and_links_picked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    keys(&mut app, "a猫を守りたい");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "3aTNR");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Table);
    // a in the table: the menu of parties not taking part yet, the host first; Enter adds
    // it, with its purposes ticked, and typing starts in its row at the checklist.
    keys(&mut app, "a");
    assert!(matches!(app.view.overlay, Some(Overlay::Menu { .. })));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.view.overlay, Some(Overlay::Links { .. })));
    let s = session(&app);
    let purpose = s.parties[0].purposes[0].id.clone();
    assert_eq!(s.activities[0].participants[0].purposes, [purpose]);
    // Enter: on to the role, then the benefit.
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "捕獲と手術");
    key(&mut app, KeyCode::Enter);
    let part = &session(&app).activities[0].participants[0];
    assert_eq!(part.role, "捕獲と手術");
    // One-sided until the benefit is written.
    assert!(sori::core::checks::is_one_sided(part));
    key(&mut app, KeyCode::Esc);
    let screen = screen_text(&mut app, 160, 48);
    assert!(screen.contains("⚠ 相利なし"), "{screen}");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "猫の命を守れる");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).activities[0].participants[0].benefit,
        "猫の命を守れる"
    );
    // At the row's end, the next party: parties are left to add, so their menu.
    assert!(matches!(app.view.overlay, Some(Overlay::Menu { .. })));
    key(&mut app, KeyCode::Esc);
    // The purpose cell: Enter opens the row's checklist; Space unticks; a adds and links.
    keys(&mut app, "hh");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.view.overlay, Some(Overlay::Links { .. })));
    keys(&mut app, " a住民の理解を得たい");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "k ");
    key(&mut app, KeyCode::Esc);
    let s = session(&app);
    let linked: Vec<&str> = s.activities[0].participants[0]
        .purposes
        .iter()
        .map(|id| s.item(id).unwrap().text.as_str())
        .collect();
    assert_eq!(linked, ["住民の理解を得たい", "猫を守りたい"]);
    // Deleting a linked purpose unlinks it in the same change; undo relinks it.
    keys(&mut app, "1");
    let before = session(&app).clone();
    keys(&mut app, "d");
    assert!(session(&app).activities[0].participants[0].purposes.len() == 1);
    keys(&mut app, "u");
    assert_eq!(session(&app).activities, before.activities);
}

#[test]
fn evaluation_ideas_and_action_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&cats(dir.path()));
    keys(&mut app, "4");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Evaluation);
    keys(&mut app, "jj ");
    assert_eq!(
        session(&app).activities[0].participants[2]
            .evaluation
            .achieved,
        Achieved::Yes
    );
    keys(&mut app, "l");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "相談が3割減った");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).activities[0].participants[2]
            .evaluation
            .comment,
        "相談が3割減った"
    );
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "a猫の数を数える");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).activities[0].improvements.len(), 3);
    keys(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Ideas);
    keys(&mut app, "a獣医師会");
    key(&mut app, KeyCode::Enter);
    // Typing flows on to the new row's next cell (why); Esc stops there.
    assert!(matches!(
        app.view.editor.as_ref().map(|e| &e.target),
        Some(EditTarget::Text(TextField::IdeaWhy(_)))
    ));
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "c");
    let x = session(&app).expansion.last().unwrap();
    assert_eq!((x.name.as_str(), x.kind), ("獣医師会", IdeaKind::Scale));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view.pane, Pane::Actions);
    keys(&mut app, " ");
    assert!(session(&app).action_items[0].done);
    // `x` is the minutes here too, not a second way to tick an item.
    keys(&mut app, "x");
    assert!(session(&app).action_items[0].done);
    let said = &app.view.message.as_ref().unwrap().text;
    assert!(said.contains(".minutes.md"), "{said}");
    // The overlays are there from any step: A, D, P.
    keys(&mut app, "1D");
    assert!(matches!(app.view.overlay, Some(Overlay::Decisions { .. })));
    keys(&mut app, "a次回は3月");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).decisions.last().unwrap().text, "次回は3月");
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "Pa多頭飼育");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).parking_lot.last().unwrap().text, "多頭飼育");
    keys(&mut app, "q");
    assert!(app.view.overlay.is_none(), "q closes an overlay");
    assert!(!app.quit);
    keys(&mut app, "Aa会場を予約");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).action_items.last().unwrap().what,
        "会場を予約"
    );
}

#[test]
fn the_step_timer_starts_and_pauses() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    let t = common::t0().plus_seconds(100);
    app.fixed_clock = Some(t);
    assert_eq!(
        app.wakeup(std::time::Instant::now()),
        None,
        "idle: no wakeup"
    );
    keys(&mut app, "t");
    assert_eq!(session(&app).meta.steps[0].running_since, Some(t));
    assert!(app.wakeup(std::time::Instant::now()).unwrap() <= std::time::Duration::from_secs(1));
    app.fixed_clock = Some(t.plus_seconds(90));
    app.tick();
    assert!(screen_text(&mut app, 80, 24).contains("計測中 01:30/15:00"));
    keys(&mut app, "t");
    let st = &session(&app).meta.steps[0];
    assert_eq!((st.spent_sec, st.running_since), (90, None));
    // Each step's timer is its own: changing step stops a running one, says so, and the
    // next step's waits for t.
    keys(&mut app, "t");
    app.fixed_clock = Some(t.plus_seconds(100));
    keys(&mut app, "]");
    let s = session(&app);
    assert_eq!(s.meta.steps[0].running_since, None);
    assert_eq!(s.meta.steps[0].spent_sec, 100);
    assert_eq!(s.meta.steps[1].running_since, None);
    let said = message(&app);
    assert!(
        said.contains("ステップ1のタイマーを止めました（01:40）") && said.contains("t で"),
        "{said}"
    );
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("停止中 00:00/25:00"), "{screen}");
}

#[test]
fn paste_outside_the_editor_adds_the_whole_block() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    app.handle_event(Event::Paste("一行目\r\n二行目".into()));
    assert!(app.view.editor.is_some());
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        texts(&session(&app).parties[0].purposes),
        ["一行目\n二行目"]
    );
}

#[test]
fn ctrl_c_while_typing_saves_the_text_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let mut app = open(&path);
    keys(&mut app, "a書きかけ");
    ctrl(&mut app, 'c');
    assert!(app.quit);
    app.finish().unwrap();
    let (s, _) = sori::store::load(&path).unwrap();
    assert_eq!(texts(&s.parties[0].purposes), ["書きかけ"]);
}

#[test]
fn a_read_only_screen_refuses_edits_with_a_message() {
    let (s, _) = common::community_cats();
    let mut app = App::snapshot(s.clone(), "cats.yaml".into(), Lang::En);
    keys(&mut app, "ad]t");
    assert!(app.view.editor.is_none());
    assert_eq!(session(&app), &s);
    assert!(screen_text(&mut app, 80, 24).contains("Read-only"));
    // Looking around still works.
    keys(&mut app, "j?");
    assert!(matches!(app.view.overlay, Some(Overlay::Help { .. })));
}

#[test]
fn a_second_sori_opens_read_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let _first = open(&path);
    let mut second = open(&path);
    assert!(second.read_only());
    assert!(matches!(
        second.view.overlay,
        Some(Overlay::Messages { .. })
    ));
    let screen = screen_text(&mut second, 80, 24);
    assert!(screen.contains("読み取り専用"), "{screen}");
    key(&mut second, KeyCode::Esc);
    keys(&mut second, "a");
    assert!(second.view.editor.is_none());
}

#[test]
fn clicks_select_and_the_wheel_moves() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&cats(dir.path()));
    keys(&mut app, "1");
    let screen = screen_text(&mut app, 80, 24);
    // Click 保健所 in the party list.
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("保健所"))
        .unwrap();
    let x = line.find("保健所").unwrap();
    let column = sori::text::width(&line[..x]) as u16;
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: y as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.view.pane, Pane::Parties);
    assert_eq!(app.view.sel.party, 2);
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column,
        row: y as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.view.sel.party, 3);
    // Click step 3 in the step bar.
    screen_text(&mut app, 80, 24);
    let bar = screen_text(&mut app, 80, 24)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let x = bar.find("3 企画").unwrap();
    let column = sori::text::width(&bar[..x]) as u16;
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: 0,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(session(&app).meta.step, 3);
}

#[test]
fn resizing_keeps_the_focus_and_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&cats(dir.path()));
    keys(&mut app, "3");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "j");
    let before = (app.view.pane, app.view.sel.clone());
    for (w, h) in [(80, 24), (40, 10), (0, 0), (200, 60), (79, 24), (80, 24)] {
        app.handle_event(Event::Resize(w, h));
        let screen = screen_text(&mut app, w, h);
        if w < 80 && w > 20 {
            assert!(screen.contains("画面が小さすぎます"));
        }
    }
    assert_eq!((app.view.pane, app.view.sel.clone()), before);
}

#[test]
fn the_help_lists_the_keys_of_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = open(&new_session(dir.path()));
    keys(&mut app, "?");
    let mut screen = screen_text(&mut app, 80, 24);
    for _ in 0..10 {
        key(&mut app, KeyCode::PageDown);
        screen.push_str(&screen_text(&mut app, 80, 24));
    }
    for expect in [
        "ヘルプ",
        "追加する",
        "Ctrl-Z",
        "次のステップへ",
        "Alt-Enter",
        "改行を入れる",
        "会議の情報（タイトル・日時",
        "関係者ごとの参加者",
    ] {
        assert!(screen.contains(expect), "{expect}: {screen}");
    }
    key(&mut app, KeyCode::Esc);
    assert!(app.view.overlay.is_none());
}

#[test]
fn a_failed_write_shows_in_the_status_line_until_a_write_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let mut app = open(&path);
    // A folder where the journal should go: appending to it fails.
    let journal = sori::store::journal::journal_path(&path);
    std::fs::create_dir(&journal).unwrap();
    keys(&mut app, "a消えない目的");
    key(&mut app, KeyCode::Enter);
    assert_eq!(texts(&session(&app).parties[0].purposes), ["消えない目的"]);
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("✗ 未保存"), "{screen}");
    std::fs::remove_dir(&journal).unwrap();
    keys(&mut app, "a二つ目");
    key(&mut app, KeyCode::Enter);
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("✓ 保存済み"), "{screen}");
    app.finish().unwrap();
    let (s, _) = sori::store::load(&path).unwrap();
    assert_eq!(texts(&s.parties[0].purposes), ["消えない目的", "二つ目"]);
}

/// `sori new w.yaml --host 地域猫の会 --party 町内会 --party 保健所 --lang ja`: no title.
fn untitled_session(dir: &Path) -> PathBuf {
    session_titled(dir, "")
}

/// Clear the editor's line and type `text` (the editor opens with the field's text).
fn retype(app: &mut App, text: &str) {
    ctrl(app, 'u');
    keys(app, text);
}

use common::message;

#[test]
fn the_meeting_details_are_edited_from_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = untitled_session(dir.path());
    let mut app = open(&path);
    let before = session(&app).clone();
    assert_eq!(before.meta.title, "");
    assert!(
        screen_text(&mut app, 80, 24).contains("（無題：I で入力）"),
        "an untitled session says where to give it a title"
    );
    keys(&mut app, "I");
    assert!(matches!(
        app.view.overlay,
        Some(Overlay::Meeting { row: 0 })
    ));
    // Title.
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "地域猫 第1回");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).meta.title, "地域猫 第1回");
    // Date and start: the editor opens with the local time as typed; the offset is kept.
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.view.editor.as_ref().unwrap().text(),
        sori::tui::typed::start_text(before.meta.start.as_ref())
    );
    retype(&mut app, "２０２６/11/27 14:00");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).meta.start.unwrap().to_string(),
        "2026-11-27T14:00:00+09:00"
    );
    // What cannot be read stays in the editor, with the expected form.
    key(&mut app, KeyCode::Enter);
    retype(&mut app, "来週の金曜");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.editor.as_ref().unwrap().text(), "来週の金曜");
    assert!(
        message(&app).contains("2026-11-27 14:00"),
        "{}",
        message(&app)
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        session(&app).meta.start.unwrap().to_string(),
        "2026-11-27T14:00:00+09:00"
    );
    // The close of the meeting (E records it): passed here.
    keys(&mut app, "j");
    // Venue, facilitator, minute-taker.
    for text in ["みどり町公民館", "佐藤（社協）", "鈴木（記録）"] {
        keys(&mut app, "j");
        key(&mut app, KeyCode::Enter);
        keys(&mut app, text);
        key(&mut app, KeyCode::Enter);
    }
    let meta = &session(&app).meta;
    assert_eq!(
        (
            meta.venue.as_str(),
            meta.facilitator.as_str(),
            meta.recorder.as_str()
        ),
        ("みどり町公民館", "佐藤（社協）", "鈴木（記録）")
    );
    // The agenda is a list of its own, opened from its row; Esc comes back to the row.
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.view.overlay,
        Some(Overlay::MeetingList {
            list: MeetingList::Agenda,
            ..
        })
    ));
    for text in ["困りごとの共有", "次回の日程"] {
        keys(&mut app, "a");
        keys(&mut app, text);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Esc);
    assert!(matches!(
        app.view.overlay,
        Some(Overlay::Meeting { row: 6 })
    ));
    assert_eq!(
        texts(&session(&app).meta.agenda),
        ["困りごとの共有", "次回の日程"]
    );
    // Absentees and handouts: passed. The next meeting: its date, venue and note.
    keys(&mut app, "jjj");
    key(&mut app, KeyCode::Enter);
    retype(&mut app, "2026-12-04 14:00");
    key(&mut app, KeyCode::Enter);
    for text in ["同じ会場", "ふりかえり"] {
        keys(&mut app, "j");
        key(&mut app, KeyCode::Enter);
        keys(&mut app, text);
        key(&mut app, KeyCode::Enter);
    }
    let next = &session(&app).meta.next;
    assert_eq!(
        (
            next.start.map(|s| s.to_string()),
            next.venue.as_str(),
            next.note.as_str()
        ),
        (
            Some("2026-12-04T14:00:00+09:00".to_string()),
            "同じ会場",
            "ふりかえり"
        )
    );
    // Public or closed: not said → public → closed.
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).meta.disclosure, Some(Disclosure::Public));
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).meta.disclosure, Some(Disclosure::Closed));
    // The signatories: passed.
    keys(&mut app, "j");
    // The language: --lang chose the screen's (as `open` does here), so only the session's
    // changes, and the message says so.
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).meta.lang, Lang::En);
    assert_eq!(app.lang, Lang::Ja);
    assert!(message(&app).contains("--lang"), "{}", message(&app));
    // Without --lang the screen follows, and follows an undo too.
    app.lang_follows_session = true;
    key(&mut app, KeyCode::Enter);
    assert_eq!((session(&app).meta.lang, app.lang), (Lang::Ja, Lang::Ja));
    key(&mut app, KeyCode::Enter);
    assert_eq!((session(&app).meta.lang, app.lang), (Lang::En, Lang::En));
    assert!(screen_text(&mut app, 80, 24).contains("Meeting info"));
    keys(&mut app, "u");
    assert_eq!((session(&app).meta.lang, app.lang), (Lang::Ja, Lang::Ja));
    // The host goes round the parties.
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).host().unwrap().name, "町内会");
    // A step's timebox, in minutes.
    keys(&mut app, "jjj");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.editor.as_ref().unwrap().text(), "40");
    retype(&mut app, "５０分");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).meta.steps[2].timebox_min, 50);
    key(&mut app, KeyCode::Enter);
    retype(&mut app, "1000");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.view.editor.is_some(),
        "more than 999 minutes is refused"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(session(&app).meta.steps[2].timebox_min, 50);
    // Every row in sight on a taller screen (at 80×24 the list scrolls).
    let screen = screen_text(&mut app, 100, 32);
    for shown in [
        "地域猫 第1回",
        "2026-11-27 14:00",
        "みどり町公民館",
        "鈴木（記録）",
        "2件：困りごとの共有、次回の日程",
        "2026-12-04 14:00",
        "非公開",
        "50分",
        "町内会",
    ] {
        assert!(screen.contains(shown), "{shown}: {screen}");
    }
    // Each change undoes, back to the session as `sori new` made it; redo brings them back.
    let after = session(&app).clone();
    for _ in 0..40 {
        keys(&mut app, "u");
    }
    assert_eq!(message(&app), "元に戻す変更はありません");
    // (The agenda's ids are not handed out again: only the counter stays ahead.)
    assert_eq!(
        session(&app),
        &Session {
            next_id: session(&app).next_id,
            ..before.clone()
        }
    );
    assert_eq!(app.lang, Lang::Ja);
    for _ in 0..40 {
        ctrl(&mut app, 'r');
    }
    assert_eq!(session(&app), &after);
    // Everything is in the file.
    app.finish().unwrap();
    let (on_disk, _) = sori::store::load(&path).unwrap();
    assert_eq!(on_disk, after);
}

fn reps(s: &Session, party: usize) -> Vec<&str> {
    texts(&s.parties[party].representatives)
}

#[test]
fn representatives_are_added_edited_moved_and_removed_for_every_party() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let mut app = open(&path);
    let before = session(&app).clone();
    // Step 1: R opens the host's people (the party pane shows the host).
    keys(&mut app, "R");
    assert!(matches!(
        &app.view.overlay,
        Some(Overlay::Representatives { party, .. }) if party.as_str() == "p1"
    ));
    keys(&mut app, "a高橋（代表）");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "a林");
    key(&mut app, KeyCode::Enter);
    assert_eq!(reps(session(&app), 0), ["高橋（代表）", "林"]);
    // Move 林 up, edit it, then remove 高橋 and bring it back.
    keys(&mut app, "K");
    assert_eq!(reps(session(&app), 0), ["林", "高橋（代表）"]);
    keys(&mut app, "e（ボランティア）");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        reps(session(&app), 0),
        ["林（ボランティア）", "高橋（代表）"]
    );
    keys(&mut app, "jd");
    assert_eq!(reps(session(&app), 0), ["林（ボランティア）"]);
    keys(&mut app, "u");
    assert_eq!(
        reps(session(&app), 0),
        ["林（ボランティア）", "高橋（代表）"]
    );
    // → goes to the next party: 町内会.
    key(&mut app, KeyCode::Right);
    keys(&mut app, "a佐藤（会長）");
    key(&mut app, KeyCode::Enter);
    assert_eq!(reps(session(&app), 1), ["佐藤（会長）"]);
    key(&mut app, KeyCode::Esc);
    let screen = screen_text(&mut app, 80, 24);
    assert!(
        screen.contains("参加者：林（ボランティア）、高橋（代表）"),
        "{screen}"
    );
    // In step 3 (no party list on screen) R still opens a party's people; ← wraps round to
    // the last party.
    keys(&mut app, "3R");
    key(&mut app, KeyCode::Left);
    keys(&mut app, "a保健師 山本");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert_eq!(reps(session(&app), 2), ["保健師 山本"]);
    // A click on the representatives line in step 2 opens that partner's.
    keys(&mut app, "2");
    let screen = screen_text(&mut app, 80, 24);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("参加者："))
        .unwrap();
    let column = sori::text::width(&line[..line.find("参加者：").unwrap()]) as u16;
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: y as u16,
        modifiers: KeyModifiers::NONE,
    }));
    assert!(matches!(
        &app.view.overlay,
        Some(Overlay::Representatives { party, .. }) if party.as_str() == "p2"
    ));
    key(&mut app, KeyCode::Esc);
    let after = session(&app).clone();
    app.finish().unwrap();
    let (on_disk, records) = sori::store::load(&path).unwrap();
    assert_eq!(on_disk, after);
    assert_eq!(reps(&on_disk, 1), ["佐藤（会長）"]);
    // The minutes list them as the attendees.
    let minutes = sori::export::markdown::render(&on_disk, &records, Lang::Ja);
    assert!(
        minutes.contains("林（ボランティア）、高橋（代表）"),
        "{minutes}"
    );
    // Nothing else changed.
    let mut without = on_disk.clone();
    for p in &mut without.parties {
        p.representatives.clear();
    }
    without.meta.step = before.meta.step;
    without.meta.reached = before.meta.reached;
    without.next_id = before.next_id;
    assert_eq!(without, before);
}

#[test]
fn an_action_item_is_linked_to_an_activity_and_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = cats(dir.path());
    let mut app = open(&path);
    let titles: Vec<String> = session(&app)
        .activities
        .iter()
        .map(|a| a.title.clone())
        .collect();
    assert!(titles.len() >= 2);
    keys(&mut app, "1Aa会場を予約する");
    key(&mut app, KeyCode::Enter);
    let last = session(&app).action_items.len() - 1;
    assert_eq!(session(&app).action_items[last].activity, None);
    // Typing flows through the row: who (left empty), then the due date.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.view.editor.as_ref().map(|e| &e.target),
        Some(EditTarget::Text(TextField::ActionDue(_)))
    ));
    // A due date is a date: what is not one stays in the editor, with a hint.
    keys(&mut app, "来月の定例会まで");
    key(&mut app, KeyCode::Enter);
    assert!(app.view.editor.is_some());
    assert!(message(&app).contains("12/15"), "{}", message(&app));
    assert_eq!(session(&app).action_items[last].due, "");
    ctrl(&mut app, 'u');
    keys(&mut app, "１２月１５日");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).action_items[last].due, "2026-12-15");
    assert!(app.view.editor.is_none(), "the flow stops at a choice cell");
    // The activity column: Enter goes round the activities, then none.
    key(&mut app, KeyCode::Enter);
    let first = session(&app).activities[0].id.clone();
    assert_eq!(session(&app).action_items[last].activity, Some(first));
    key(&mut app, KeyCode::Enter);
    let second = session(&app).activities[1].id.clone();
    assert_eq!(
        session(&app).action_items[last].activity,
        Some(second.clone())
    );
    let screen = screen_text(&mut app, 160, 48);
    let row = screen
        .lines()
        .find(|l| l.contains("会場を予約する"))
        .unwrap();
    let shown: String = titles[1].chars().take(6).collect();
    assert!(row.contains(&shown), "{row}");
    // Undo takes the link back; the file keeps what is left.
    keys(&mut app, "u");
    assert_eq!(
        session(&app).action_items[last].activity,
        Some(session(&app).activities[0].id.clone())
    );
    ctrl(&mut app, 'r');
    // The done column is after it: Enter there marks the item done.
    keys(&mut app, "l");
    key(&mut app, KeyCode::Enter);
    assert!(session(&app).action_items[last].done);
    // Deleting the linked activity unlinks the item in the same change; undo relinks it.
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "3j");
    let before = session(&app).clone();
    keys(&mut app, "d");
    assert_eq!(session(&app).action_items[last].activity, None);
    keys(&mut app, "u");
    assert_eq!(session(&app), &before);
    let after = session(&app).clone();
    app.finish().unwrap();
    let (on_disk, records) = sori::store::load(&path).unwrap();
    assert_eq!(on_disk, after);
    assert_eq!(on_disk.action_items[last].activity, Some(second));
    // The minutes show the activity beside the item.
    let minutes = sori::export::markdown::render(&on_disk, &records, Lang::Ja);
    let row = minutes
        .lines()
        .find(|l| l.contains("会場を予約する"))
        .unwrap();
    assert!(row.contains(&titles[1]), "{row}");
}

#[test]
fn votes_stop_at_the_largest_count_a_file_can_hold() {
    use sori::core::event::{AddActivity, Event as Change};
    let dir = tempfile::tempdir().unwrap();
    let (mut s, mut h) = (Session::empty(), History::default());
    let mut a = sori::core::session::Activity::new("a1".parse().unwrap(), "TNR");
    a.votes = u32::MAX;
    let add = Change::AddActivity(AddActivity {
        activity: a,
        index: None,
    });
    h.commit(&mut s, add, common::t0()).unwrap();
    let path = create(
        dir.path(),
        "w.yaml",
        s,
        History::from_records(h.into_records()),
    );
    let mut app = open(&path);
    keys(&mut app, "3");
    let records = app.document().unwrap().history().len();
    keys(&mut app, "v");
    assert_eq!(session(&app).activities[0].votes, u32::MAX);
    assert_eq!(message(&app), "これ以上は投票できません");
    assert_eq!(
        app.document().unwrap().history().len(),
        records,
        "nothing recorded"
    );
    keys(&mut app, "V");
    assert_eq!(session(&app).activities[0].votes, u32::MAX - 1);
    keys(&mut app, "vv");
    assert_eq!(session(&app).activities[0].votes, u32::MAX);
}

#[test]
fn a_refused_change_is_told_in_the_screens_language() {
    // A hand-edited file whose id counter is at its very end: the next id cannot be written.
    let dir = tempfile::tempdir().unwrap();
    let path = new_session(dir.path());
    let (mut s, records) = sori::store::load(&path).unwrap();
    s.next_id = sori::core::session::MAX_ID_NUMBER + 1;
    let path = create(dir.path(), "full.yaml", s, History::from_records(records));
    for (lang, expect) in [
        (
            Lang::Ja,
            "変更できませんでした：ID の番号 1000000000000000 は範囲外です",
        ),
        (
            Lang::En,
            "Could not change that: Id number 1000000000000000 is out of range",
        ),
    ] {
        let mut app = open(&path);
        app.lang = lang;
        let before = session(&app).clone();
        keys(&mut app, "a野良猫");
        key(&mut app, KeyCode::Enter);
        assert_eq!(session(&app), &before, "nothing changed");
        assert_eq!(message(&app), expect);
        assert!(app.view.message.as_ref().unwrap().warn);
        app.finish().unwrap();
    }
}
