//! The room's phones through the real binary: `sori open --room 127.0.0.1:0` in a
//! pseudo-terminal, the parties' addresses read from the screen (and their QR codes read back
//! from the terminal's cells), notes posted as phones post them, the facilitator accepting,
//! editing and leaving them out from the console; then the saved file and its history say who
//! proposed what, and the addresses are dead once sori quits. Also: notes posted from many
//! phones at once while the facilitator types — nothing lost, nothing injected.
//! (How much the phones cost a keystroke is `scripts/bench-report`'s P11.)

#![cfg(unix)]

#[path = "common/pty.rs"]
pub mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use pty::{Launch, Term, community_cats_in as session};
use sori::testkit::http;

fn console(dir: &Path) -> Term {
    let mut term = Launch::new(dir)
        .args(&["open", "w.yaml", "--room", "127.0.0.1:0"])
        .size(30, 100)
        .spawn();
    term.wait_for("127.0.0.1:");
    term
}

/// The console with the room open, on the host's code: and the host's address.
fn host_console(dir: &Path) -> (Term, String) {
    let mut term = console(dir);
    term.wait_for("NPO さくら地域猫の会");
    let host = url_on_screen(&term);
    (term, host)
}

/// The address of the party whose code the phones overlay shows (its line under its name).
fn url_on_screen(term: &Term) -> String {
    let screen = term.text();
    let at = screen.find("127.0.0.1:").expect("an address on the screen");
    let shown = screen[at..]
        .split(|c: char| c.is_whitespace() || c == '│')
        .next()
        .unwrap();
    // Shown as a person types it; the code holds the whole address.
    format!("http://{shown}")
}

/// The QR code drawn in the terminal, read back: each `▀` cell is two modules, its ink the
/// upper, its background the lower (black: dark). Read again until it reads (a frame may be
/// half written when the screen is looked at).
fn code_on_screen(term: &Term) -> String {
    let start = Instant::now();
    loop {
        match read_code(term) {
            Some(text) => return text,
            None if start.elapsed() < pty::TIMEOUT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            None => panic!("no code reads on the screen:\n{}", term.text()),
        }
    }
}

fn read_code(term: &Term) -> Option<String> {
    let screen = term.screen();
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let dark = |c: vt100::Color| c == vt100::Color::Idx(0);
    let mut cells = vec![];
    for row in 0..rows {
        for col in 0..cols {
            let cell = screen.cell(row, col).unwrap();
            if cell.contents() == "▀" && cell.bgcolor() != vt100::Color::Default {
                cells.push((row, col, dark(cell.fgcolor()), dark(cell.bgcolor())));
            }
        }
    }
    if cells.is_empty() {
        return None;
    }
    let top = cells.iter().map(|c| c.0).min().unwrap();
    let left = cells.iter().map(|c| c.1).min().unwrap();
    let bottom = cells.iter().map(|c| c.0).max().unwrap();
    let right = cells.iter().map(|c| c.1).max().unwrap();
    let (w, h) = (
        usize::from(right - left + 1),
        2 * usize::from(bottom - top + 1),
    );
    // A few pixels a module, with a white border, as a camera would see it.
    const SCALE: usize = 4;
    let mut modules = vec![false; w * h];
    for (row, col, upper, lower) in cells {
        let (x, y) = (usize::from(col - left), 2 * usize::from(row - top));
        modules[y * w + x] = upper;
        modules[(y + 1) * w + x] = lower;
    }
    let margin = 4 * SCALE;
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(
        w * SCALE + 2 * margin,
        h * SCALE + 2 * margin,
        |x, y| {
            let (x, y) = (
                x.wrapping_sub(margin) / SCALE,
                y.wrapping_sub(margin) / SCALE,
            );
            x < w && y < h && modules[y * w + x]
        },
    );
    let grids = img.detect_grids();
    match grids.as_slice() {
        [one] => one.decode().ok().map(|(_, text)| text),
        _ => None,
    }
}

fn post(url: &str, what: &str, fields: &[(&str, &str)]) -> http::Reply {
    let (addr, path) = http::split_url(url);
    http::post_form(addr, &format!("{path}/{what}"), fields).unwrap()
}

/// Esc: the phones overlay closes.
fn close_phones(term: &mut Term) {
    term.send("\x1b");
    wait_until(term, "the overlay closes", |s| {
        !s.contains("会場のスマホ（")
    });
}

