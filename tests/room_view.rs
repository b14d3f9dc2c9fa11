//! The room view (`sori present`): snapshots of every step of every bundled example at the
//! sizes a projector gets, in Japanese and English; following what the console shows; pages;
//! block letters where they fit; colours a projector keeps; and the follower that reads the
//! session as the console changes it.

mod common;
#[path = "common/screen.rs"]
mod screen;

use screen::assert_whole;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use sori::bundled;
use sori::core::session::{Lang, STEPS, Session};
use sori::core::stamp::Stamp;
use sori::store::shared_view::{SharedView, VERSION};
use sori::tui::buffer_text;
use sori::tui::present::room;
use sori::tui::state::ThemeName;
use sori::tui::view::Theme;
use sori::tui::view::room::{RoomDrawn, draw};

const SIZES: [(u16, u16); 4] = [(80, 24), (120, 36), (160, 48), (240, 67)];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];

fn plain() -> Theme {
    Theme {
        color: false,
        name: ThemeName::Dark,
    }
}

fn render(
    session: &Session,
    shared: Option<&SharedView>,
    (lang, theme): (Lang, Theme),
    clock: Stamp,
    page: Option<usize>,
    (w, h): (u16, u16),
) -> (Buffer, RoomDrawn) {
    let r = room(session, shared, (lang, theme), clock, page);
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    let drawn = draw(&r, buf.area, &mut buf);
    (buf, drawn)
}

/// What a console on `step` shows: the second activity (the first when there is one), and
/// the party being talked about: the second partner in step 2, the activity's second row in
/// steps 3 and 4.
fn console(session: &Session, step: u8) -> SharedView {
    let activity = session.activities.get(1).or(session.activities.first());
    let party = match step {
        2 => session.partners().nth(1).map(|p| p.id.clone()),
        3 | 4 => activity.and_then(|a| a.participants.get(1).map(|p| p.party.clone())),
        _ => None,
    };
    SharedView {
        sori_view: VERSION,
        step,
        activity: activity.map(|a| a.id.clone()),
        party,
        room: None,
    }
}

fn example(file: &str) -> (Session, Stamp) {
    let ex = bundled::examples()
        .iter()
        .find(|e| e.file == file)
        .expect("a bundled example");
    let (session, records) =
        sori::store::parse(std::path::Path::new(ex.file), ex.yaml.as_bytes()).unwrap();
    let clock = records.last().map(|r| r.at).unwrap();
    (session, clock)
}

/// Every step of every bundled example, at 80×24, 120×36, 160×48 and 240×67, in Japanese and
/// English, following a console on that step.
#[test]
fn every_step_of_every_example_at_every_size() {
    for ex in bundled::examples() {
        let (session, clock) = example(ex.file);
        let stem = ex.file.trim_end_matches(".yaml");
        for lang in LANGS {
            for size in SIZES {
                for step in 1..=STEPS {
                    let shared = console(&session, step);
                    let (buf, drawn) =
                        render(&session, Some(&shared), (lang, plain()), clock, None, size);
                    let name = format!("{stem}_{}_{}x{}_step{step}", lang.code(), size.0, size.1);
                    assert_whole(&buf, &name);
                    assert!(drawn.pages >= 1 && drawn.page < drawn.pages, "{name}");
                    insta::assert_snapshot!(name, buffer_text(&buf));
                }
            }
        }
    }
}

