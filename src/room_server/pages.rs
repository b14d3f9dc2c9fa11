//! A party's page on a phone: plain server-drawn HTML forms that work without JavaScript
//! (maud escapes every text), one small script that only refreshes what the party has said, and
//! a style sheet; all served from the page's own address, nothing from anywhere else.

use maud::{DOCTYPE, Markup, html};

use super::board::{Board, PartyBoard, Said};
use crate::core::proposal::{
    DOTS_PER_PARTY, PHONE_LISTS, PHONE_NAME_MAX, PHONE_TEXT_MAX, Proposal,
};
use crate::core::session::Lang;
use crate::i18n::phone::Phone;
use crate::i18n::{Term, fill};

/// What was typed into a form, to show again with a problem (or the name remembered).
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub name: String,
    pub text: String,
    /// The list chosen (`purposes`, `challenges`, `strengths`).
    pub list: String,
    /// The cell chosen for a suggestion (`role`, `benefit`).
    pub cell: String,
}

/// What the page says at its top after a form was sent.
#[derive(Clone, Copy, Debug)]
pub enum Flash {
    Sent,
    Voted,
}

/// What was wrong with a form sent.
#[derive(Clone, Copy, Debug)]
pub enum Problem {
    Empty,
    Long(usize),
    NameLong,
    Full,
    NoDots,
    Gone,
    Bad,
}

impl Problem {
    fn text(self, lang: Lang) -> String {
        let t = |p: Phone| p.text(lang);
        match self {
            Problem::Empty => t(Phone::ErrEmpty).into(),
            Problem::Long(n) => fill(
                t(Phone::ErrLong),
                &[("max", &PHONE_TEXT_MAX.to_string()), ("n", &n.to_string())],
            ),
            Problem::NameLong => fill(
                t(Phone::ErrNameLong),
                &[("max", &PHONE_NAME_MAX.to_string())],
            ),
            Problem::Full => t(Phone::ErrFull).into(),
            Problem::NoDots => t(Phone::ErrNoDots).into(),
            Problem::Gone => t(Phone::ErrGone).into(),
            Problem::Bad => t(Phone::ErrBad).into(),
        }
    }
}

