//! A follow-up meeting (`sori new --from`) made from every bundled example: what carries over
//! and is marked 前回から, what starts empty, the previous meeting's decisions and open action
//! items kept as data, the start from the 次回 it recorded, the series' title; and how the
//! console and the minutes show it.

use std::path::Path;

use sori::core::History;
use sori::core::session::{Lang, PartyList, Session};
use sori::core::stamp::Stamp;
use sori::core::start::{FollowUp, follow_up_events};
use sori::export::markdown;
use sori::testkit::keys::screen_text;
use sori::tui::App;

fn examples() -> Vec<(String, Session)> {
    sori::bundled::examples()
        .iter()
        .map(|e| {
            let (s, _) = sori::store::parse(Path::new(e.file), e.yaml.as_bytes()).unwrap();
            (e.file.to_string(), s)
        })
        .collect()
}

/// The follow-up of `old`, made at `now` with nothing else given, through the history.
fn follow_up(old: &Session, now: Stamp) -> (Session, History) {
    let opts = FollowUp {
        lang: old.meta.lang,
        ..FollowUp::default()
    };
    let mut s = Session::empty();
    let mut history = History::default();
    for e in follow_up_events(old, &opts, now) {
        history.commit(&mut s, e, now).unwrap();
    }
    (s, history)
}

