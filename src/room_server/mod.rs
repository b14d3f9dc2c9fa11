//! The room's phones: a small web server on the meeting's own network, so that each party adds
//! its own purposes, challenges and strengths, suggests a role or a benefit for its row of the
//! activity on screen, and casts its dot votes — from a phone, with no account and no app.
//!
//! It runs only while the facilitator has the room open (`W` in the console, or `sori open
//! PATH --room`): axum on a current-thread tokio runtime, on a thread of its own. It never
//! touches the session. It reads the `Board` the console publishes (`publish`), and hands each
//! contribution to the console's event loop as an `Arrival` (`Deliver`: one more source of
//! actions for `App::update`), where the facilitator accepts, edits or rejects it. Only what is
//! accepted becomes an event, through the one door.
//!
//! On a shared network:
//! - every page is under `/{room}/{party}`: two random tokens (`tokens`); any other address,
//!   a wrong or a missing token gets 404 with an empty body, whatever the method;
//! - it binds only where it is told (`Bind`): the laptop's address on the network it is on,
//!   or the address and port given;
//! - per-address rate limits and connection caps, idle connections closed, bodies of at most
//!   `MAX_BODY` bytes (`guard`);
//! - every text goes through the cleaning typed text gets (`text::typed`), is bounded, and the
//!   pages are maud's auto-escaped HTML with a strict Content-Security-Policy and nothing from
//!   elsewhere (`pages`);
//! - stopping it (or quitting sori) ends the runtime: connections are cut and the tokens,
//!   which live only in memory, die with it.

mod board;
mod guard;
mod pages;
mod tokens;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener as StdListener, UdpSocket};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

pub use board::{ActivityBoard, Board, PartyBoard, RowBoard, Said};
pub use tokens::token;

use crate::core::proposal::{Contribution, PHONE_LISTS, PHONE_NAME_MAX, PHONE_TEXT_MAX, Proposal};
use crate::core::session::{Id, Lang, PartyList};
use guard::{Capped, Limiter, Peer};
use pages::{Flash, Form, Problem};

/// The port a room opens on when none is given, if it is free (else any free port).
pub const DEFAULT_PORT: u16 = 8080;

/// The largest request body read: a note is a few kilobytes at most, even percent-encoded.
pub const MAX_BODY: usize = 16 * 1024;

/// Notes waiting for the facilitator, per party and in all: beyond, a phone is asked to wait.
pub const MAX_PENDING_PER_PARTY: usize = 50;
pub const MAX_PENDING: usize = 500;

/// A contribution handed to the console: its number and what it is.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Arrival {
    pub id: u64,
    pub contribution: Contribution,
}

/// How the server hands a contribution to the console (from the server's thread).
pub type Deliver = Arc<dyn Fn(Arrival) + Send + Sync>;

/// Where the room listens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bind {
    /// The laptop's address on the network it is on (its Wi-Fi, a phone's hotspot), on
    /// `DEFAULT_PORT` when that is free. With no network, this computer only (127.0.0.1).
    Lan,
    /// Exactly this address and port (port 0: any free one).
    At(SocketAddr),
}

/// What the server shares with its handlers.
struct Shared {
    room: String,
    board: Mutex<Board>,
    next_id: AtomicU64,
    deliver: Deliver,
    limiter: Mutex<Limiter>,
}

impl Shared {
    fn board(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running room server. Dropping it stops it.
pub struct RoomServer {
    addr: SocketAddr,
    /// No network was found: the room is open on this computer only.
    loopback_only: bool,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RoomServer {
    /// Open the room: bind, then serve on a thread of its own until `stop`.
    pub fn start(bind: Bind, deliver: Deliver) -> io::Result<RoomServer> {
        let (listener, loopback_only) = match bind {
            Bind::At(addr) => (StdListener::bind(addr)?, false),
            Bind::Lan => {
                let (ip, found) = match lan_address() {
                    Some(ip) => (ip, true),
                    None => (IpAddr::V4(Ipv4Addr::LOCALHOST), false),
                };
                let listener = StdListener::bind((ip, DEFAULT_PORT))
                    .or_else(|_| StdListener::bind((ip, 0)))?;
                (listener, !found)
            }
        };
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            room: token(),
            board: Mutex::new(Board::default()),
            next_id: AtomicU64::new(1),
            deliver,
            limiter: Mutex::new(Limiter::default()),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(Arc::clone(&shared));
        let thread = std::thread::Builder::new()
            .name("sori-room".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let service = app.into_make_service_with_connect_info::<Peer>();
                    let serve = axum::serve(Capped::new(listener), service);
                    tokio::select! {
                        _ = serve => {}
                        _ = stopped => {}
                    }
                });
                // Every connection still open is cut here: nothing is waited for.
                runtime.shutdown_timeout(Duration::ZERO);
            })?;
        Ok(RoomServer {
            addr,
            loopback_only,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Where the room listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether no network was found and the room is open on this computer only.
    pub fn loopback_only(&self) -> bool {
        self.loopback_only
    }

    /// The address of a party's page: `http://192.168.1.20:8080/{room}/{party}`.
    pub fn url(&self, party_token: &str) -> String {
        format!("http://{}/{}/{party_token}", self.addr, self.shared.room)
    }

    /// What the phones may read from now on (see `Board::replace`).
    pub fn publish(&self, board: Board) {
        self.shared.board().replace(board);
    }

    /// Stop listening and cut every connection; the tokens are gone with it.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RoomServer {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The address this computer reaches the network with: the one its routes would use to go
/// out (a UDP socket "connected" to a documentation address sends nothing). `None` with no
/// network at all.
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{room}/{party}", any(party_root))
        .route("/{room}/{party}/", any(party_root))
        .route("/{room}/{party}/{what}", any(party_part))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), limit))
        .layer(middleware::map_response(secure))
        .with_state(shared)
}