/// The party's page.
pub fn page(
    board: &Board,
    party: &PartyBoard,
    base: &str,
    lang: Lang,
    flash: Option<Flash>,
    form: &Form,
    problem: Option<Problem>,
) -> String {
    let t = |p: Phone| p.text(lang);
    let term = |p: Term| p.text(lang);
    let other = match lang {
        Lang::Ja => Lang::En,
        Lang::En => Lang::Ja,
    };
    let list = if form.list.is_empty() {
        "purposes"
    } else {
        form.list.as_str()
    };
    let on_screen = (board.step == 3)
        .then(|| board.on_screen.and_then(|i| board.activities.get(i)))
        .flatten();
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (fill(t(Phone::PageTitle), &[("party", &party.name)])) }
                link rel="stylesheet" href={ (base) "/sori.css" };
                script src={ (base) "/sori.js" } defer {}
            }
            body data-said={ (base) "/said?lang=" (lang.code()) } {
                header {
                    @if !board.title.trim().is_empty() {
                        p.meeting { (fill(t(Phone::Meeting), &[("title", &board.title)])) }
                    }
                    p.label { (t(Phone::YourParty)) }
                    h1 { (party.name) }
                    p.lang { a href={ (base) "?lang=" (other.code()) } { (t(Phone::OtherLang)) } }
                }
                @match flash {
                    Some(Flash::Sent) => p.flash role="status" { (t(Phone::Sent)) },
                    Some(Flash::Voted) => p.flash role="status" { (t(Phone::Voted)) },
                    None => {},
                }
                @if let Some(problem) = problem {
                    p.problem role="alert" { (problem.text(lang)) }
                }
                p.intro { (t(Phone::Intro)) }
                section {
                    h2 { (t(Phone::AddHeading)) }
                    form method="post" action={ (base) "/add" } {
                        input type="hidden" name="lang" value=(lang.code());
                        fieldset {
                            legend { (t(Phone::What)) }
                            @for l in PHONE_LISTS {
                                label.choice {
                                    input type="radio" name="list" value=(l.key())
                                        checked[l.key() == list];
                                    " " (term(Term::list(l)))
                                }
                            }
                        }
                        label {
                            (t(Phone::Text))
                            textarea name="text" rows="3" maxlength=(PHONE_TEXT_MAX) required {
                                (form.text)
                            }
                        }
                        (name_field(form, lang))
                        button type="submit" { (t(Phone::Send)) }
                    }
                }
                @if let Some(a) = on_screen {
                    section {
                        h2 { (t(Phone::SuggestHeading)) }
                        p.activity { (fill(t(Phone::OnScreen), &[("activity", &a.title)])) }
                        @match a.rows.iter().find(|r| r.party == party.id) {
                            Some(row) => {
                                h3 { (t(Phone::YourRow)) }
                                dl {
                                    dt { (term(Term::ColRole)) }
                                    dd { (or_dash(&row.role)) }
                                    dt { (term(Term::ColBenefit)) }
                                    dd { (or_dash(&row.benefit)) }
                                }
                            }
                            None => p { (t(Phone::NoRowYet)) },
                        }
                        form method="post" action={ (base) "/suggest" } {
                            input type="hidden" name="lang" value=(lang.code());
                            input type="hidden" name="activity" value=(a.id);
                            fieldset {
                                legend { (t(Phone::What)) }
                                label.choice {
                                    input type="radio" name="cell" value="role"
                                        checked[form.cell != "benefit"];
                                    " " (term(Term::ColRole))
                                }
                                label.choice {
                                    input type="radio" name="cell" value="benefit"
                                        checked[form.cell == "benefit"];
                                    " " (term(Term::ColBenefit))
                                }
                            }
                            label {
                                (t(Phone::Text))
                                textarea name="text" rows="2" maxlength=(PHONE_TEXT_MAX) required {}
                            }
                            (name_field(form, lang))
                            button type="submit" { (t(Phone::Send)) }
                        }
                    }
                }
                @if !board.activities.is_empty() {
                    section {
                        h2 { (t(Phone::VotesHeading)) }
                        @let left = party.dots_left();
                        p {
                            @if left > 0 {
                                (fill(t(Phone::DotsLeft), &[("n", &left.to_string()), ("all", &DOTS_PER_PARTY.to_string())]))
                            } @else {
                                (fill(t(Phone::NoDotsLeft), &[("all", &DOTS_PER_PARTY.to_string())]))
                            }
                        }
                        ul.votes {
                            @for a in &board.activities {
                                li {
                                    form method="post" action={ (base) "/vote" } {
                                        input type="hidden" name="lang" value=(lang.code());
                                        input type="hidden" name="activity" value=(a.id);
                                        input type="hidden" name="name" value=(form.name);
                                        span.title { (a.title) }
                                        " "
                                        span.count { (fill(t(Phone::VotesNow), &[("n", &a.votes.to_string())])) }
                                        " "
                                        button type="submit" disabled[left == 0] { (t(Phone::VoteFor)) }
                                    }
                                }
                            }
                        }
                    }
                }
                section #said {
                    (said(board, party, lang))
                }
                footer {
                    a href={ (base) "?lang=" (lang.code()) } { (t(Phone::Refresh)) }
                }
            }
        }
    };
    page.into_string()
}

fn name_field(form: &Form, lang: Lang) -> Markup {
    html! {
        label {
            (Phone::Name.text(lang))
            input type="text" name="name" maxlength=(PHONE_NAME_MAX) autocomplete="name"
                value=(form.name);
        }
    }
}

fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

