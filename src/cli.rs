//! The command line: clap definitions and thin handlers that call the core, the store and the
//! TUI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::history::replay;
use crate::core::session::Disclosure;
use crate::core::session::{Lang, STEPS, Session};
use crate::core::stamp::Stamp;
use crate::core::start::{
    FollowUp, MeetingDetails, NewSession, follow_up_events, new_session_events,
};
use crate::export::Format;
use crate::i18n::files::FileText;
use crate::i18n::{self, CliText, Term, fill};
use crate::room_server::Bind;
use crate::store::create::{create_session, path_for_new};
use crate::store::journal::{Verdict, journal_path, read_journal_file, sort_out};
use crate::store::listing::{SessionSummary, scan_sessions};
use crate::store::minutes_files::{Occupant, OutputError};
use crate::store::peek::LeftOut;
use crate::store::{Document, FileHistory, load, load_lazy, paths};
use crate::text::{clean_line, fit, width};
use crate::tui::ThemeName;
use crate::tui::terminal::{catch_signals, signal_received};

#[derive(Parser, Debug)]
#[command(
    name = "sori",
    version,
    about = "Run a 相利 (mutual benefit) workshop live in the terminal, replay it, export minutes",
    long_about = "sori walks a room of stakeholders through the five 相利 steps, saves every edit \
                  at once, replays past sessions and writes minutes.\n\n\
                  With no arguments, sori shows recent sessions and the bundled examples.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// A session file to open (same as `sori open PATH`).
    pub path: Option<PathBuf>,

    /// Language of the screen: ja or en (default: the session's, else the locale's).
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Colours of the screen: dark (a dark terminal, the default), light (a light one) or
    /// projector (high contrast: the terminal's own colours, bold and reverse video, no grey).
    #[arg(long, global = true, value_parser = parse_theme, value_name = "dark|light|projector")]
    pub theme: Option<ThemeName>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new session and open it.
    New(Box<NewArgs>),
    /// Open a session file.
    Open {
        /// The session file.
        path: PathBuf,
        /// Open the room to the parties' phones at once: a page per party on the meeting's
        /// own network (the laptop's address on it, port 8080 when free), or exactly at
        /// ADDR:PORT. `W` in the console does the same, and stops it.
        #[arg(long, value_name = "ADDR:PORT", num_args = 0..=1, default_missing_value = "", value_parser = parse_room)]
        room: Option<Bind>,
    },
    /// List the sessions in the data folder, newest first.
    List,
    /// Check session files; print `PATH: ok` or what is wrong.
    Check {
        /// Session files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the session file format.
    Schema,
    /// Write the minutes (議事録) of a session: Markdown, HTML, Word, Excel or CSV.
    Export(ExportArgs),
    /// Replay a session's history on the workshop screen, read-only (writes nothing).
    Replay {
        /// The session file.
        path: PathBuf,
    },
    /// Show the room view: a second, read-only window for the projector that follows the
    /// session while the facilitator works on it in `sori open` (every edit, step change and
    /// timer tick, and what the facilitator is talking about). Writes nothing, takes no lock.
    Present {
        /// The session file (the one open in `sori open`).
        path: PathBuf,
    },
    /// Print the workshop screen as text (with --at, the replay screen at that event; with
    /// --room, the room view).
    Render(RenderArgs),
    /// Print the shell completions of sori's commands and options: bash, zsh, fish, elvish or
    /// powershell (e.g. `sori completions bash > ~/.local/share/bash-completion/completions/sori`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print sori's manual page (roff), made from the same definitions as `--help`
    /// (e.g. `sori man > ~/.local/share/man/man1/sori.1`, then `man sori`).
    Man,
}

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The session file.
    pub path: PathBuf,
    /// Show this step (1–5) instead of the session's.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub step: Option<u8>,
    /// The replay screen after this many events of the history (0 = before the first).
    #[arg(long, value_name = "EVENT")]
    pub at: Option<usize>,
    /// The screen's size in cells.
    #[arg(long, value_name = "WxH", default_value = "120x36", value_parser = parse_size)]
    pub size: (u16, u16),
    /// Colours and attributes as SGR escape codes (none without it).
    #[arg(long)]
    pub color: bool,
    /// The room view (`sori present`) instead of the workshop screen: what the console shows
    /// now, else the session's own step (--step chooses another).
    #[arg(long, conflicts_with = "at")]
    pub room: bool,
    /// With --room: the page to show (from 1), else the page of the party being talked about.
    #[arg(long, requires = "room", value_parser = clap::value_parser!(u16).range(1..))]
    pub page: Option<u16>,
}

