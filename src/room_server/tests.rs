//! The room's server over real sockets on 127.0.0.1: what a phone can do, and what a hostile
//! client cannot.

use std::sync::mpsc::{Receiver, channel};

use super::*;
use crate::core::session::Session;
use crate::testkit::http::{self, Reply};

struct Room {
    server: RoomServer,
    arrivals: Receiver<Arrival>,
    tokens: [String; 2],
}

impl Room {
    fn open() -> Room {
        let (tx, arrivals) = channel();
        let tx = Mutex::new(tx);
        let deliver: Deliver = Arc::new(move |a| {
            let _ = tx.lock().unwrap().send(a);
        });
        let server = RoomServer::start(Bind::At("127.0.0.1:0".parse().unwrap()), deliver).unwrap();
        let tokens = [token(), token()];
        let room = Room {
            server,
            arrivals,
            tokens,
        };
        room.server.publish(room.board(Lang::Ja));
        room
    }

    /// Two parties (町内会 p1, 保健所 p2), an activity on screen in step 3.
    fn board(&self, lang: Lang) -> Board {
        let mut s = Session::empty();
        s.meta.lang = lang;
        s.meta.title = "地域猫の語り合う場".into();
        let p1 = crate::core::session::Party::new("p1".parse().unwrap(), "町内会");
        let p2 = crate::core::session::Party::new("p2".parse().unwrap(), "保健所");
        s.parties = vec![p1, p2];
        s.activities.push(crate::core::session::Activity::new(
            "a3".parse().unwrap(),
            "TNR",
        ));
        let tokens = self.tokens.clone();
        Board::of(&s, 3, Some(&"a3".parse().unwrap()), |id| {
            match id.to_string().as_str() {
                "p1" => Some(tokens[0].clone()),
                "p2" => Some(tokens[1].clone()),
                _ => None,
            }
        })
    }

    fn path(&self, party: usize) -> String {
        let url = self.server.url(&self.tokens[party]);
        http::split_url(&url).1
    }

    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    fn post(&self, party: usize, what: &str, fields: &[(&str, &str)]) -> Reply {
        http::post_form(self.addr(), &format!("{}/{what}", self.path(party)), fields).unwrap()
    }

    fn page(&self, party: usize) -> Reply {
        http::get(self.addr(), &self.path(party)).unwrap()
    }

    fn taken(&self) -> Vec<Arrival> {
        self.arrivals.try_iter().collect()
    }
}

#[test]
fn a_party_page_is_served_with_a_strict_policy() {
    let room = Room::open();
    let page = room.page(0);
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("content-security-policy"), Some(CSP));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert!(page.body.contains("<h1>町内会</h1>"), "{}", page.body);
    assert!(page.body.contains("地域猫の語り合う場"));
    // Nothing from anywhere else: every address on the page is the page's own.
    for needle in ["http://", "https://", "//"] {
        let outside = page.body.match_indices(&format!("=\"{needle}")).count();
        assert_eq!(outside, 0, "{needle} in {}", page.body);
    }
    assert!(!page.body.contains("<style>") && !page.body.contains("onclick"));
    // The style sheet and the script are the page's own, under its tokens.
    let css = http::get(room.addr(), &format!("{}/sori.css", room.path(0))).unwrap();
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    // English when the phone asks for it, Japanese from its Accept-Language.
    let en = http::get(room.addr(), &format!("{}?lang=en", room.path(0))).unwrap();
    assert!(
        en.body
            .contains("Send a purpose, a challenge or a strength")
    );
    let asked = http::request(
        room.addr(),
        "GET",
        &room.path(1),
        &[("Accept-Language", "en-GB,en;q=0.9")],
        b"",
    )
    .unwrap();
    assert!(asked.body.contains("What your party has said so far"));
}

