//! Write a synthetic session (for trying sori on a big session, and what the benchmarks
//! measure): `cargo run --release --example synth -- --size huge --seed 1 -o huge.yaml`.
//!
//! The sizes: small (8 parties, 100 events), large (50, 10,000), huge (200, 100,000). The file
//! is written as sori writes sessions; an existing file is never replaced.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use sori::core::history::History;
use sori::core::session::Lang;
use sori::store::Document;
use sori::testkit::synth::{Size, generate};

#[derive(Parser)]
#[command(about = "Write a synthetic sori session")]
struct Args {
    /// small (8 parties, 100 events), large (50, 10,000) or huge (200, 100,000).
    #[arg(long, default_value = "small", value_parser = parse_size)]
    size: Size,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The session's language: ja or en.
    #[arg(long, default_value = "ja")]
    lang: Lang,
    /// Where to write it (refuses to replace a file).
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
}

fn parse_size(s: &str) -> Result<Size, String> {
    Size::named(s).ok_or_else(|| format!("'{s}' is not small, large or huge"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.output.exists() {
        eprintln!("{}: the file already exists", args.output.display());
        return ExitCode::FAILURE;
    }
    let (session, records) = generate(args.size, args.seed, args.lang);
    match Document::create(&args.output, session, History::from_records(records)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