/// The room sees the row the facilitator is on, on whatever page it is, and the card of the
/// partner being talked about; pages turn and come back to it.
#[test]
fn the_page_follows_the_party_being_talked_about() {
    let (session, clock) = example("chiiki-neko.yaml");
    let a = &session.activities[0];
    let last = a.participants.last().unwrap();
    let name = session.party_name(&last.party).to_string();
    let shared = SharedView {
        sori_view: VERSION,
        step: 3,
        activity: Some(a.id.clone()),
        party: Some(last.party.clone()),
        room: None,
    };
    let (buf, drawn) = render(
        &session,
        Some(&shared),
        (Lang::Ja, plain()),
        clock,
        None,
        (80, 24),
    );
    let text = buffer_text(&buf);
    assert!(drawn.pages > 1, "{text}");
    assert!(
        drawn.page > 0,
        "the last row is not on the first page: {text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains('▶') && l.contains(&name[..name.len().min(9)]))
        .unwrap_or_else(|| panic!("no ▶ {name} row:\n{text}"));
    assert!(row.trim_start().starts_with('▶'), "{row}");
    assert!(
        text.contains(&format!("{}/{}ページ", drawn.page + 1, drawn.pages)),
        "{text}"
    );
    // Turned to the first page, the room stays there (its own choice) and says so.
    let (buf, first) = render(
        &session,
        Some(&shared),
        (Lang::Ja, plain()),
        clock,
        Some(0),
        (80, 24),
    );
    assert_eq!(first.page, 0);
    assert!(buffer_text(&buf).contains(&format!("1/{}ページ", drawn.pages)));
    // A page past the end is the last.
    let (_, past) = render(
        &session,
        Some(&shared),
        (Lang::Ja, plain()),
        clock,
        Some(99),
        (80, 24),
    );
    assert_eq!(past.page, drawn.pages - 1);

    // Step 2: the card of the partner talked about is marked with brackets.
    let partner = session.partners().nth(3).unwrap();
    let shared = SharedView {
        sori_view: VERSION,
        step: 2,
        activity: None,
        party: Some(partner.id.clone()),
        room: None,
    };
    let (buf, _) = render(
        &session,
        Some(&shared),
        (Lang::Ja, plain()),
        clock,
        None,
        (160, 48),
    );
    let text = buffer_text(&buf);
    assert!(text.contains(&format!("[{}", partner.name)), "{text}");
    for other in session.partners().filter(|p| p.id != partner.id) {
        assert!(
            !text.contains(&format!("[{}", other.name)),
            "{}: {text}",
            other.name
        );
    }
}

/// Without a console, the room shows the session's own step and its first activity.
#[test]
fn without_a_console_the_session_s_step() {
    let (session, clock) = example("park-nagaike.yaml");
    let (buf, _) = render(&session, None, (Lang::Ja, plain()), clock, None, (120, 36));
    let text = buffer_text(&buf);
    let step = session.meta.step;
    let name = sori::i18n::Term::step_short(step).text(Lang::Ja);
    assert!(text.contains(&format!("▶{step} {name}")), "{text}");
}

/// A follow-up meeting: the room sees what was carried over from the previous one, as the
/// console marks it (`↻`): the host and the partners named `↻ 前回から`, their carried items
/// marked `↻`, a carried activity said to be from last time; what is new this time unmarked.
#[test]
fn a_follow_up_shows_what_came_from_the_previous_meeting() {
    let (session, clock) = example("kamaishi-forestry.yaml");
    assert!(session.previous.is_some(), "a follow-up meeting");
    let host = session.host().unwrap();
    for (lang, note) in [(Lang::Ja, "↻ 前回から"), (Lang::En, "↻ from last time")] {
        let at_step = |step| {
            let shared = console(&session, step);
            let (buf, _) = render(
                &session,
                Some(&shared),
                (lang, plain()),
                clock,
                None,
                (160, 48),
            );
            buffer_text(&buf)
        };
        let text = at_step(1);
        let title = text.lines().find(|l| l.contains(&host.name)).unwrap();
        assert!(title.contains(note), "{text}");
        let carried = &host.purposes[0];
        assert!(session.is_carried(&carried.id));
        assert!(text.contains(&format!("↻ {}", carried.text)), "{text}");
        let new = host.strengths.iter().find(|i| !session.is_carried(&i.id));
        if let Some(new) = new {
            assert!(!text.contains(&format!("↻ {}", new.text)), "{text}");
        }
        let text = at_step(3);
        assert!(text.contains(note), "{text}");
    }
}

/// Block letters for the step and the timer from 100×30 on; ordinary type below; Japanese
/// titles always in ordinary type.
#[test]
fn block_letters_when_the_window_is_big_enough() {
    let (session, clock) = example("chiiki-neko.yaml");
    let shared = console(&session, 3);
    let blocks = |buf: &Buffer, rows: u16| {
        (0..rows).any(|y| (0..buf.area.width).any(|x| buf[(x, y)].symbol() == "█"))
    };
    for (size, big) in [
        ((80, 24), false),
        ((99, 40), false),
        ((100, 30), true),
        ((240, 67), true),
    ] {
        let (buf, _) = render(
            &session,
            Some(&shared),
            (Lang::Ja, plain()),
            clock,
            None,
            size,
        );
        assert_eq!(blocks(&buf, 8), big, "{size:?}:\n{}", buffer_text(&buf));
        assert!(buffer_text(&buf).contains("企画・実施"), "{size:?}");
    }
    // In English the step's short name goes large too, when there is room.
    let (buf, _) = render(
        &session,
        Some(&shared),
        (Lang::En, plain()),
        clock,
        None,
        (240, 67),
    );
    let top: String = buffer_text(&buf).lines().take(8).collect();
    let (narrow, _) = render(
        &session,
        Some(&shared),
        (Lang::En, plain()),
        clock,
        None,
        (120, 36),
    );
    let narrow_top: String = buffer_text(&narrow).lines().take(4).collect();
    assert!(
        top.chars().filter(|c| *c == '█').count()
            > narrow_top.chars().filter(|c| *c == '█').count()
    );
}

/// Nothing a projector washes out: no faint text, no dark grey but on lines; the projector
/// theme uses no colour at all; without colours, none; the selection is marked by a shape.
#[test]
fn readable_on_a_projector_and_without_colour() {
    let (session, clock) = example("chiiki-neko.yaml");
    let lines = ['─', '│', '┌', '┐', '└', '┘', ' '];
    for name in ThemeName::ALL {
        for step in 1..=STEPS {
            let shared = console(&session, step);
            let theme = Theme { color: true, name };
            let (buf, _) = render(
                &session,
                Some(&shared),
                (Lang::Ja, theme),
                clock,
                None,
                (160, 48),
            );
            for cell in buf.content() {
                assert!(
                    !cell.modifier.contains(Modifier::DIM),
                    "{name:?} step {step}"
                );
                if cell.fg == Color::DarkGray {
                    let c = cell.symbol().chars().next().unwrap_or(' ');
                    assert!(lines.contains(&c), "{name:?} step {step}: {c} in dark grey");
                }
                if name == ThemeName::Projector {
                    assert_eq!(
                        (cell.fg, cell.bg),
                        (Color::Reset, Color::Reset),
                        "step {step}"
                    );
                }
            }
            let (buf, _) = render(
                &session,
                Some(&shared),
                (Lang::Ja, plain()),
                clock,
                None,
                (160, 48),
            );
            for cell in buf.content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "step {step}"
                );
            }
        }
    }
}