/// The largest screen `sori render` draws: wider than any terminal, and its buffer (some
/// tens of bytes a cell) a few hundred megabytes at most.
pub const MAX_RENDER_WIDTH: u16 = 2000;
pub const MAX_RENDER_HEIGHT: u16 = 1000;

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("'{s}' is not a size like 120x36");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if w == 0 || h == 0 {
        return Err(bad());
    }
    if w > u32::from(MAX_RENDER_WIDTH) || h > u32::from(MAX_RENDER_HEIGHT) {
        return Err(format!(
            "'{s}' is too large: at most {MAX_RENDER_WIDTH}x{MAX_RENDER_HEIGHT} cells"
        ));
    }
    Ok((w as u16, h as u16))
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// Where to create the session (default: a new file in the data folder, named after the
    /// date and the title: `2026-12-03 地域猫の語り合う場 第2回.yaml`).
    pub path: Option<PathBuf>,
    /// The meeting's title (with --from: the series' next, `… 第2回`, unless given; `第3回`
    /// alone keeps the series' name).
    #[arg(long)]
    pub title: Option<String>,
    /// When the meeting starts: `2026-12-03 14:00` (default: now; with --from, the next
    /// meeting the earlier one recorded).
    #[arg(long, value_name = "DATE TIME")]
    pub start: Option<String>,
    /// Where the meeting takes place.
    #[arg(long)]
    pub venue: Option<String>,
    /// Who facilitates.
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Who takes the minutes (記録者).
    #[arg(long)]
    pub recorder: Option<String>,
    /// An agenda item (議題; repeat for more, in order).
    #[arg(long = "agenda", value_name = "ITEM")]
    pub agenda: Vec<String>,
    /// Someone expected who is absent (欠席者; repeat for more): `山田 太郎（北保健所）`.
    #[arg(long = "absent", value_name = "NAME")]
    pub absentees: Vec<String>,
    /// A paper handed out (配布資料; repeat for more).
    #[arg(long = "handout", value_name = "TITLE")]
    pub handouts: Vec<String>,
    /// Who signs the minutes as accurate (議事録署名人; repeat for more).
    #[arg(long = "signer", value_name = "NAME")]
    pub signers: Vec<String>,
    /// When the next meeting is: `2027-01-22 14:00`.
    #[arg(long = "next", value_name = "DATE TIME")]
    pub next_start: Option<String>,
    /// Where the next meeting is.
    #[arg(long)]
    pub next_venue: Option<String>,
    /// The meeting is public (公開).
    #[arg(long, conflicts_with = "closed")]
    pub public: bool,
    /// The meeting is closed (非公開).
    #[arg(long)]
    pub closed: bool,
    /// The host party: whose wants step 1 clarifies.
    #[arg(long)]
    pub host: Option<String>,
    /// A partner party (repeat for more).
    #[arg(long = "party")]
    pub parties: Vec<String>,
    /// A follow-up meeting of an earlier one (its edits not yet folded included): its parties
    /// with their purposes, challenges and strengths, its activities, open action items and
    /// parking lot carry over, marked 前回から; attendees, votes, decisions and evaluations start
    /// empty, its decisions and open action items are kept as 前回の決定事項・未完了のアクション;
    /// the start is its next meeting. `--party` adds partners, `--host` picks (or adds) the
    /// host.
    #[arg(long, value_name = "OLD.yaml")]
    pub from: Option<PathBuf>,
    /// Only create the file; do not open it.
    #[arg(long)]
    pub no_open: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The session file.
    pub path: PathBuf,
    /// md (minutes, the default), html (a page to print on A4), docx (Word), xlsx (Excel: the
    /// 相利評価表 of every activity, action items, attendees) or csv (the 相利評価表 as data).
    /// Without it, the extension of --output chooses.
    #[arg(long, value_parser = parse_format, value_name = "md|html|docx|xlsx|csv")]
    pub format: Option<Format>,
    /// Write to this file instead of standard output (replacing it whole, never half-written).
    /// docx and xlsx are not shown on a terminal: without --output they go next to the session
    /// (w.yaml -> w.minutes.docx), unless standard output is a file or a pipe.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV for Excel on Windows: a UTF-8 byte-order mark and CRLF line ends.
    #[arg(long)]
    pub excel: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn parse_theme(s: &str) -> Result<ThemeName, String> {
    s.parse()
}