/// The strict policy every response carries: nothing from elsewhere, scripts and styles only
/// from the page's own address, forms only to it, never in a frame.
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
    connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Too many requests from one address: 429, nothing read further.
async fn limit(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    request: Request,
    next: Next,
) -> Response {
    let cost = if request.method() == Method::GET {
        1.0
    } else {
        guard::POST_COST
    };
    let allowed = shared
        .limiter
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .allow(peer.0, cost, Instant::now());
    if !allowed {
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    }
    next.run(request).await
}

/// 404 and nothing else: not which part of the address was wrong.
async fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

async fn party_root(
    State(shared): State<Arc<Shared>>,
    Path((room, party)): Path<(String, String)>,
    request: Request,
) -> Response {
    serve(&shared, &room, &party, "", request).await
}

async fn party_part(
    State(shared): State<Arc<Shared>>,
    Path((room, party, what)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    serve(&shared, &room, &party, &what, request).await
}

/// One request to a party's pages: the tokens first (404 when either is wrong), then what it
/// asks for.
async fn serve(shared: &Shared, room: &str, party: &str, what: &str, request: Request) -> Response {
    if !tokens::same(room, &shared.room) {
        return not_found().await;
    }
    let Some(index) = shared
        .board()
        .parties
        .iter()
        .position(|p| tokens::same(party, &p.token))
    else {
        return not_found().await;
    };
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().unwrap_or("");
    let lang = chosen_lang(query_value(query, "lang"), &parts.headers, shared);
    let base = format!("/{}/{party}", shared.room);
    let name = cookie_name(&parts.headers);
    match (&parts.method, what) {
        (&Method::GET, "") => {
            let flash = match query_value(query, "sent").as_deref() {
                Some("vote") => Some(Flash::Voted),
                Some(_) => Some(Flash::Sent),
                None => None,
            };
            let form = Form {
                name: name.unwrap_or_default(),
                ..Form::default()
            };
            html(StatusCode::OK, shared, index, |b, p| {
                pages::page(b, p, &base, lang, flash, &form, None)
            })
        }
        (&Method::GET, "said") => html(StatusCode::OK, shared, index, |b, p| {
            pages::said(b, p, lang).into_string()
        }),
        (&Method::GET, "sori.css") => asset("text/css; charset=utf-8", pages::CSS),
        (&Method::GET, "sori.js") => asset("text/javascript; charset=utf-8", pages::JS),
        (&Method::POST, "add" | "suggest" | "vote") => {
            if parts
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
                .is_some_and(|n| n > MAX_BODY)
            {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            }
            let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            };
            let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let asked = field(&fields, "lang").map(str::to_string);
            let lang = chosen_lang(asked, &parts.headers, shared);
            receive(shared, index, &base, lang, what, &fields)
        }
        _ => not_found().await,
    }
}