/// Close the phones, quit sori (it must exit cleanly) and read the session it saved.
fn quit_and_load(
    term: &mut Term,
    path: &Path,
) -> (sori::core::session::Session, Vec<sori::core::Record>) {
    close_phones(term);
    term.send("q");
    assert!(term.wait_exit().success());
    sori::store::load(path).unwrap()
}

/// Wait until `check` holds of the screen.
fn wait_until(term: &Term, what: &str, check: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = term.text();
        if check(&screen) {
            return screen;
        }
        assert!(start.elapsed() < pty::TIMEOUT, "{what}:\n{screen}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn each_party_adds_from_its_phone_and_the_facilitator_accepts_into_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let activity = sori::store::load(&path).unwrap().0.activities[0]
        .id
        .to_string();
    let mut term = console(dir.path());
    // The host's code first (step 1 is about the host): its address is on the screen and in
    // its code.
    term.wait_for("NPO さくら地域猫の会");
    let host = url_on_screen(&term);
    assert_eq!(code_on_screen(&term), host);
    // → shows the next party's code and address.
    term.send("\x1b[C");
    term.wait_for("桜ヶ丘三丁目町内会 のQRコード");
    let partner = url_on_screen(&term);
    assert_ne!(partner, host);
    assert_eq!(code_on_screen(&term), partner);

    // Phones post: a purpose with a name, a challenge, a strength, a vote.
    let sent = [
        (
            &host,
            "add",
            vec![
                ("list", "purposes"),
                ("text", "子猫の譲渡会を開きたい"),
                ("name", "高橋"),
            ],
        ),
        (
            &partner,
            "add",
            vec![
                ("list", "challenges"),
                ("text", "ゴミ置き場が荒らされる"),
                ("name", "小林"),
            ],
        ),
        (
            &partner,
            "add",
            vec![("list", "strengths"), ("text", "回覧板で全戸に届く")],
        ),
        (
            &partner,
            "add",
            vec![("list", "purposes"), ("text", "見送られる意見")],
        ),
        (&partner, "vote", vec![("activity", activity.as_str())]),
    ];
    for (url, what, fields) in &sent {
        let reply = post(url, what, fields);
        assert_eq!(reply.status, 303, "{}", reply.body);
    }
    term.wait_for("会場のスマホ（5件待ち）");
    term.wait_for("NPO さくら地域猫の会・高橋 — 目的：子猫の譲渡会を開きたい");
    // The partner's page shows its own, waiting; not the host's.
    let (addr, path_of) = http::split_url(&partner);
    let page = http::get(addr, &path_of).unwrap();
    assert!(page.body.contains("ゴミ置き場が荒らされる") && page.body.contains("確認待ち"));
    assert!(!page.body.contains("子猫の譲渡会"));

    // Accept the first; edit the second, then accept; accept the strength; leave one out.
    term.send("\r");
    term.wait_for("会場のスマホ（4件待ち）");
    term.send("e");
    term.wait_for("直してから採用");
    term.send("\x15");
    term.send("ゴミ置き場がカラスと猫に荒らされる");
    term.send("\r");
    term.wait_for("会場のスマホ（3件待ち）");
    term.send("\r");
    term.wait_for("会場のスマホ（2件待ち）");
    term.send("d");
    term.wait_for("見送りました");
    term.send("\r");
    term.wait_for("会場のスマホ（0件待ち）");
    // The phone hears what was not taken.
    let page = http::get(addr, &path_of).unwrap();
    assert!(page.body.contains("見送り") && page.body.contains("見送られる意見"));
    assert!(page.body.contains("ゴミ置き場がカラスと猫に荒らされる"));

    // Quit: the file holds them, each with who proposed it; the addresses are dead.
    let (session, history) = quit_and_load(&mut term, &path);
    let host_party = &session.parties[0];
    assert!(
        host_party
            .purposes
            .iter()
            .any(|i| i.text == "子猫の譲渡会を開きたい")
    );
    let partner_party = &session.parties[1];
    assert!(
        partner_party
            .challenges
            .iter()
            .any(|i| i.text == "ゴミ置き場がカラスと猫に荒らされる")
    );
    assert!(
        partner_party
            .strengths
            .iter()
            .any(|i| i.text == "回覧板で全戸に届く")
    );
    assert!(
        !session
            .parties
            .iter()
            .any(|p| p.purposes.iter().any(|i| i.text == "見送られる意見"))
    );
    let from_phones: Vec<_> = history.iter().filter(|r| r.from.is_some()).collect();
    assert_eq!(from_phones.len(), 4);
    let first = from_phones[0].from.as_ref().unwrap();
    assert_eq!(
        (first.party.to_string().as_str(), first.name.as_deref()),
        ("p1", Some("高橋"))
    );
    let second = from_phones[1].from.as_ref().unwrap();
    assert_eq!(
        (second.party.to_string().as_str(), second.name.as_deref()),
        ("p2", Some("小林"))
    );
    assert_eq!(from_phones[2].from.as_ref().unwrap().name, None);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("from:"),
        "the history says where they came from"
    );
    assert!(
        http::get(addr, &path_of).is_err(),
        "the room stopped with sori"
    );
    // The minutes say who proposed what.
    let minutes = pty_free_export(dir.path());
    assert!(minutes.contains("スマホからの提案"), "{minutes}");
    assert!(minutes.contains("高橋"));
    assert!(!dir.path().join("w.yaml.view").exists());
}