#[test]
fn wrong_or_missing_tokens_get_404_and_nothing_else() {
    let room = Room::open();
    let good = room.path(0);
    let (_, room_token, party_token) = {
        let mut parts = good.split('/');
        (parts.next(), parts.next().unwrap(), parts.next().unwrap())
    };
    let wrong_room = format!("/{}/{party_token}", token());
    let wrong_party = format!("/{room_token}/{}", token());
    let shorter = format!("/{room_token}/{}", &party_token[1..]);
    for path in [
        "/".to_string(),
        format!("/{room_token}"),
        format!("/{room_token}/"),
        wrong_room.clone(),
        wrong_party.clone(),
        shorter,
        format!("{wrong_room}/sori.css"),
        format!("{wrong_party}/said"),
        format!("{good}/nothing-here"),
        "/favicon.ico".to_string(),
    ] {
        let reply = http::get(room.addr(), &path).unwrap();
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.body, "", "{path}");
    }
    // A post with a wrong token is 404 whatever it sends, even a body too large to read.
    let big = vec![b'a'; MAX_BODY * 4];
    for path in [format!("{wrong_party}/add"), format!("{wrong_room}/vote")] {
        let reply = http::request(room.addr(), "POST", &path, &[], &big).unwrap();
        assert_eq!(reply.status, 404, "{path}");
    }
    // Another method on a page is 404 too (not 405, which would say the page is there).
    let reply = http::request(room.addr(), "DELETE", &good, &[], b"").unwrap();
    assert_eq!(reply.status, 404);
    let reply = http::request(room.addr(), "PUT", &wrong_party, &[], b"").unwrap();
    assert_eq!(reply.status, 404);
    assert!(room.taken().is_empty());
}

#[test]
fn a_note_reaches_the_console_cleaned_and_waits_on_its_party_s_page_only() {
    let room = Room::open();
    let reply = room.post(
        0,
        "add",
        &[
            ("list", "challenges"),
            ("text", "  野良猫の\u{1b}[31mフン\u{7}\r\n被害  "),
            ("name", "田中\n花子"),
            ("lang", "ja"),
        ],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let to = reply.header("location").unwrap();
    assert!(to.ends_with("?lang=ja&sent=note"), "{to}");
    assert!(
        reply
            .header("set-cookie")
            .unwrap()
            .starts_with("sori_name=")
    );
    let taken = room.taken();
    assert_eq!(taken.len(), 1);
    let c = &taken[0].contribution;
    assert_eq!(c.party.to_string(), "p1");
    assert_eq!(c.name.as_deref(), Some("田中 花子"));
    assert_eq!(
        c.proposal,
        Proposal::Item {
            list: PartyList::Challenges,
            text: "野良猫の[31mフン\n被害".into()
        }
    );
    // Its party sees it waiting; the other party does not see it at all.
    let mine = room.page(0);
    assert!(
        mine.body.contains("野良猫の[31mフン\n被害"),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("確認待ち"));
    let theirs = room.page(1);
    assert!(!theirs.body.contains("野良猫"), "{}", theirs.body);
    let said = http::get(room.addr(), &format!("{}/said", room.path(1))).unwrap();
    assert!(!said.body.contains("野良猫"));
}

#[test]
fn markup_sent_is_shown_as_text() {
    let room = Room::open();
    let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "</textarea><script>alert(2)</script>",
        "javascript:alert(3)",
    ];
    for p in payloads {
        let reply = room.post(0, "add", &[("text", p), ("name", p)]);
        assert_eq!(reply.status, 303);
    }
    let page = room.page(0);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(!page.body.contains("<img"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.body
            .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
    );
    let taken = room.taken();
    assert_eq!(taken.len(), payloads.len());
    assert_eq!(taken[0].contribution.proposal.text(), Some(payloads[0]));
}

#[test]
fn what_cannot_be_taken_is_said_with_what_was_typed() {
    let room = Room::open();
    let empty = room.post(0, "add", &[("text", " \r\n ")]);
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("内容が空です。"));
    let long = "猫".repeat(PHONE_TEXT_MAX + 1);
    let reply = room.post(0, "add", &[("text", &long), ("lang", "en")]);
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .body
            .contains("Too long (1001 characters; at most 1000).")
    );
    assert!(
        reply.body.contains(&long),
        "what was typed is kept to be cut"
    );
    let name = "名".repeat(PHONE_NAME_MAX + 1);
    let reply = room.post(0, "add", &[("text", "ok"), ("name", &name)]);
    assert_eq!(reply.status, 422);
    // A body larger than the limit is refused before it is read.
    let huge = format!("text={}", "a".repeat(MAX_BODY + 1));
    let reply = http::request(
        room.addr(),
        "POST",
        &format!("{}/add", room.path(0)),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        huge.as_bytes(),
    )
    .unwrap();
    assert_eq!(reply.status, 413);
    // An activity that is not there, a form that is not one.
    let reply = room.post(0, "vote", &[("activity", "a99")]);
    assert_eq!(reply.status, 422);
    let reply = room.post(0, "suggest", &[("text", "x")]);
    assert_eq!(reply.status, 400);
    assert!(room.taken().is_empty());
}