/// What the party has said so far: its lists as the session has them, its notes waiting, and
/// those not taken. (The script fetches this part again every few seconds.)
pub fn said(board: &Board, party: &PartyBoard, lang: Lang) -> Markup {
    let t = |p: Phone| p.text(lang);
    html! {
        h2 { (t(Phone::SaidHeading)) }
        @for (i, l) in PHONE_LISTS.into_iter().enumerate() {
            h3 { (Term::list(l).text(lang)) }
            @let items = &party.lists[i];
            @let waiting: Vec<&Said> = party.pending.iter()
                .filter(|s| matches!(&s.proposal, Proposal::Item { list, .. } if *list == l))
                .collect();
            @if items.is_empty() && waiting.is_empty() {
                p.none { (t(Phone::Nothing)) }
            } @else {
                ul {
                    @for item in items { li { (item) } }
                    @for s in waiting {
                        li.pending { (said_text(board, s, lang)) " " span.mark { (t(Phone::PendingMark)) } }
                    }
                }
            }
        }
        @let others: Vec<&Said> = party.pending.iter()
            .filter(|s| !matches!(s.proposal, Proposal::Item { .. }))
            .collect();
        @if !others.is_empty() {
            h3 { (t(Phone::Pending)) }
            ul {
                @for s in others {
                    li.pending { (said_text(board, s, lang)) " " span.mark { (t(Phone::PendingMark)) } }
                }
            }
        }
        @if !party.declined.is_empty() {
            h3 { (t(Phone::Declined)) }
            ul {
                @for s in &party.declined {
                    li.declined { (said_text(board, s, lang)) }
                }
            }
        }
    }
}

fn said_text(board: &Board, s: &Said, lang: Lang) -> String {
    let title = |id| {
        board
            .activity(id)
            .map(|a| a.title.clone())
            .unwrap_or_default()
    };
    let t = |p: Phone| p.text(lang);
    match &s.proposal {
        Proposal::Item { text, .. } => text.clone(),
        Proposal::Role { activity, text } => fill(
            t(Phone::RolePending),
            &[("activity", &title(activity)), ("text", text)],
        ),
        Proposal::Benefit { activity, text } => fill(
            t(Phone::BenefitPending),
            &[("activity", &title(activity)), ("text", text)],
        ),
        Proposal::Vote { activity } => {
            fill(t(Phone::VotePending), &[("activity", &title(activity))])
        }
    }
}

/// The style sheet: large type and targets for a phone in a hall; the system's fonts.
pub const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Hiragino Sans','Noto Sans CJK JP',sans-serif;\
margin:0 auto;max-width:40rem;padding:1rem;font-size:18px;line-height:1.5;color:#111;background:#fff}\
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:2px solid #333}\
h3{font-size:1rem;margin:.8rem 0 .2rem}\
.meeting,.label{margin:0;color:#333}.lang{text-align:right;margin:0}\
.flash{background:#e6f4e6;border:2px solid #2a7a2a;padding:.6rem}\
.problem{background:#fdeaea;border:2px solid #b00020;padding:.6rem;font-weight:bold}\
form label{display:block;margin:.6rem 0}textarea,input[type=text]{display:block;width:100%;\
box-sizing:border-box;font-size:1rem;padding:.5rem;border:2px solid #555;border-radius:6px}\
fieldset{border:none;padding:0;margin:.4rem 0}legend{font-weight:bold}\
label.choice{display:inline-block;margin:.3rem 1rem .3rem 0}\
input[type=radio]{width:1.3rem;height:1.3rem;vertical-align:middle}\
button{font-size:1.1rem;padding:.6rem 1.4rem;border-radius:6px;border:2px solid #1a4d8f;\
background:#1a4d8f;color:#fff}button[disabled]{background:#aaa;border-color:#aaa}\
ul.votes{list-style:none;padding:0}ul.votes li{margin:.5rem 0}ul.votes button{padding:.3rem .9rem}\
.pending{color:#5a3d00}.declined{text-decoration:line-through;color:#555}\
.none{color:#555}footer{margin:2rem 0 1rem}dl{margin:.2rem 0}dt{font-weight:bold}dd{margin:0 0 .4rem 1rem}";

/// The one script: every few seconds, what the party has said, fetched again. Without it the
/// page works the same; its refresh link does it by hand.
pub const JS: &str = "(function(){var u=document.body.getAttribute('data-said');\
if(!u||!window.fetch)return;setInterval(function(){fetch(u,{cache:'no-store',\
credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(t){\
var s=document.getElementById('said');if(t!==null&&s&&s.innerHTML!==t)s.innerHTML=t;})\
.catch(function(){});},5000);})();";