/// Notes still waiting are not lost on one key: stopping the room keeps them in the console,
/// and `q` then asks about them; Esc goes back, `A` accepts them all and quits, and the file
/// holds them.
#[test]
fn quitting_with_notes_waiting_asks_and_accept_all_saves_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let (mut term, host) = host_console(dir.path());
    for text in [
        "スマホから：譲渡会の会場探し",
        "スマホから：餌やりの時間を決めたい",
    ] {
        let reply = post(&host, "add", &[("list", "purposes"), ("text", text)]);
        assert_eq!(reply.status, 303, "{}", reply.body);
    }
    term.wait_for("会場のスマホ（2件待ち）");
    // `S` stops the room: the notes stay in the console.
    term.send("S");
    term.wait_for("会場のスマホ（停止中）");
    close_phones(&mut term);
    term.send("q");
    term.wait_for("スマホからの提案が 2 件、確認待ちです。");
    term.send("\x1b");
    wait_until(&term, "the question closes", |s| {
        !s.contains("確認待ちです。")
    });
    term.send("q");
    term.wait_for("スマホからの提案が 2 件、確認待ちです。");
    term.send("A");
    assert!(term.wait_exit().success());
    let (session, history) = sori::store::load(&path).unwrap();
    let host_party = &session.parties[0];
    for text in [
        "スマホから：譲渡会の会場探し",
        "スマホから：餌やりの時間を決めたい",
    ] {
        assert!(
            host_party.purposes.iter().any(|i| i.text == text),
            "{text} not saved"
        );
    }
    assert_eq!(history.iter().filter(|r| r.from.is_some()).count(), 2);
}

/// `sori export w.yaml` (Markdown, to standard output).
fn pty_free_export(dir: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(["export", "w.yaml"])
        .current_dir(dir)
        .env("SORI_HOME", dir.join("home"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn phones_posting_while_the_facilitator_types_lose_nothing_and_inject_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let mut term = console(dir.path());
    let url = url_on_screen(&term);
    // The facilitator closes the phones and types a purpose of the host's, slowly.
    close_phones(&mut term);
    term.send("1");
    term.wait_for("▶1 自分");
    term.send("a");
    term.wait_for("追加");
    let typed = "ファシリテーターが打つ目的";
    let phones = std::thread::spawn({
        let url = url.clone();
        move || {
            // Ten phones, two notes each, with markup and control characters in them.
            let threads: Vec<_> = (0..10)
                .map(|phone| {
                    let url = url.clone();
                    std::thread::spawn(move || {
                        (0..2)
                            .map(|n| {
                                let text = format!("電話{phone}の{n}<b>\u{1b}[2J</b>");
                                post(
                                    &url,
                                    "add",
                                    &[("text", &text), ("name", &format!("人{phone}"))],
                                )
                                .status
                            })
                            .collect::<Vec<u16>>()
                    })
                })
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap())
                .collect::<Vec<u16>>()
        }
    });
    for c in typed.chars() {
        term.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(30));
    }
    let statuses = phones.join().unwrap();
    let sent = statuses.iter().filter(|s| **s == 303).count();
    assert_eq!(sent, statuses.len(), "every note was taken: {statuses:?}");
    term.wait_for(typed);
    term.send("\r");
    wait_until(&term, "the editor closes", |s| !s.contains("追加：目的"));
    // Every note waits; accept them all (A takes a party's all).
    term.send("W");
    term.wait_for(&format!("会場のスマホ（{sent}件待ち）"));
    term.send("A");
    term.wait_for("会場のスマホ（0件待ち）");
    let (session, history) = quit_and_load(&mut term, &path);
    let host = &session.parties[0];
    // What the facilitator typed is whole, with nothing from the phones inside it.
    assert!(
        host.purposes.iter().any(|i| i.text == typed),
        "{:?}",
        host.purposes
    );
    let from_phones: Vec<_> = host
        .purposes
        .iter()
        .filter(|i| i.text.starts_with("電話"))
        .collect();
    assert_eq!(from_phones.len(), sent);
    for item in &from_phones {
        // The escape character is gone (typed text's cleaning); the markup is text.
        assert!(
            !item.text.contains('\u{1b}') && item.text.ends_with("<b>[2J</b>"),
            "{}",
            item.text
        );
    }
    assert_eq!(history.iter().filter(|r| r.from.is_some()).count(), sent);
}

