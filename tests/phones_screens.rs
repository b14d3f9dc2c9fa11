//! The phones overlay on the console (`W`): what the parties sent, waiting, and one party's
//! code with its address; at 80×24 and 160×48, in Japanese and English. (The server's part is
//! `tests/phones_pty.rs`; here the view state is set as the room would leave it.)

mod common;

use sori::core::proposal::{Contribution, Proposal};
use sori::core::session::{Lang, PartyList};
use sori::room_server::Arrival;
use sori::testkit::keys::screen_text;
use sori::tui::state::{Overlay, RoomView};

fn arrival(id: u64, party: &str, name: Option<&str>, proposal: Proposal) -> Arrival {
    Arrival {
        id,
        contribution: Contribution {
            party: party.parse().unwrap(),
            name: name.map(str::to_string),
            proposal,
        },
    }
}

#[test]
fn the_phones_overlay_at_80x24_and_160x48_in_japanese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.yaml");
    let example = sori::bundled::examples()
        .iter()
        .find(|e| e.file == "chiiki-neko.yaml")
        .unwrap();
    std::fs::write(&path, example.yaml).unwrap();
    for lang in [Lang::Ja, Lang::En] {
        let mut app = common::open_app(&path, lang);
        let urls = app
            .session()
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
        let activity = app.session().activities[0].id.clone();
        app.view.room = Some(RoomView {
            urls,
            queue: vec![
                arrival(
                    1,
                    "p2",
                    Some("小林"),
                    Proposal::Item {
                        list: PartyList::Challenges,
                        text: "ゴミ置き場が荒らされる".into(),
                    },
                ),
                arrival(
                    2,
                    "p1",
                    None,
                    Proposal::Role {
                        activity: activity.clone(),
                        text: "捕獲器の貸出".into(),
                    },
                ),
                arrival(3, "p3", Some("Dr. Reid"), Proposal::Vote { activity }),
            ],
            codes: true,
            open: true,
            bind: None,
        });
        app.view.overlay = Some(Overlay::Phones { row: 1, party: 1 });
        for (w, h) in [(80, 24), (160, 48)] {
            let text = screen_text(&mut app, w, h);
            assert!(
                text.contains("192.168.1.20:8080/k7q2xm9abc/p1rt5vw8ny"),
                "{text}"
            );
            assert!(text.contains("小林"), "{text}");
            insta::assert_snapshot!(format!("phones_{}_{w}x{h}", lang.code()), text);
        }
    }
}