/// `--room` alone: the laptop's address on its network; `--room 192.168.1.20:8080`: exactly
/// there (port 0: any free port).
fn parse_room(s: &str) -> Result<Bind, String> {
    if s.is_empty() {
        return Ok(Bind::Lan);
    }
    s.parse::<std::net::SocketAddr>()
        .map(Bind::At)
        .map_err(|_| format!("'{s}' is not an address and a port, like 192.168.1.20:8080"))
}

/// Parse the command line and run it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "sori: {}", clean_line(&message));
            ExitCode::FAILURE
        }
    }
}

/// Print one line to standard output. `false` once nobody reads any more (`sori list | head`):
/// the caller stops printing, where `println!` would panic.
fn emit(line: &str) -> bool {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}").is_ok()
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let lang = cli.lang;
    // The commands that put a session on the screen end the way Ctrl-C ends them on SIGTERM,
    // SIGHUP and SIGINT: what is typed saved, the terminal put back, the lock let go.
    let on_screen = match &cli.command {
        None => true,
        Some(Command::Open { .. } | Command::Replay { .. } | Command::Present { .. }) => true,
        Some(Command::New(args)) => !args.no_open,
        Some(_) => false,
    };
    if on_screen {
        catch_signals();
    }
    let code = run_command(cli, lang)?;
    Ok(match signal_received() {
        Some((number, name)) if on_screen => {
            use std::io::Write;
            let lang = i18n::choose(lang, None);
            // The terminal may be gone (SIGHUP): a failed write changes nothing.
            let _ = writeln!(
                std::io::stderr(),
                "sori: {}",
                fill(FileText::EndedBySignal.text(lang), &[("signal", name)])
            );
            ExitCode::from(128u8.wrapping_add(number as u8))
        }
        _ => code,
    })
}

fn run_command(cli: Cli, lang: Option<Lang>) -> Result<ExitCode, String> {
    let theme = cli.theme.unwrap_or_default();
    match cli.command {
        None => match cli.path {
            Some(path) => open(&path, lang, theme, None),
            None => picker(lang, theme),
        },
        Some(Command::Open { path, room }) => open(&path, lang, theme, room),
        Some(Command::New(args)) => new(*args, lang, theme),
        Some(Command::List) => Ok(list(i18n::choose(lang, None))),
        Some(Command::Check { paths }) => Ok(check(&paths, i18n::choose(lang, None))),
        Some(Command::Export(args)) => export(args, lang),
        Some(Command::Replay { path }) => replay_session(&path, lang, theme),
        Some(Command::Present { path }) => {
            crate::tui::present::run(&path, lang, theme)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Render(args)) => render(args, lang, theme),
        Some(Command::Schema) => schema(),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man) => man(),
    }
}

/// `sori completions SHELL`: the completion script clap_complete makes from the definitions
/// above, so it cannot drift from them.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode, String> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sori", &mut out);
    write_stdout(&out)
}

/// `sori man`: the manual page clap_mangen makes from the definitions above.
fn man() -> Result<ExitCode, String> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    write_stdout(&out)
}