#[test]
fn every_example_carries_over_into_its_follow_up() {
    let now: Stamp = "2026-11-30T05:42:00+09:00".parse().unwrap();
    for (file, old) in examples() {
        let (new, history) = follow_up(&old, now);
        // The start is the 次回 the meeting recorded (the one that fixed none: now).
        assert_eq!(
            new.meta.start,
            Some(old.meta.next.start.unwrap_or(now)),
            "{file}"
        );
        assert!(new.meta.end.is_none() && new.meta.next.is_empty(), "{file}");
        assert_eq!(new.meta.lang, old.meta.lang, "{file}");
        assert_eq!(new.meta.host, old.meta.host, "{file}");
        assert_eq!(new.meta.facilitator, old.meta.facilitator, "{file}");
        // Parties with their purposes, challenges, strengths and SWOT; not who came.
        assert_eq!(new.parties.len(), old.parties.len(), "{file}");
        for (was, is) in old.parties.iter().zip(&new.parties) {
            assert_eq!(
                (&is.id, &is.name, &is.kind),
                (&was.id, &was.name, &was.kind)
            );
            assert!(is.representatives.is_empty(), "{file}: {}", is.name);
            assert!(new.is_carried(&is.id), "{file}: {}", is.name);
            for list in PartyList::ALL {
                if list == PartyList::Representatives {
                    continue;
                }
                assert_eq!(
                    is.list(list),
                    was.list(list),
                    "{file}: {} {list:?}",
                    is.name
                );
                for item in is.list(list) {
                    assert!(new.is_carried(&item.id), "{file}: {}", item.text);
                }
            }
        }
        // Activities with their rows; votes and evaluations start empty.
        assert_eq!(new.activities.len(), old.activities.len(), "{file}");
        for (was, is) in old.activities.iter().zip(&new.activities) {
            assert_eq!(
                (&is.id, &is.title, is.coop),
                (&was.id, &was.title, was.coop)
            );
            assert!(new.is_carried(&is.id), "{file}: {}", is.title);
            assert_eq!(is.votes, 0, "{file}: {}", is.title);
            assert_eq!(is.participants.len(), was.participants.len());
            for (p, q) in was.participants.iter().zip(&is.participants) {
                assert_eq!(
                    (&q.party, &q.role, &q.benefit),
                    (&p.party, &p.role, &p.benefit)
                );
                assert_eq!((&q.purposes, &q.challenges), (&p.purposes, &p.challenges));
                assert!(q.evaluation.is_empty(), "{file}");
            }
        }
        // Decisions start empty; the old ones, and the action items left open, are the
        // previous meeting's, as data.
        assert!(new.decisions.is_empty(), "{file}");
        assert!(new.expansion.is_empty(), "{file}");
        assert!(
            new.meta.agenda.is_empty() && new.meta.absentees.is_empty(),
            "{file}"
        );
        let previous = new.previous.as_ref().expect("the previous meeting");
        assert_eq!(previous.title, old.meta.title, "{file}");
        assert_eq!(previous.start, old.meta.start, "{file}");
        let decided: Vec<&str> = old.decisions.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(previous.decisions, decided, "{file}");
        let open: Vec<_> = old.action_items.iter().filter(|t| !t.done).collect();
        let kept: Vec<&str> = previous
            .open_actions
            .iter()
            .map(|t| t.what.as_str())
            .collect();
        let open_what: Vec<&str> = open.iter().map(|t| t.what.as_str()).collect();
        assert_eq!(kept, open_what, "{file}");
        // ...and the open ones go on, to be checked off this time.
        assert_eq!(new.action_items.len(), open.len(), "{file}");
        for t in &new.action_items {
            assert!(!t.done && new.is_carried(&t.id), "{file}: {}", t.what);
        }
        // The series' title.
        let title = match file.as_str() {
            "chiiki-neko.yaml" => "桜ヶ丘地区 地域猫の語り合う場（第2回）",
            "park-nagaike.yaml" => "長池公園 パートナー会議（2025年度ふりかえり） 第2回",
            "kamaishi-forestry.yaml" => "林業×福祉 相利の会（第3回 半年のふりかえり）",
            "gamagori-rakusho.yaml" => "楽笑と地域の語り合う場 — パン工房の開店に向けて 第2回",
            "edinburgh-festivals.yaml" => {
                "Festival city partners: one festival, six purposes — meeting 2"
            }
            other => panic!("a new example {other}: say what its follow-up is called"),
        };
        assert_eq!(new.meta.title, title);
        // A history of its own, that a file holds and reads back.
        let records = history.records().to_vec();
        assert_eq!(
            sori::core::history::replay(&records, records.len()).unwrap(),
            new
        );
        let yaml = sori::store::to_yaml(&new, &records);
        assert!(yaml.starts_with("sori: 2\n"));
        let (read, _) = sori::store::parse(Path::new("w.yaml"), yaml.as_bytes()).unwrap();
        assert_eq!(read, new, "{file}");

        // The minutes: what was decided and left open last time, and the marks.
        let lang = new.meta.lang;
        let md = markdown::render(&new, &records, lang);
        let (section, mark) = match lang {
            Lang::Ja => ("## 前回の決定事項・未完了のアクション", "（前回から）"),
            Lang::En => (
                "## From the previous meeting: decisions and open action items",
                " (from last time)",
            ),
        };
        assert_eq!(
            md.contains(section),
            !decided.is_empty() || !open.is_empty(),
            "{file}"
        );
        for d in &decided {
            assert!(md.contains(&format!("- {d}")), "{file}: {d}");
        }
        for p in new
            .parties
            .iter()
            .filter(|p| !p.list(PartyList::Purposes).is_empty())
        {
            assert!(
                md.contains(&format!("{}{mark}", p.name)),
                "{file}: {}\n{md}",
                p.name
            );
        }
        for a in &new.activities {
            assert!(
                md.contains(&format!("### {}{mark}", a.title)),
                "{file}: {}",
                a.title
            );
        }
        // The console marks what came from last time (↻) and shows the previous meeting's
        // decisions under this meeting's.
        let mut app = App::snapshot(new.clone(), file.clone(), lang);
        app.view.step = Some(2);
        let screen = screen_text(&mut app, 160, 48);
        assert!(screen.contains('↻'), "{file}: {screen}");
        if let Some(d) = decided.first() {
            app.view.overlay = Some(sori::tui::state::Overlay::Decisions { row: 0 });
            let screen = screen_text(&mut app, 160, 48);
            let heading = sori::i18n::Term::PreviousDecisions.text(lang);
            assert!(screen.contains(heading), "{file}: {screen}");
            let shown: String = d.chars().take(20).collect();
            assert!(screen.contains(&shown), "{file}: {shown}: {screen}");
        }
    }
}