#[test]
fn hostile_text_never_reaches_a_cell_and_any_size_draws() {
    let (mut session, clock) = example("chiiki-neko.yaml");
    session.parties[1].purposes[0].text = "猫\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202E}逆".into();
    session.parties[1].name = "町内会\u{1b}[31m".into();
    session.activities[0].title = "\u{1b}[?1049lTNR".into();
    session.meta.title = "\u{9b}31m".into();
    for step in 1..=STEPS {
        let shared = console(&session, step);
        for size in SIZES {
            let (buf, _) = render(
                &session,
                Some(&shared),
                (Lang::Ja, plain()),
                clock,
                None,
                size,
            );
            assert_whole(&buf, "hostile");
            assert!(!buffer_text(&buf).contains('\u{1b}'));
        }
        for w in [0, 1, 10, 79, 80, 81, 300] {
            for h in [0, 1, 5, 23, 24, 25, 90] {
                render(
                    &session,
                    Some(&shared),
                    (Lang::En, plain()),
                    clock,
                    None,
                    (w, h),
                );
            }
        }
    }
}

/// The follower behind `sori present`: an edit committed by the console is read within a
/// moment of the watcher's notice; the console's view file moves the room; the room's keys
/// turn pages and come back; nothing is written by the room.
#[test]
fn the_presenter_follows_the_console_and_writes_nothing() {
    use sori::core::event::{Event, SetText};
    use sori::core::history::History;
    use sori::store::Document;
    use sori::tui::keymap::Action;
    use sori::tui::present::Presenter;
    use sori::tui::terminal::Tui;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let (session, clock) = example("chiiki-neko.yaml");
    let mut doc = Document::create(&path, session, History::default()).unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    // The console holds the lock: the room opens all the same (it takes none).
    let mut p = Presenter::open(&path, Some(Lang::Ja), ThemeName::Dark).unwrap();
    p.fixed_clock = Some(clock);
    let draw = |p: &Presenter, size: (u16, u16)| {
        let mut buf = Buffer::empty(Rect::new(0, 0, size.0, size.1));
        p.draw(buf.area, &mut buf);
        buffer_text(&buf)
    };
    assert!(draw(&p, (120, 36)).contains("拡大"));
    // Wait until the presenter has seen what `f` says it will see.
    let until = |p: &mut Presenter, what: &dyn Fn(&Presenter) -> bool| {
        let start = Instant::now();
        while !what(p) {
            assert!(start.elapsed() < Duration::from_secs(5), "not seen");
            std::thread::sleep(Duration::from_millis(10));
            p.tick();
        }
    };
    doc.commit(
        Event::SetText(SetText {
            field: "meta.title".parse().unwrap(),
            text: "プロジェクターの会".into(),
        }),
        clock,
    )
    .unwrap();
    until(&mut p, &|p| p.session().meta.title == "プロジェクターの会");
    assert!(draw(&p, (120, 36)).contains("プロジェクターの会"));

    // The console goes to step 3, on the last row of the first activity.
    let a = &doc.session().activities[0];
    let last = a.participants.last().unwrap().party.clone();
    let view = SharedView {
        sori_view: VERSION,
        step: 3,
        activity: Some(a.id.clone()),
        party: Some(last.clone()),
        room: None,
    };
    sori::store::shared_view::write(&path, &view).unwrap();
    until(&mut p, &|p| draw(p, (80, 24)).contains("企画・実施"));
    let followed = draw(&p, (80, 24));
    assert!(
        followed.lines().any(|l| l.trim_start().starts_with("▶ ")),
        "{followed}"
    );
    // The room turns to the first page and back to the row.
    for _ in 0..5 {
        p.update(Action::PageUp);
        draw(&p, (80, 24));
    }
    let first = draw(&p, (80, 24));
    assert!(first.contains("1/"), "{first}");
    assert!(
        !first.lines().any(|l| l.trim_start().starts_with("▶ ")),
        "{first}"
    );
    p.update(Action::Top);
    assert_eq!(draw(&p, (80, 24)), followed);
    p.update(Action::Help);
    assert!(draw(&p, (80, 24)).contains("プロジェクター画面のキー"));
    p.update(Action::Close);
    p.update(Action::Quit);
    assert!(p.done());
    // The console quits: the room goes back to the session's own step.
    sori::store::shared_view::remove(&path);
    until(&mut p, &|p| draw(p, (120, 36)).contains("▶5 拡大"));
    drop(p);
    // Only the console's files: the room made none, not even a lock of its own.
    assert_eq!(listing(), ["w.yaml", "w.yaml.journal", "w.yaml.lock"]);
    doc.close().unwrap();
}