/// Bytes to standard output; a reader that stopped reading (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<ExitCode, String> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("standard output: {e}"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn open(
    path: &Path,
    lang: Option<Lang>,
    theme: ThemeName,
    room: Option<Bind>,
) -> Result<ExitCode, String> {
    open_in(path, lang, lang.is_none(), theme, room)
}

/// Open a session on the workshop screen in `lang` (else the session's, else the locale's).
/// Unless `--lang` was given, the screen follows a change of the session's language.
fn open_in(
    path: &Path,
    lang: Option<Lang>,
    follows_session: bool,
    theme: ThemeName,
    room: Option<Bind>,
) -> Result<ExitCode, String> {
    let (doc, notices) = Document::open(path).map_err(|e| e.to_string())?;
    let lang = i18n::choose(lang, Some(doc.session().meta.lang));
    crate::tui::run_workshop(doc, notices, lang, follows_session, theme, room)
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn picker(asked: Option<Lang>, theme: ThemeName) -> Result<ExitCode, String> {
    let lang = i18n::choose(asked, None);
    match crate::tui::run_picker(lang, theme).map_err(|e| e.to_string())? {
        // A signal ended the picker: nothing more opens.
        Some(_) if signal_received().is_some() => Ok(ExitCode::SUCCESS),
        // The workshop speaks the picker's language; it follows the session's only when no
        // --lang was given.
        Some(path) => open_in(&path, Some(lang), asked.is_none(), theme, None),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn schema() -> Result<ExitCode, String> {
    let schema = schemars::schema_for!(crate::store::yaml::SessionFile);
    emit(&serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?);
    Ok(ExitCode::SUCCESS)
}

fn new(args: NewArgs, asked: Option<Lang>, theme: ThemeName) -> Result<ExitCode, String> {
    let now = Stamp::now();
    // The earlier meeting as it stands: its file and the edits still in its journal.
    let old = match &args.from {
        Some(from) => {
            let current = crate::store::peek::load_state(from).map_err(|e| e.to_string())?;
            note_left_out(current.left_out.as_ref(), i18n::choose(asked, None));
            Some(current.session)
        }
        None => None,
    };
    let lang = i18n::choose(asked, old.as_ref().map(|s| s.meta.lang));
    let time = |flag: &str, text: &Option<String>| -> Result<Option<Stamp>, String> {
        let Some(text) = text else { return Ok(None) };
        match crate::tui::typed::parse_start(text, None) {
            Ok(Some(t)) => Ok(Some(t)),
            _ => Err(fill(
                CliText::BadTime.text(lang),
                &[("flag", flag), ("text", text)],
            )),
        }
    };
    let start = time("--start", &args.start)?;
    let details = MeetingDetails {
        venue: args.venue.clone().unwrap_or_default(),
        facilitator: args.facilitator.clone().unwrap_or_default(),
        recorder: args.recorder.clone().unwrap_or_default(),
        disclosure: match (args.public, args.closed) {
            (true, _) => Some(Disclosure::Public),
            (_, true) => Some(Disclosure::Closed),
            _ => None,
        },
        agenda: args.agenda.clone(),
        absentees: args.absentees.clone(),
        handouts: args.handouts.clone(),
        signers: args.signers.clone(),
        next_start: time("--next", &args.next_start)?,
        next_venue: args.next_venue.clone().unwrap_or_default(),
    };
    let events = match &old {
        Some(old) => {
            let opts = FollowUp {
                title: args.title.clone(),
                lang,
                start,
                host: args.host.clone(),
                parties: args.parties.clone(),
                details,
            };
            follow_up_events(old, &opts, now)
        }
        None => {
            let opts = NewSession {
                title: args.title.clone().unwrap_or_default(),
                lang,
                start,
                host: args.host.clone(),
                parties: args.parties.clone(),
                details,
            };
            new_session_events(&opts, now)
        }
    };
    let path = match &args.path {
        Some(p) => p.clone(),
        None => path_for_new(&events, now).map_err(|(dir, e)| {
            fill(
                CliText::CannotCreateFolder.text(lang),
                &[
                    ("dir", &dir.display().to_string()),
                    ("error", &e.to_string()),
                ],
            )
        })?,
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(fill(
            CliText::FileExists.text(lang),
            &[("path", &path.display().to_string())],
        ));
    }
    let doc = create_session(&path, events, now)?;
    if args.no_open {
        // Let go of the lock (and its file): nothing is left beside the new session.
        doc.close()?;
        emit(&clean_line(&path.display().to_string()));
        return Ok(ExitCode::SUCCESS);
    }
    crate::tui::run_workshop(doc, vec![], lang, asked.is_none(), theme, None)
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// `sori export`: the minutes in the session's language (or --lang), to stdout or --output.
/// Reads the journal too, so a session open in another sori exports as it stands now.
fn export(args: ExportArgs, lang: Option<Lang>) -> Result<ExitCode, String> {
    use std::io::Write;
    let format = args
        .format
        .or_else(|| {
            let name = args.output.as_deref()?.file_name()?.to_string_lossy();
            Format::from_file_name(&name)
        })
        .unwrap_or(Format::Markdown);
    if args.excel && format != Format::Csv {
        return Err("--excel is for --format csv".into());
    }
    let out_lang = i18n::choose(lang, None);
    // Before anything is read: an output that would replace a session (`-o w.yaml`), its
    // journal or lock, or write into a FIFO or a device, is refused.
    if let Some(path) = &args.output
        && let Some(what) = crate::store::minutes_files::occupant(path)
    {
        return Err(output_refused(path, what, out_lang));
    }
    // The minutes read the state and the history's first and last records only.
    let current = crate::store::peek::load_state(&args.path).map_err(|e| e.to_string())?;
    note_left_out(current.left_out.as_ref(), out_lang);
    let options = crate::export::Options {
        format,
        lang: lang.unwrap_or(current.session.meta.lang),
        excel: args.excel,
    };
    let bytes = crate::export::export(&current.session, &current.minutes_records(), options);
    let stdout_is_terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let output = match &args.output {
        // A Word or Excel file shown on a terminal helps nobody: it goes next to the session.
        None if format.is_binary() && stdout_is_terminal => Some(
            crate::store::minutes_files::MinutesFiles::beside_as(&args.path, format),
        ),
        output => output.clone(),
    };
    match &output {
        Some(path) => {
            crate::store::minutes_files::write_file(path, &bytes).map_err(|e| match e {
                OutputError::Refused { path, what } => output_refused(&path, what, out_lang),
                failed @ OutputError::Failed { .. } => failed.to_string(),
            })?;
            if args.output.is_none() {
                emit(&fill(
                    CliText::MinutesWrittenTo.text(options.lang),
                    &[("path", &path.display().to_string())],
                ));
            }
        }
        None => match std::io::stdout().lock().write_all(&bytes) {
            // `sori export w.yaml | head`: the reader has what it wanted.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("standard output: {e}"));
            }
            _ => {}
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// Why an output was refused, in the catalog's words.
fn output_refused(path: &Path, what: Occupant, lang: Lang) -> String {
    let what = match what {
        Occupant::Session => FileText::OccupantSession.text(lang).to_string(),
        Occupant::Journal => FileText::OccupantJournal.text(lang).to_string(),
        Occupant::Lock => FileText::OccupantLock.text(lang).to_string(),
        Occupant::NotRegular(kind) => fill(
            FileText::OccupantNotFile.text(lang),
            &[("kind", kind.words())],
        ),
    };
    fill(
        FileText::OutputRefused.text(lang),
        &[("path", &path.display().to_string()), ("what", &what)],
    )
}

/// Say on standard error that a journal beside the file was not applied, and why.
fn note_left_out(left_out: Option<&LeftOut>, lang: Lang) {
    if let Some(left_out) = left_out {
        use std::io::Write;
        let text = fill(
            FileText::ForeignJournalLeftOut.text(lang),
            &[("journal", &left_out.journal.display().to_string())],
        );
        let _ = writeln!(
            std::io::stderr(),
            "sori: {} ({})",
            clean_line(&text),
            clean_line(&left_out.why)
        );
    }
}

fn list(lang: Lang) -> ExitCode {
    let dir = paths::sessions_dir();
    let dir_text = dir.display().to_string();
    let listing = scan_sessions(&dir);
    let sessions = listing.sessions;
    // A FIFO or a device named like a session is said, not read (nor waited on).
    for (path, why) in &listing.skipped {
        use std::io::Write;
        let text = fill(
            FileText::ListSkipped.text(lang),
            &[("path", &path.display().to_string()), ("why", why)],
        );
        let _ = writeln!(std::io::stderr(), "sori: {}", clean_line(&text));
    }
    if sessions.is_empty() {
        emit(&clean_line(&fill(
            CliText::ListEmpty.text(lang),
            &[("dir", &dir_text)],
        )));
        return ExitCode::SUCCESS;
    }
    emit(&clean_line(&fill(
        CliText::ListHeading.text(lang),
        &[("dir", &dir_text)],
    )));
    emit("");
    let mut rows = vec![
        [
            CliText::ColDate,
            CliText::ColStep,
            CliText::ColTitle,
            CliText::ColParties,
            CliText::ColFile,
        ]
        .map(|c| c.text(lang).to_string()),
    ];
    rows.extend(sessions.iter().map(|s| list_row(s, &dir, lang)));
    for line in table(&rows, &[16, 12, 32, 40, usize::MAX]).lines() {
        if !emit(line) {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// One row of `sori list`: date, step, title, parties, file.
fn list_row(s: &SessionSummary, dir: &Path, lang: Lang) -> [String; 5] {
    let date = s
        .start
        .map(|t| format!("{} {}", t.ymd(), t.hm()))
        .unwrap_or_else(|| CliText::NoDate.text(lang).to_string());
    // How far the meeting got, not the step last looked at.
    let step = s.progress.clamp(1, STEPS);
    let step = format!("{step}/{STEPS} {}", Term::step_short(step).text(lang));
    let title = if s.title.trim().is_empty() {
        CliText::Untitled.text(lang).to_string()
    } else {
        s.title.clone()
    };
    let parties = s.parties.join(CliText::PartySeparator.text(lang));
    let file = s.path.strip_prefix(dir).unwrap_or(&s.path);
    [date, step, title, parties, file.display().to_string()].map(|cell| {
        // One line per session, whatever the file holds.
        clean_line(&cell.replace(['\n', '\r', '\t'], " ")).into_owned()
    })
}

/// Rows as aligned columns (by display width: kanji and emoji take two), each cell cut to its
/// column's `max` width with `…`; the last column is not padded.
fn table<const N: usize>(rows: &[[String; N]], max: &[usize; N]) -> String {
    let cells: Vec<[String; N]> = rows
        .iter()
        .map(|row| std::array::from_fn(|c| fit(&row[c], max[c]).into_owned()))
        .collect();
    let widths: [usize; N] =
        std::array::from_fn(|c| cells.iter().map(|r| width(&r[c])).max().unwrap_or(0));
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < N {
                line.push_str(&" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `sori replay`: the history on the workshop screen. Reads the file and its journal (a
/// session open in another sori replays as it stands now) and writes nothing, not even a lock.
fn replay_session(path: &Path, lang: Option<Lang>, theme: ThemeName) -> Result<ExitCode, String> {
    let current = crate::store::peek::load_state(path).map_err(|e| e.to_string())?;
    let lang = i18n::choose(lang, Some(current.session.meta.lang));
    let timeline = replay_timeline(current, path, lang)?;
    crate::tui::run_replay(timeline, file_name(path), lang, theme).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// The timeline of a session read for its state: a short history read now (a history that
/// does not read is an error before the screen), a long one on another thread once the first
/// screen shows what it needs of it (`Preview`: its length, its first record, its step
/// changes, found in the text without reading the rest).
fn replay_timeline(
    current: crate::store::peek::CurrentState,
    path: &Path,
    lang: Lang,
) -> Result<crate::replay::Timeline, String> {
    use crate::replay::{Preview, Timeline};
    let long = current.history_bytes() > crate::store::document::CHECK_AT_OPEN_BYTES;
    let Some(preview) = long.then(|| Preview::of(&current)).flatten() else {
        let records = current.into_records(path).map_err(|e| e.to_string())?;
        return Ok(Timeline::new(records, lang));
    };
    let path = path.to_path_buf();
    let wake = crate::tui::terminal::waker();
    Ok(Timeline::reading(
        preview,
        lang,
        move || wake(),
        move || current.into_records(&path).map_err(|e| e.to_string()),
    ))
}

/// `sori render`: the screen as text, exactly as a terminal of that size shows it.
fn render(args: RenderArgs, lang: Option<Lang>, theme: ThemeName) -> Result<ExitCode, String> {
    let (width, height) = args.size;
    let buf = match args.at {
        None if args.room => {
            let current = crate::store::peek::load_state(&args.path).map_err(|e| e.to_string())?;
            let session = current.session;
            let lang = i18n::choose(lang, Some(session.meta.lang));
            let mut shared = crate::store::shared_view::read(&args.path);
            if let Some(step) = args.step {
                let view = shared.get_or_insert_with(Default::default);
                view.sori_view = crate::store::shared_view::VERSION;
                view.step = step;
            }
            crate::tui::render_room(
                &session,
                shared.as_ref(),
                (args.color, theme),
                lang,
                args.page.map(|p| usize::from(p) - 1),
                (width, height),
            )
        }
        None => {
            // The workshop screen needs the state only: the history is counted, not read.
            let current = crate::store::peek::load_state(&args.path).map_err(|e| e.to_string())?;
            let session = current.session;
            let lang = i18n::choose(lang, Some(session.meta.lang));
            crate::tui::render_screen(
                &session,
                args.step,
                (args.color, theme),
                lang,
                &file_name(&args.path),
                (width, height),
            )
        }
        Some(at) => {
            let current = crate::store::peek::load_state(&args.path).map_err(|e| e.to_string())?;
            let lang = i18n::choose(lang, Some(current.session.meta.lang));
            let records = current
                .into_records(&args.path)
                .map_err(|e| e.to_string())?;
            let len = records.len();
            if at > len {
                return Err(format!(
                    "--at {at}: the history of {} has {len} events",
                    args.path.display()
                ));
            }
            let timeline = crate::replay::Timeline::for_one_seek(records, lang);
            crate::tui::render_replay(
                timeline,
                at,
                args.step,
                (args.color, theme),
                lang,
                &file_name(&args.path),
                (width, height),
            )
            .map_err(|e| format!("{}: {e}", args.path.display()))?
        }
    };
    let text = crate::tui::print::screen_text(&buf, args.color);
    write_stdout(text.as_bytes())
}

/// A file's name for the status line.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A session file read and its history replayed: a record at a time where the file is laid
/// out as sori writes it (the memory of the state, not of the history), else whole. Gives the
/// state, the history's length and the replayed state.
#[allow(clippy::type_complexity)]
fn check_one(
    path: &Path,
) -> Result<
    (
        Session,
        usize,
        Result<Session, (usize, crate::core::ApplyError)>,
    ),
    crate::store::LoadError,
> {
    let (session, history) = load_lazy(path)?;
    if let FileHistory::Text(text) = &history
        && let Some(replayed) = text.replay()
    {
        return Ok((session, text.len(), replayed));
    }
    drop(history);
    let (session, records) = load(path)?;
    let replayed = replay(&records, records.len());
    Ok((session, records.len(), replayed))
}

fn check(paths: &[PathBuf], lang: Lang) -> ExitCode {
    let mut all_ok = true;
    for path in paths {
        let mut lines = vec![];
        match check_one(path) {
            Ok((session, history_len, replayed)) => {
                let verdict = match replayed {
                    Ok(replayed) if replayed == session => CliText::CheckOk.text(lang).to_string(),
                    Ok(_) => CliText::CheckNotReplayed.text(lang).to_string(),
                    Err((i, e)) => fill(
                        CliText::CheckRecordFails.text(lang),
                        &[("n", &(i + 1).to_string()), ("error", &e.to_string())],
                    ),
                };
                lines.push(format!("{}: {verdict}", path.display()));
                if let Some(problem) = journal_problem(path, session, history_len, lang) {
                    all_ok = false;
                    lines.push(problem);
                }
            }
            Err(e) => {
                all_ok = false;
                lines.push(e.to_string());
            }
        }
        if !lines.iter().all(|line| emit(&clean_line(line))) {
            break;
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What is wrong with the journal next to a session that loaded, as `sori open` would find
/// it: a line that cannot be read, or an edit that does not follow the file. `None` when there
/// is no journal or all of it fits (a journal of edits not yet folded is normal).
fn journal_problem(path: &Path, mut session: Session, len: usize, lang: Lang) -> Option<String> {
    let real = crate::store::identity::real_path(path).unwrap_or_else(|_| path.to_path_buf());
    let jpath = journal_path(&real);
    let read = match read_journal_file(&jpath) {
        Ok(Some(read)) => read,
        Ok(None) => return None,
        Err(e) => return Some(format!("{}: {e}", jpath.display())),
    };
    let jshown = jpath.display();
    // Which version of the file the journal was written on: this one, or another.
    let bytes = match crate::store::yaml::read_session_file(&real) {
        Ok((bytes, _)) => bytes,
        Err(e) => return Some(e.to_string()),
    };
    let content = crate::store::identity::Content::of(&bytes);
    let verdict = sort_out(
        &read,
        len,
        Some(&content),
        |from| match crate::store::yaml::parse_lazy(path, bytes.clone())?.1 {
            FileHistory::Records(r) => Ok(r.get(from..).unwrap_or_default().to_vec()),
            FileHistory::Text(text) => text.records_from(path, from),
        },
    );
    let skip = match verdict {
        Ok(Verdict::Fits { skip }) => skip,
        Ok(Verdict::Foreign { edits }) => {
            let text = fill(
                CliText::CheckJournalForeign.text(lang),
                &[("n", &edits.to_string())],
            );
            return Some(format!("{jshown}: {text}"));
        }
        Err(e) => return Some(e.to_string()),
    };
    let mut len = len;
    let mut kept = 0;
    for (index, (seq, record)) in read.records.iter().enumerate().skip(skip) {
        let seq = *seq as usize;
        let line = read.line_of(index);
        if seq < len {
            continue; // Folded into the file already.
        }
        let n = kept.to_string();
        if seq > len {
            let text = fill(
                CliText::CheckJournalGap.text(lang),
                &[
                    ("seq", &seq.to_string()),
                    ("len", &len.to_string()),
                    ("n", &n),
                ],
            );
            return Some(format!("{jshown}:{line}: {text}"));
        }
        if let Err(e) = crate::core::apply::apply(&mut session, &record.event) {
            let text = fill(
                CliText::CheckJournalUnfit.text(lang),
                &[("error", &e.to_string()), ("n", &n)],
            );
            return Some(format!("{jshown}:{line}: {text}"));
        }
        len += 1;
        kept += 1;
    }
    let (line, reason) = read.damaged?;
    // serde_json says where in the line: "expected value at line 1 column 3".
    let (what, column) = match reason.rsplit_once(" at line ") {
        Some((what, at)) => (
            what.to_string(),
            at.rsplit_once("column ")
                .and_then(|(_, c)| c.parse::<usize>().ok()),
        ),
        None => (reason.clone(), None),
    };
    let text = fill(
        CliText::CheckJournalDamaged.text(lang),
        &[("error", &what), ("n", &kept.to_string())],
    );
    Some(match column {
        Some(column) => format!("{jshown}:{line}:{column}: {text}"),
        None => format!("{jshown}:{line}: {text}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_with_wide_characters() {
        let rows = [
            ["日付".to_string(), "タイトル".into(), "x".into()],
            ["2026-11-27".into(), "公園".into(), "y".into()],
        ];
        assert_eq!(
            table(&rows, &[16, 32, 99]),
            "日付        タイトル  x\n2026-11-27  公園      y\n"
        );
    }
}