#[test]
fn a_party_has_its_dots_and_no_more() {
    let room = Room::open();
    for _ in 0..DOTS {
        let reply = room.post(1, "vote", &[("activity", "a3")]);
        assert_eq!(reply.status, 303);
    }
    let reply = room.post(1, "vote", &[("activity", "a3")]);
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("票はもう残っていません。"));
    assert_eq!(room.taken().len(), DOTS as usize);
    // The other party still has all of its own.
    assert_eq!(room.post(0, "vote", &[("activity", "a3")]).status, 303);
    // A role for the activity on screen.
    let reply = room.post(
        0,
        "suggest",
        &[
            ("activity", "a3"),
            ("cell", "benefit"),
            ("text", "静かな夜"),
        ],
    );
    assert_eq!(reply.status, 303);
    let taken = room.taken();
    assert_eq!(
        taken.last().unwrap().contribution.proposal,
        Proposal::Benefit {
            activity: "a3".parse().unwrap(),
            text: "静かな夜".into()
        }
    );
}

const DOTS: u32 = crate::core::proposal::DOTS_PER_PARTY;

#[test]
fn a_flood_is_refused_and_nothing_that_was_accepted_is_lost() {
    let room = Room::open();
    let mut accepted = 0;
    let mut refused = 0;
    for i in 0..200 {
        let text = format!("flood {i}");
        let reply = room.post(0, "add", &[("text", &text)]);
        match reply.status {
            303 => accepted += 1,
            429 => refused += 1,
            other => panic!("{other}: {}", reply.body),
        }
    }
    assert!(refused > 0, "nothing was refused");
    let taken = room.taken();
    // Every note a phone was told was sent reached the console, once, in order.
    assert_eq!(taken.len(), accepted);
    let ids: Vec<u64> = taken.iter().map(|a| a.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    // The waiting queue is bounded too: at most its share per party.
    assert!(accepted <= MAX_PENDING_PER_PARTY, "{accepted}");
}

#[test]
fn a_stopped_room_answers_no_more() {
    let room = Room::open();
    let addr = room.addr();
    assert_eq!(room.page(0).status, 200);
    room.server.stop();
    assert!(http::get(addr, "/").is_err());
}

#[test]
fn a_connection_that_sends_nothing_does_not_hold_the_room() {
    let room = Room::open();
    // Phones that connect and never send take their places, not the room's.
    let idle: Vec<std::net::TcpStream> = (0..guard::MAX_CONNECTIONS_PER_ADDRESS - 1)
        .map(|_| std::net::TcpStream::connect(room.addr()).unwrap())
        .collect();
    assert_eq!(room.page(1).status, 200);
    drop(idle);
}
