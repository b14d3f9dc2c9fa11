//! The real `sori` binary, run as a facilitator's script would: `SORI_HOME` points at a
//! temporary folder, the locale is English unless a test says otherwise.

use sori::testkit::id;
use sori::testkit::{SessionBuilder, Steps};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sori::core::event::*;
use sori::core::history::replay;
use sori::core::{
    Achieved, ActionItem, Activity, Event, Idea, IdeaKind, Item, Lang, ListRef, Participant, Party,
    Session, Stamp, Status,
};
use sori::store::{Document, load, to_yaml};

struct Sori {
    home: tempfile::TempDir,
}

impl Sori {
    fn new() -> Sori {
        Sori {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sori"));
        c.args(args)
            .env("SORI_HOME", self.home.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .current_dir(self.home.path());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().unwrap();
        assert_ne!(
            out.status.code(),
            Some(101),
            "sori panicked: {}",
            text(&out.stderr)
        );
        out
    }

    fn sessions(&self) -> PathBuf {
        self.home.path().join("sessions")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

fn at(s: &str) -> Stamp {
    s.parse().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A park-management meeting that reached step 3: parties with goals, two activities with roles
/// and benefits, a decision, a done and an open action item, a parking-lot item, an idea; made
/// with most kinds of event, a batch, an undo and a redo.
fn park_meeting(path: &Path) -> Session {
    let mut npo = Party::new(id("p1"), "NPOフュージョン長池");
    npo.kind = "npo".into();
    npo.purposes = vec![Item {
        id: id("i4"),
        text: "公園を地域の学びの場にしたい".into(),
    }];
    let mut city = Party::new(id("p2"), "八王子市");
    city.kind = "government".into();
    city.purposes = vec![Item {
        id: id("i5"),
        text: "管理費を抑えたい".into(),
    }];
    city.challenges = vec![Item {
        id: id("i6"),
        text: "職員が足りない".into(),
    }];
    let school = Party::new(id("p3"), "長池小学校");
    let upkeep = Activity {
        coop: sori::core::session::Coop::Mutual,
        lead: Some(id("p1")),
        status: Status::Running,
        participants: vec![
            Participant {
                role: "日常の管理".into(),
                benefit: "活動資金".into(),
                purposes: vec![id("i4")],
                ..Participant::new(id("p1"))
            },
            Participant {
                role: "委託契約".into(),
                benefit: "費用が下がる".into(),
                purposes: vec![id("i5")],
                challenges: vec![id("i6")],
                ..Participant::new(id("p2"))
            },
        ],
        ..Activity::new(id("a7"), "公園の委託管理")
    };
    let events = vec![
        Event::SetStart(SetStart {
            start: Some(at("2026-06-01T10:00:00+09:00")),
        }),
        Event::SetLang(SetLang { lang: Lang::Ja }),
        Event::SetText(SetText {
            field: "meta.title".parse().unwrap(),
            text: "長池公園の語り合う場".into(),
        }),
        Event::SetText(SetText {
            field: "meta.venue".parse().unwrap(),
            text: "長池公園自然館".into(),
        }),
        Event::AddParty(AddParty {
            party: npo,
            index: None,
        }),
        Event::AddParty(AddParty {
            party: city,
            index: None,
        }),
        Event::AddParty(AddParty {
            party: school,
            index: None,
        }),
        Event::SetHost(SetHost {
            party: Some(id("p1")),
        }),
        Event::AddActivity(AddActivity {
            activity: upkeep,
            index: None,
        }),
        Event::AddActivity(AddActivity {
            activity: Activity::new(id("a8"), "自然観察の授業"),
            index: None,
        }),
        Event::AddParticipant(AddParticipant {
            activity: id("a8"),
            participant: Participant::new(id("p3")),
            index: None,
        }),
        Event::SetAchieved(SetAchieved {
            activity: id("a7"),
            party: id("p2"),
            achieved: Achieved::Partly,
        }),
        Event::AddItem(AddItem {
            list: ListRef::Decisions,
            id: id("i9"),
            text: "年2回この場を開く".into(),
            index: None,
        }),
        Event::AddAction(AddAction {
            action: ActionItem {
                done: true,
                ..ActionItem::new(id("t10"), "契約書の案を作る")
            },
            index: None,
        }),
        Event::AddAction(AddAction {
            action: ActionItem {
                who: "校長".into(),
                due: "2026-07-01".into(),
                activity: Some(id("a8")),
                ..ActionItem::new(id("t11"), "授業の日程を決める")
            },
            index: None,
        }),
        Event::AddItem(AddItem {
            list: ListRef::ParkingLot,
            id: id("i12"),
            text: "駐車場の問題".into(),
            index: None,
        }),
        Event::AddIdea(AddIdea {
            idea: Idea::new(id("x13"), IdeaKind::Invite, "地元の企業"),
            index: None,
        }),
        Event::Batch(vec![
            Event::SetTimebox(SetTimebox {
                step: 3,
                minutes: 50,
            }),
            Event::SetStep(SetStep { step: 3 }),
        ]),
    ];
    let mut b = SessionBuilder::new(Steps {
        next: at("2026-06-01T10:00:00+09:00"),
        seconds: 60,
    });
    for e in events {
        b.commit(e);
    }
    let (mut session, mut history) = b.into_parts();
    let later = at("2026-06-01T11:30:00+09:00");
    history.undo(&mut session, later).unwrap();
    history.redo(&mut session, later).unwrap();
    Document::create(path, session.clone(), history)
        .unwrap()
        .close()
        .unwrap();
    session
}

#[test]
fn new_then_check_then_list() {
    let sori = Sori::new();
    let out = sori.run(&[
        "new",
        "--title",
        "T",
        "--host",
        "A",
        "--party",
        "B",
        "--party",
        "C",
        "--no-open",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let created = PathBuf::from(stdout(&out).trim_end());
    assert_eq!(created.parent().unwrap(), sori.sessions());
    assert!(created.exists());
    assert_eq!(
        stdout(&out),
        format!("{}\n", created.display()),
        "--no-open prints the path and nothing else"
    );

    let out = sori.run(&["check", s(&created)]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), format!("{}: ok\n", created.display()));

    let (session, records) = load(&created).unwrap();
    assert_eq!(session.meta.title, "T");
    assert_eq!(session.host().unwrap().name, "A");
    let names: Vec<&str> = session.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C"]);
    assert_eq!(replay(&records, records.len()).unwrap(), session);

    let out = sori.run(&["list"]);
    assert!(out.status.success());
    let listing = stdout(&out);
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(
        lines[0],
        format!("Sessions in {} (newest first)", sori.sessions().display())
    );
    assert_eq!(lines[1], "");
    let columns = |line: &str| -> Vec<String> {
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(
        columns(lines[2]),
        ["Date", "Step", "Title", "Parties", "File"]
    );
    let row = columns(lines[3]);
    let date = session.meta.start.unwrap();
    assert_eq!(
        row,
        [
            format!("{} {}", date.ymd(), date.hm()),
            "1/5 Us".into(),
            "T".into(),
            "A, B, C".into(),
            created.file_name().unwrap().to_string_lossy().into_owned(),
        ]
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn list_shows_every_session_newest_first_in_the_chosen_language() {
    let sori = Sori::new();
    let out = sori.run(&["list"]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        format!(
            "No sessions yet in {}. Create one with `sori new`.\n",
            sori.sessions().display()
        )
    );
    std::fs::create_dir_all(sori.sessions()).unwrap();
    let old = sori.sessions().join("park.yaml");
    park_meeting(&old);
    // Make the park meeting clearly older on disk.
    let file = std::fs::File::options().write(true).open(&old).unwrap();
    file.set_modified(
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
    )
    .unwrap();
    let out = sori.run(&[
        "new",
        "--title",
        "地域猫活動の語り合う場：第2回の打ち合わせと今後の進め方について",
        "--host",
        "地域猫の会",
        "--party",
        "町内会",
        "--party",
        "保健所",
        "--party",
        "マンション管理組合",
        "--party",
        "動物病院",
        "--no-open",
    ]);
    assert!(out.status.success());
    // Not sessions: left out of the list.
    std::fs::write(sori.sessions().join("notes.yaml"), "- 買い物\n").unwrap();
    std::fs::write(sori.sessions().join("readme.txt"), "x").unwrap();

    let out = sori.run(&["list", "--lang", "ja"]);
    let listing = stdout(&out);
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(
        lines[0],
        format!("{} のセッション（新しい順）", sori.sessions().display())
    );
    assert!(lines[2].starts_with("日付"), "{listing}");
    assert!(lines[2].contains("ステップ") && lines[2].contains("関係者"));
    assert_eq!(lines.len(), 5, "{listing}");
    // Newest first; long cells cut with an ellipsis; the columns line up by display width.
    assert!(lines[3].contains("1/5 自分"), "{listing}");
    assert!(
        lines[3].contains("地域猫活動の語り合う場：第2回の…"),
        "{listing}"
    );
    assert!(
        lines[3].contains("地域猫の会、町内会、保健所、"),
        "{listing}"
    );
    assert!(
        lines[4].starts_with("2026-06-01 10:00  3/5 企画  長池公園の語り合う場"),
        "{listing}"
    );
    assert!(lines[4].ends_with("park.yaml"), "{listing}");
    use unicode_width::UnicodeWidthStr;
    let file_column = |line: &str| line[..line.rfind("  ").unwrap()].width();
    assert_eq!(file_column(lines[3]), file_column(lines[4]), "{listing}");
    assert_eq!(file_column(lines[2]), file_column(lines[4]), "{listing}");
}

/// `sori new --from`: what carries over (marked 前回から) and what starts empty, the previous
/// meeting's decisions and open action items kept as they were, the start from its 次回, the
/// series' next title, the name from the date and title, and the old meeting's edits still in
/// its journal included.
#[test]
fn new_from_an_old_meeting_carries_it_over_marked_with_a_fresh_history() {
    use sori::core::session::{PartyList, TextField};
    let sori = Sori::new();
    let old_path = sori.path("park.yaml");
    park_meeting(&old_path);
    // The last edits of the old meeting are still in its journal (a sori has it open, or
    // crashed): who came, and the next meeting's date and place.
    let (mut doc, _) = sori::testkit::open_to_write(&old_path);
    let late = at("2026-06-01T12:00:00+09:00");
    for event in [
        Event::AddItem(AddItem {
            list: ListRef::Party(id("p1"), PartyList::Representatives),
            id: id("i20"),
            text: "理事長 石川".into(),
            index: None,
        }),
        Event::SetNextStart(SetNextStart {
            start: Some(at("2026-07-04T14:00:00+09:00")),
        }),
        Event::SetText(SetText {
            field: TextField::NextVenue,
            text: "長池公園 会議室".into(),
        }),
    ] {
        doc.commit(event, late).unwrap();
    }
    let old = doc.session().clone();
    let (_, old_records) = load(&old_path).unwrap();
    drop(doc);
    assert!(sori::store::journal::journal_path(&old_path).exists());

    let out = sori.run(&[
        "new",
        "--from",
        s(&old_path),
        "--party",
        "地元の企業",
        "--no-open",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Named after its date and title, in the data folder.
    let new_path = sori
        .sessions()
        .join("2026-07-04 長池公園の語り合う場 第2回.yaml");
    assert_eq!(stdout(&out), format!("{}\n", new_path.display()));
    let (new, records) = load(&new_path).unwrap();
    assert_eq!(new.meta.title, "長池公園の語り合う場 第2回");
    assert_eq!(new.meta.start, Some(at("2026-07-04T14:00:00+09:00")));
    assert_eq!(
        new.meta.venue, "長池公園 会議室",
        "the next meeting's place"
    );
    assert_eq!(new.meta.lang, Lang::Ja);
    assert_eq!(new.meta.host, old.meta.host);
    assert!(new.meta.next.is_empty() && new.meta.end.is_none());
    // Parties with their purposes carry over; who came last time does not.
    assert_eq!(new.parties.len(), 4);
    for (was, is) in old.parties.iter().zip(&new.parties) {
        assert_eq!(
            is,
            &Party {
                representatives: vec![],
                ..was.clone()
            }
        );
    }
    assert!(!old.parties[0].representatives.is_empty());
    assert_eq!(new.parties[3].name, "地元の企業");
    let invited = &new.parties[3].id;
    assert!(old.all_ids().iter().all(|(id, _)| *id != invited));
    // Activities carry over; votes and evaluations start empty.
    assert_eq!(new.activities.len(), old.activities.len());
    for (was, is) in old.activities.iter().zip(&new.activities) {
        assert_eq!(
            (&is.id, &is.title, is.status),
            (&was.id, &was.title, was.status)
        );
        assert_eq!(is.votes, 0);
        assert!(is.participants.iter().all(|p| p.evaluation.is_empty()));
        let roles = |a: &Activity| -> Vec<(String, String)> {
            a.participants
                .iter()
                .map(|p| (p.role.clone(), p.benefit.clone()))
                .collect()
        };
        assert_eq!(roles(is), roles(was));
    }
    assert!(old.activities[0].participants[1].evaluation.achieved == Achieved::Partly);
    // Decisions start empty; the old ones are kept as the previous meeting's.
    assert!(new.decisions.is_empty());
    let previous = new.previous.as_ref().expect("the previous meeting");
    assert_eq!(previous.title, "長池公園の語り合う場");
    assert_eq!(previous.start, old.meta.start);
    assert_eq!(previous.decisions, ["年2回この場を開く"]);
    let open: Vec<ActionItem> = old
        .action_items
        .iter()
        .filter(|t| !t.done)
        .cloned()
        .collect();
    assert_eq!(
        new.action_items, open,
        "open action items go on, to be done"
    );
    let open_what: Vec<&str> = previous
        .open_actions
        .iter()
        .map(|t| t.what.as_str())
        .collect();
    assert_eq!(open_what, ["授業の日程を決める"]);
    assert_eq!(new.parking_lot, old.parking_lot);
    assert!(new.expansion.is_empty());
    // What carried over is marked; what is new this time is not.
    for carried in ["p1", "p2", "p3", "i4", "i5", "i6", "a7", "a8", "t11", "i12"] {
        assert!(new.is_carried(&id(carried)), "{carried}");
    }
    assert!(!new.is_carried(invited));
    assert_eq!(new.meta.steps[2].timebox_min, 50);
    assert_eq!(
        new.meta.step, 4,
        "a planned meeting continues with evaluation"
    );
    // A fresh history, made now, that replays to the new state.
    assert_eq!(replay(&records, records.len()).unwrap(), new);
    assert!(records.iter().all(|r| r.by.is_none()));
    assert!(
        records
            .iter()
            .all(|r| !old_records.iter().any(|o| o.at == r.at))
    );
    let out = sori.run(&["check", s(&new_path)]);
    assert_eq!(stdout(&out), format!("{}: ok\n", new_path.display()));
    // The minutes say where things came from.
    let out = sori.run(&["export", s(&new_path)]);
    let md = stdout(&out);
    for said in [
        "## 前回の決定事項・未完了のアクション",
        "- **前回**：長池公園の語り合う場（2026年6月1日(月)）",
        "- 年2回この場を開く",
        "| 授業の日程を決める | 校長 | 2026-07-01 |",
        "### NPOフュージョン長池（前回から）",
        "- 公園を地域の学びの場にしたい\n",
        "| 授業の日程を決める（前回から） | 校長 | 2026-07-01 | 自然観察の授業 | 未 |",
        "### 公園の委託管理（前回から）",
    ] {
        assert!(md.contains(said), "{said}:\n{md}");
    }

    // The next one: `--title 第3回` keeps the series' name; a second one the same day gets its
    // own name.
    for expected in [
        "2026-07-04 長池公園の語り合う場 第3回.yaml",
        "2026-07-04 長池公園の語り合う場 第3回 (2).yaml",
    ] {
        let out = sori.run(&[
            "new",
            "--from",
            s(&old_path),
            "--title",
            "第3回",
            "--no-open",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(
            stdout(&out),
            format!("{}\n", sori.sessions().join(expected).display())
        );
    }
    let (third, _) = load(
        &sori
            .sessions()
            .join("2026-07-04 長池公園の語り合う場 第3回.yaml"),
    )
    .unwrap();
    assert_eq!(third.meta.title, "長池公園の語り合う場 第3回");
}

/// `sori new` takes every field of a 議事録's head, and names the file from the date and title.
#[test]
fn new_takes_the_minutes_fields_and_is_named_from_date_and_title() {
    use sori::core::session::Disclosure;
    let sori = Sori::new();
    let out = sori.run(&[
        "new",
        "--title",
        "地域猫の語り合う場 第2回: 役割/分担?",
        "--start",
        "2026-12-03 14:00",
        "--venue",
        "みどり町会館",
        "--facilitator",
        "佐藤",
        "--recorder",
        "鈴木",
        "--agenda",
        "前回のふりかえり",
        "--agenda",
        "役割分担",
        "--absent",
        "高木（管理組合）",
        "--handout",
        "資料1 手引き",
        "--signer",
        "山本（町内会長）",
        "--next",
        "2027-01-22 14:00",
        "--next-venue",
        "公民館",
        "--closed",
        "--no-open",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = sori
        .sessions()
        .join("2026-12-03 地域猫の語り合う場 第2回： 役割／分担？.yaml");
    assert_eq!(stdout(&out), format!("{}\n", path.display()));
    let (s, _) = load(&path).unwrap();
    let m = &s.meta;
    let texts = |items: &[Item]| -> Vec<String> { items.iter().map(|i| i.text.clone()).collect() };
    assert_eq!(m.start.unwrap().ymd(), "2026-12-03");
    assert_eq!(m.start.unwrap().hm(), "14:00");
    assert_eq!(
        (
            m.venue.as_str(),
            m.facilitator.as_str(),
            m.recorder.as_str()
        ),
        ("みどり町会館", "佐藤", "鈴木")
    );
    assert_eq!(texts(&m.agenda), ["前回のふりかえり", "役割分担"]);
    assert_eq!(texts(&m.absentees), ["高木（管理組合）"]);
    assert_eq!(texts(&m.handouts), ["資料1 手引き"]);
    assert_eq!(texts(&m.signers), ["山本（町内会長）"]);
    assert_eq!(m.next.start.unwrap().ymd(), "2027-01-22");
    assert_eq!(m.next.venue, "公民館");
    assert_eq!(m.disclosure, Some(Disclosure::Closed));
    // A time that cannot be read is named.
    let out = sori.run(&["new", "--start", "来週", "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "sori: --start 来週: give the date and time like 2026-12-03 14:00\n"
    );
    let out = sori.run(&["new", "--public", "--closed", "--no-open"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses both");
}

#[test]
fn new_refuses_to_overwrite_and_to_start_from_a_bad_file() {
    let sori = Sori::new();
    let path = sori.path("w.yaml");
    std::fs::write(&path, "大事なメモ\n").unwrap();
    let out = sori.run(&["new", s(&path), "--title", "x", "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "sori: {}: the file already exists; choose another name\n",
            path.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "大事なメモ\n");
    let out = sori.run(&["new", s(&path), "--no-open", "--lang", "ja"]);
    assert_eq!(
        text(&out.stderr),
        format!(
            "sori: {}: このファイルはすでにあります。別の名前を指定してください\n",
            path.display()
        )
    );

    let new_path = sori.path("new.yaml");
    let out = sori.run(&["new", s(&new_path), "--from", s(&path), "--no-open"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "sori: {}:1:1: not a sori session: expected a mapping that starts with `sori: 2`\n",
            path.display()
        )
    );
    assert!(!new_path.exists());
}

#[test]
fn check_says_ok_or_what_is_wrong_and_sets_the_exit_status() {
    let sori = Sori::new();
    let good = sori.path("good.yaml");
    park_meeting(&good);
    let bad = sori.path("bad.yaml");
    std::fs::write(
        &bad,
        "sori: 1\nparties:\n- id: p1\n  name: 町内会\n  purposes: x\n",
    )
    .unwrap();
    let missing = sori.path("missing.yaml");

    let out = sori.run(&["check", s(&good)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("{}: ok\n", good.display()));

    let out = sori.run(&["check", s(&good), s(&bad), s(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{}: ok\n{}:5:13: parties[0].purposes: expected a list, found text \"x\"\n{}: no such file\n",
            good.display(),
            bad.display(),
            missing.display()
        )
    );

    // A hand edit that the history does not explain is worth a note, not a failure.
    let (mut session, records) = load(&good).unwrap();
    session.meta.title = "手で直した".into();
    let edited = sori.path("edited.yaml");
    std::fs::write(&edited, to_yaml(&session, &records)).unwrap();
    let out = sori.run(&["check", s(&edited)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!(
            "{}: ok (note: the history does not replay to the saved state; was the file edited by hand?)\n",
            edited.display()
        )
    );
    let out = sori.run(&["check", "--lang", "ja", s(&edited)]);
    assert_eq!(
        stdout(&out),
        format!(
            "{}: ok（注意：履歴を再生しても保存された状態になりません。手で編集されたファイルかもしれません）\n",
            edited.display()
        )
    );
    // A record that does not apply.
    let mut broken = records.clone();
    broken.insert(
        0,
        sori::core::Record {
            at: at("2026-06-01T09:00:00+09:00"),
            by: None,
            from: None,
            event: Event::Remove(Remove { id: id("p9") }),
        },
    );
    std::fs::write(&edited, to_yaml(&session, &broken)).unwrap();
    let out = sori.run(&["check", s(&edited)]);
    assert_eq!(
        stdout(&out),
        format!(
            "{}: ok (note: history record 1 does not apply: there is nothing with id p9)\n",
            edited.display()
        )
    );
    // The locale picks the language when --lang is not given.
    let out = sori
        .command(&["check", s(&missing)])
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("{}: no such file\n", missing.display())
    );
}

#[test]
fn hostile_files_get_one_line_and_exit_1() {
    let sori = Sori::new();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.yaml", vec![]),
        (
            "syntax.yaml",
            b"sori: 1\nmeta:\n  title: \"unclosed\n".to_vec(),
        ),
        ("type.yaml", b"sori: 1\nmeta:\n  step: x\n".to_vec()),
        (
            "deep.yaml",
            format!("sori: 1\nmeta:\n  title: {}\n", "[".repeat(200_000)).into_bytes(),
        ),
        ("bomb.yaml", {
            let mut t = String::from(
                "sori: 1\nhistory:\n- at: 2026-01-01T00:00:00+09:00\n  batch: &b0 [{set_step: {step: 2}}]\n",
            );
            for n in 1..40 {
                t += &format!(
                    "- at: 2026-01-01T00:00:00+09:00\n  batch: &b{n} [{{batch: *b{}}}, {{batch: *b{}}}]\n",
                    n - 1,
                    n - 1
                );
            }
            t.into_bytes()
        }),
        (
            "random.yaml",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (name, bytes) in &cases {
        let path = sori.path(name);
        std::fs::write(&path, bytes).unwrap();
        let out = sori.run(&["check", s(&path)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let said = stdout(&out);
        assert_eq!(said.lines().count(), 1, "{name}: {said}");
        assert!(said.starts_with(&format!("{}", path.display())), "{said}");
        if *name != "empty.yaml" {
            assert!(
                said.starts_with(&format!("{}:", path.display()))
                    && said[path.display().to_string().len() + 1..]
                        .split(':')
                        .next()
                        .unwrap()
                        .parse::<usize>()
                        .is_ok(),
                "{name}: no line number in {said}"
            );
        }
        // Opening it fails the same way and writes nothing.
        let out = sori.run(&["open", s(&path)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(std::fs::read(&path).unwrap(), *bytes, "{name} was written");
    }
    let mut names: Vec<String> = std::fs::read_dir(sori.home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "no journal, lock or copy next to files that failed"
    );
}

#[test]
fn errors_exit_1_with_one_line_on_stderr() {
    let sori = Sori::new();
    let missing = sori.path("nothing.yaml");
    for args in [
        vec!["open", s(&missing)],
        vec![s(&missing)],
        vec!["new", "--from", s(&missing), "--no-open"],
    ] {
        let out = sori.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            format!("sori: {}: no such file\n", missing.display()),
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    // Usage errors are clap's: exit 2, saying what is wrong.
    for (args, says) in [
        (vec!["--bogus"], "unexpected argument '--bogus'"),
        (
            vec!["check"],
            "the following required arguments were not provided",
        ),
        (
            vec!["new", "--lang", "fr"],
            "unknown language 'fr' (ja or en)",
        ),
    ] {
        let out = sori.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn help_works_for_every_subcommand() {
    let sori = Sori::new();
    let out = sori.run(&["--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    assert!(help.contains("Usage:"));
    // Every subcommand the top help lists, whoever adds it.
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    for expected in ["new", "open", "list", "check", "schema"] {
        assert!(commands.iter().any(|c| c == expected), "{commands:?}");
    }
    for command in &commands {
        let out = sori.run(&[command, "--help"]);
        assert!(out.status.success(), "{command}");
        let help = stdout(&out);
        assert!(
            help.contains(&format!("Usage: sori {command}")),
            "{command}: {help}"
        );
        let out = sori.run(&["help", command]);
        assert!(out.status.success(), "help {command}");
    }
    let out = sori.run(&["--version"]);
    assert_eq!(
        stdout(&out),
        format!("sori {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn output_into_a_closed_pipe_is_not_a_crash() {
    let sori = Sori::new();
    let mut child = sori
        .command(&["schema"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and hang up, as `sori schema | head -0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

/// The JSON Schema `sori schema` prints, compiled.
fn schema(sori: &Sori) -> (serde_json::Value, jsonschema::Validator) {
    let out = sori.run(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("not a valid JSON Schema: {e}"));
    (schema, validator)
}

fn as_json(path: &Path) -> serde_json::Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_describes_the_files_sori_writes() {
    let sori = Sori::new();
    let (schema, validator) = schema(&sori);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "sori session");
    assert_eq!(schema["required"], serde_json::json!(["sori"]));
    assert_eq!(schema["additionalProperties"], false);
    for key in [
        "sori",
        "meta",
        "next_id",
        "parties",
        "activities",
        "decisions",
        "action_items",
        "parking_lot",
        "expansion",
        "history",
    ] {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
    // One alternative per kind of change, in the history's records.
    let record = &schema["$defs"]["Record"]["oneOf"];
    assert_eq!(
        record.as_array().unwrap().len(),
        sori::core::Event::KEYS.len()
    );

    let park = sori.path("park.yaml");
    park_meeting(&park);
    let out = sori.run(&[
        "new",
        "--title",
        "T",
        "--host",
        "A",
        "--party",
        "B",
        "--no-open",
    ]);
    let new = PathBuf::from(stdout(&out).trim_end());
    let follow = sori.path("follow.yaml");
    sori.run(&["new", s(&follow), "--from", s(&park), "--no-open"]);
    for path in [&park, &new, &follow] {
        let errors = schema_errors(&validator, &as_json(path));
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_refuses_what_sori_refuses() {
    let sori = Sori::new();
    let (_, validator) = schema(&sori);
    let park = sori.path("park.yaml");
    park_meeting(&park);
    let good = as_json(&park);
    let broken = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v
    };
    let cases = [
        (
            "no version",
            broken(&|v| {
                v.as_object_mut().unwrap().remove("sori");
            }),
        ),
        ("a newer version", broken(&|v| v["sori"] = 3.into())),
        (
            "an unknown key",
            broken(&|v| v["meta"]["titel"] = "x".into()),
        ),
        (
            "a wrong type",
            broken(&|v| v["parties"][0]["purposes"] = "x".into()),
        ),
        ("a bad id", broken(&|v| v["parties"][0]["id"] = "P1".into())),
        (
            "a bad time",
            broken(&|v| v["meta"]["start"] = "来週".into()),
        ),
        (
            "an unknown change",
            broken(&|v| {
                v["history"][0] =
                    serde_json::json!({"at": "2026-06-01T10:00:00+09:00", "set_titel": {}});
            }),
        ),
        (
            "two changes in one record",
            broken(&|v| {
                v["history"][0]["set_step"] = serde_json::json!({"step": 2});
            }),
        ),
        (
            "a cooperation type of 4",
            broken(&|v| v["activities"][0]["coop"] = 4.into()),
        ),
    ];
    for (what, value) in cases {
        assert!(!validator.is_valid(&value), "the schema accepts {what}");
        // And sori refuses it too.
        let text = serde_yaml::to_string(&value).unwrap();
        assert!(
            sori::store::parse(Path::new("w.yaml"), text.as_bytes()).is_err(),
            "sori accepts {what}"
        );
    }
}

/// `sori check` passes on every bundled example in `sessions/` (none yet is fine).
#[test]
fn every_file_in_sessions_checks_ok() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        return;
    }
    let sori = Sori::new();
    let (_, validator) = schema(&sori);
    let args: Vec<&str> = std::iter::once("check")
        .chain(files.iter().map(|p| s(p)))
        .collect();
    let out = sori.run(&args);
    let expected: String = files
        .iter()
        .map(|p| format!("{}: ok\n", p.display()))
        .collect();
    assert_eq!(stdout(&out), expected);
    assert!(out.status.success());
    for path in &files {
        let errors = schema_errors(&validator, &as_json(path));
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// The example in docs/FORMAT.md is a real session file: `sori check` says ok (its history
/// replays to its state) and it fits the schema.
#[test]
fn the_example_in_the_format_doc_is_a_sound_file() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FORMAT.md"))
        .unwrap();
    let start = doc.find("```yaml\n").expect("a yaml example") + "```yaml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let sori = Sori::new();
    let path = sori.path("example.yaml");
    std::fs::write(&path, example).unwrap();
    let out = sori.run(&["check", s(&path)]);
    assert_eq!(stdout(&out), format!("{}: ok\n", path.display()));
    let (session, _) = load(&path).unwrap();
    assert_eq!(session.meta.title, "地域猫活動の語り合う場");
    assert!(
        session.activities[0]
            .participants
            .iter()
            .all(|p| !p.benefit.is_empty())
    );
    let (_, validator) = schema(&sori);
    assert_eq!(
        schema_errors(&validator, &as_json(&path)),
        Vec::<String>::new()
    );
}

/// A file in the data folder whose aliases make the parser walk one long mapping for every
/// entry of a list (once, this kept `sori list` busy for minutes) is left out of the list.
#[test]
fn a_hostile_file_in_the_data_folder_does_not_stall_the_list() {
    let sori = Sori::new();
    let out = sori.run(&["new", "--title", "本物", "--no-open"]);
    assert!(out.status.success());
    let n = 20_000;
    let keys: Vec<String> = (0..n).map(|i| format!("k{i}: 0")).collect();
    let trap = format!(
        "sori: 1\nmeta:\n  title: 罠\nx: &m {{{}, name: a}}\nparties: [{}]\n",
        keys.join(", "),
        vec!["*m"; n].join(", ")
    );
    std::fs::write(sori.sessions().join("trap.yaml"), trap).unwrap();
    let out = sori.run(&["list"]);
    assert!(out.status.success());
    let listing = stdout(&out);
    assert!(listing.contains("本物"), "{listing}");
    assert!(!listing.contains("trap.yaml"), "{listing}");
    let out = sori.run(&["check", s(&sori.sessions().join("trap.yaml"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("alias bomb"));
}

/// `sori list` shows how far each meeting got, not the step on screen when it was saved (a
/// facilitator who looked back at step 2 before quitting a meeting that reached step 5).
#[test]
fn list_shows_how_far_the_meeting_got_not_the_step_last_looked_at() {
    let sori = Sori::new();
    let out = sori.run(&[
        "new",
        "--title",
        "海岸清掃",
        "--host",
        "海辺の会",
        "--no-open",
    ]);
    assert!(out.status.success());
    let path = std::fs::read_dir(sori.sessions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("  step: 1\n", "  step: 2\n  reached: 5\n"),
    )
    .unwrap();
    let listing = stdout(&sori.run(&["list", "--lang", "ja"]));
    assert!(listing.contains("5/5 拡大"), "{listing}");
    assert!(!listing.contains("2/5"), "{listing}");
    let listing = stdout(&sori.run(&["list", "--lang", "en"]));
    assert!(listing.contains("5/5 Expand"), "{listing}");
}