/// Wait until the console shows `n` contributions waiting.
fn wait_waiting(term: &mut Term, n: usize) {
    term.wait_for(&format!("会場のスマホ（{n}件待ち）"));
}

/// The `R11` line of the reliability report: hostile traffic against the real binary, bounded
/// in count and time, to 127.0.0.1 only, while the facilitator types.
#[test]
#[ignore = "run by scripts/reliability-report"]
fn room_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let (mut term, host) = host_console(dir.path());
    term.send("\x1b[C");
    term.wait_for("桜ヶ丘三丁目町内会 のQRコード");
    let partner = url_on_screen(&term);
    let (addr, host_path) = http::split_url(&host);
    let partner_path = http::split_url(&partner).1;
    let room_token = host_path.split('/').nth(1).unwrap().to_string();
    let mut problems: Vec<String> = vec![];

    // Wrong and missing tokens: 404 (or 429 once the address is over its rate), never a body.
    let guesses = 600;
    let mut refused_plainly = 0;
    for i in 0..guesses {
        let wrong = sori::room_server::token();
        let path = match i % 4 {
            0 => format!("/{room_token}/{wrong}"),
            1 => format!("/{wrong}/{}", host_path.split('/').nth(2).unwrap()),
            2 => format!("/{room_token}/{wrong}/add"),
            _ => format!("/{wrong}"),
        };
        let reply = if i % 2 == 0 {
            http::get(addr, &path)
        } else {
            http::post_form(addr, &path, &[("text", "guess")])
        }
        .unwrap();
        if matches!(reply.status, 404 | 429) && reply.body.is_empty() {
            refused_plainly += 1;
        } else {
            problems.push(format!("{path}: {} {}", reply.status, reply.body.len()));
        }
    }
    std::thread::sleep(Duration::from_secs(3));

    // Bodies too large: refused before they are read.
    let big = vec![b'x'; 1024 * 1024];
    let mut too_large = 0;
    for _ in 0..10 {
        let reply = http::request(addr, "POST", &format!("{host_path}/add"), &[], &big).unwrap();
        if matches!(reply.status, 413 | 429) {
            too_large += 1;
        } else {
            problems.push(format!("a 1 MiB body: {}", reply.status));
        }
    }
    std::thread::sleep(Duration::from_secs(3));

    // A flood from 8 threads, at most 2,000 posts or 10 seconds, while the facilitator
    // types; every key typed is timed to the screen.
    close_phones(&mut term);
    term.send("1");
    term.wait_for("▶1 自分");
    term.send("a");
    term.wait_for("追加");
    let flood_start = Instant::now();
    let flood: Vec<_> = (0..8)
        .map(|t| {
            let path = host_path.clone();
            std::thread::spawn(move || {
                let mut statuses = vec![];
                let start = Instant::now();
                for n in 0..250 {
                    if start.elapsed() > Duration::from_secs(10) {
                        break;
                    }
                    let text = format!("洪水{t}-{n}");
                    let reply = http::post_form(addr, &format!("{path}/add"), &[("text", &text)]);
                    statuses.push(reply.map_or(0, |r| r.status));
                }
                statuses
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    let mut typed = String::new();
    for n in 0..40 {
        let c = char::from(b'a' + (n % 26) as u8);
        typed.push(c);
        let start = Instant::now();
        term.send(&c.to_string());
        term.wait_for(&typed);
        slowest = slowest.max(start.elapsed());
        std::thread::sleep(Duration::from_millis(60));
    }
    let statuses: Vec<u16> = flood.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let flood_time = flood_start.elapsed();
    let taken = statuses.iter().filter(|s| **s == 303).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    if taken + refused != statuses.len() {
        problems.push(format!("flood answers other than 303/429: {statuses:?}"));
    }
    term.send("\r");
    wait_until(&term, "the editor closes", |s| !s.contains("追加：目的"));
    term.send("W");
    wait_waiting(&mut term, taken);
    term.send("A");
    wait_waiting(&mut term, 0);
    std::thread::sleep(Duration::from_secs(3));

    // Markup and control characters, as a hostile phone would send them.
    let payloads: Vec<String> = (0..64)
        .map(|i| match i % 8 {
            0 => format!("<script>alert({i})</script>"),
            1 => format!("\"><img src=x onerror=alert({i})>"),
            2 => format!("</textarea><svg onload=alert({i})>"),
            3 => format!("<a href=\"javascript:alert({i})\">x</a>"),
            4 => format!("' onfocus='alert({i})' autofocus='"),
            5 => format!("<style>*{{display:none}}</style>{i}"),
            6 => format!("{{{{7*7}}}}<iframe src=//evil.example/{i}>"),
            _ => format!("\u{1b}]0;title\u{7}\u{1b}[2J\u{202e}{i}\u{9b}31m\u{0}"),
        })
        .collect();
    let mut shown_as_text = 0;
    for (i, p) in payloads.iter().enumerate() {
        let path = if i % 2 == 0 {
            &host_path
        } else {
            &partner_path
        };
        let reply = http::post_form(addr, &format!("{path}/add"), &[("text", p), ("name", p)]);
        let reply = reply.unwrap();
        if reply.status != 303 {
            problems.push(format!("payload {i}: {}", reply.status));
        }
        std::thread::sleep(Duration::from_millis(160));
    }
    for path in [&host_path, &partner_path] {
        let page = http::get(addr, path).unwrap();
        let injected = [
            "<script>alert",
            "<img",
            "<svg",
            "<iframe",
            "<style>*",
            "<a href=\"javascript",
        ]
        .iter()
        .any(|m| page.body.contains(m));
        if injected || page.body.chars().any(|c| c.is_control() && c != '\n') {
            problems.push(format!("{path}: markup or a control character in the page"));
        } else {
            shown_as_text += 32;
        }
    }
    term.send("A");
    term.wait_for("（32件待ち）");
    term.send("A");
    wait_waiting(&mut term, 0);
    close_phones(&mut term);
    term.send("q");
    let exited = term.wait_exit().success();
    let (session, history) = sori::store::load(&path).unwrap();
    let accepted = history.iter().filter(|r| r.from.is_some()).count();
    let flooded = session.parties[0]
        .purposes
        .iter()
        .filter(|i| i.text.starts_with("洪水"))
        .count();
    let controls = session
        .parties
        .iter()
        .flat_map(|p| p.purposes.iter())
        .filter(|i| i.text.chars().any(crate_unsafe))
        .count();
    if flooded != taken {
        problems.push(format!("{taken} flood posts taken, {flooded} saved"));
    }
    if accepted != taken + payloads.len() {
        problems.push(format!(
            "{accepted} records from phones, expected {}",
            taken + 64
        ));
    }
    if controls > 0 {
        problems.push(format!("{controls} saved texts hold control characters"));
    }
    if !exited {
        problems.push("sori did not exit cleanly".into());
    }
    let ok = problems.is_empty() && slowest < Duration::from_secs(1);
    println!(
        "R11 room: {guesses} wrong-token requests answered 404/429 with no body {refused_plainly} of {guesses}, {too_large} of 10 bodies of 1 MiB refused unread, a flood of {} posts in {:.1} s from 8 threads: {taken} taken (all reached the console and the file), {refused} refused (rate and queue limits), 64 markup and control-character payloads shown as text on {shown_as_text} of 64, control characters dropped ({controls} kept), every key typed during the flood on screen within {} ms (slowest){} {}",
        statuses.len(),
        flood_time.as_secs_f64(),
        slowest.as_millis(),
        if problems.is_empty() {
            String::new()
        } else {
            format!(", problems: {}", problems.join("; "))
        },
        if ok { "ok" } else { "FAILED" }
    );
    assert!(ok, "{problems:?}");
}

/// What typed text never keeps (`text::typed`): controls and the bidi overrides.
fn crate_unsafe(c: char) -> bool {
    c != '\n' && sori::text::is_unsafe(c)
}
