//! The `sori` command. Everything lives in the library; see `cli.rs`.

fn main() -> std::process::ExitCode {
    sori::cli::main()
}