/// A form sent: checked, put on the board as waiting, handed to the console; then back to the
/// page (303), or the page again with what is wrong and what was typed.
fn receive(
    shared: &Shared,
    index: usize,
    base: &str,
    lang: Lang,
    what: &str,
    fields: &[(String, String)],
) -> Response {
    let field = |key: &str| field(fields, key);
    let typed_name = field("name").map(one_line).unwrap_or_default();
    let mut form = Form {
        name: typed_name.clone(),
        text: field("text").map(crate::text::typed).unwrap_or_default(),
        list: field("list").unwrap_or("purposes").to_string(),
        cell: field("cell").unwrap_or("role").to_string(),
    };
    form.text = form.text.trim().to_string();
    let name = (!typed_name.is_empty()).then_some(typed_name);
    let proposal = match what {
        "add" => {
            let list = PHONE_LISTS
                .into_iter()
                .find(|l| l.key() == form.list)
                .unwrap_or(PartyList::Purposes);
            Proposal::Item {
                list,
                text: form.text.clone(),
            }
        }
        "suggest" | "vote" => {
            let Some(activity) = field("activity").and_then(|a| a.parse::<Id>().ok()) else {
                return again(shared, index, base, lang, &form, Problem::Bad);
            };
            match (what, form.cell.as_str()) {
                ("vote", _) => Proposal::Vote { activity },
                (_, "benefit") => Proposal::Benefit {
                    activity,
                    text: form.text.clone(),
                },
                _ => Proposal::Role {
                    activity,
                    text: form.text.clone(),
                },
            }
        }
        _ => return again(shared, index, base, lang, &form, Problem::Bad),
    };
    if let Some(text) = proposal.text() {
        let chars = text.chars().count();
        if chars == 0 {
            return again(shared, index, base, lang, &form, Problem::Empty);
        }
        if chars > PHONE_TEXT_MAX {
            return again(shared, index, base, lang, &form, Problem::Long(chars));
        }
    }
    if name
        .as_ref()
        .is_some_and(|n| n.chars().count() > PHONE_NAME_MAX)
    {
        return again(shared, index, base, lang, &form, Problem::NameLong);
    }
    let arrival = {
        let mut board = shared.board();
        if let Some(activity) = proposal.activity()
            && board.activity(activity).is_none()
        {
            drop(board);
            return again(shared, index, base, lang, &form, Problem::Gone);
        }
        let waiting = board.waiting();
        let Some(party) = board.parties.get_mut(index) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if party.pending.len() >= MAX_PENDING_PER_PARTY || waiting >= MAX_PENDING {
            drop(board);
            return again(shared, index, base, lang, &form, Problem::Full);
        }
        if matches!(proposal, Proposal::Vote { .. }) && party.dots_left() == 0 {
            drop(board);
            return again(shared, index, base, lang, &form, Problem::NoDots);
        }
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        party.pending.push(Said {
            id,
            name: name.clone(),
            proposal: proposal.clone(),
        });
        Arrival {
            id,
            contribution: Contribution {
                party: party.id.clone(),
                name: name.clone(),
                proposal,
            },
        }
    };
    let vote = matches!(arrival.contribution.proposal, Proposal::Vote { .. });
    (shared.deliver)(arrival);
    let to = format!(
        "{base}?lang={}&sent={}",
        lang.code(),
        if vote { "vote" } else { "note" }
    );
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    if let Some(name) = name
        && let Ok(cookie) = HeaderValue::from_str(&format!(
            "sori_name={}; Path={base}; Max-Age=43200; HttpOnly; SameSite=Strict",
            form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
        ))
    {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// A form's field, the first of its name.
fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The page again, with what was wrong and what was typed.
fn again(
    shared: &Shared,
    index: usize,
    base: &str,
    lang: Lang,
    form: &Form,
    problem: Problem,
) -> Response {
    let status = match problem {
        Problem::Full => StatusCode::TOO_MANY_REQUESTS,
        Problem::Bad => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    html(status, shared, index, |b, p| {
        pages::page(b, p, base, lang, None, form, Some(problem))
    })
}

fn html(
    status: StatusCode,
    shared: &Shared,
    index: usize,
    draw: impl FnOnce(&Board, &PartyBoard) -> String,
) -> Response {
    let board = shared.board();
    let Some(party) = board.parties.get(index) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = draw(&board, party);
    drop(board);
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], Body::from(body)).into_response()
}

/// A name is one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    crate::text::typed(s).replace('\n', " ").trim().to_string()
}

fn query_value(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// The page's language: what the phone asked for (`lang`), else the first of its
/// Accept-Language that sori speaks, else the session's.
fn chosen_lang(asked: Option<String>, headers: &HeaderMap, shared: &Shared) -> Lang {
    if let Some(lang) = asked.and_then(|l| l.parse::<Lang>().ok()) {
        return lang;
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for tag in accepted.split(',') {
        let tag = tag
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if tag.starts_with("ja") {
            return Lang::Ja;
        }
        if tag.starts_with("en") {
            return Lang::En;
        }
    }
    shared.board().lang
}

/// The name the phone gave last time (a cookie of its own pages).
fn cookie_name(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("sori_name="))
        .and_then(|v| {
            form_urlencoded::parse(format!("n={v}").as_bytes())
                .next()
                .map(|(_, n)| one_line(&n))
        })
        .filter(|n| !n.is_empty() && n.chars().count() <= PHONE_NAME_MAX)
}

#[cfg(test)]
mod tests;