/// The parties' codes, while the console shows them on the projector: each party's name, its
/// QR code and its address, as many as the window holds, in pages; at every size, ja and en.
#[test]
fn the_parties_codes_when_the_console_shows_them() {
    let (session, clock) = example("chiiki-neko.yaml");
    let codes: Vec<(sori::core::session::Id, String)> = session
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p.id.clone(),
                format!("http://192.168.1.20:8080/k7q2xm9abc/p{i}rt5vw8ny"),
            )
        })
        .collect();
    let shared = SharedView {
        room: Some(sori::store::shared_view::RoomShare {
            codes: codes.clone(),
        }),
        ..console(&session, 1)
    };
    for (w, h) in SIZES {
        for lang in LANGS {
            let (buf, drawn) = render(
                &session,
                Some(&shared),
                (lang, plain()),
                clock,
                None,
                (w, h),
            );
            let text = buffer_text(&buf);
            let short = |url: &str| url.trim_start_matches("http://").to_string();
            assert!(text.contains(&short(&codes[0].1)), "{w}x{h}: {text}");
            assert!(text.contains(&session.parties[0].name));
            assert!(drawn.pages >= 1);
            let name = format!("room_codes_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(name, text);
            // The last page has the last party.
            let (last, _) = render(
                &session,
                Some(&shared),
                (lang, plain()),
                clock,
                Some(drawn.pages - 1),
                (w, h),
            );
            let last_party = session.parties.last().unwrap();
            assert!(
                buffer_text(&last).contains(&short(&codes.last().unwrap().1)),
                "{w}x{h} {}: {}",
                last_party.name,
                buffer_text(&last)
            );
        }
    }
}
