//! The command line as shells and `man` expect it: completions (`sori completions SHELL`) and
//! the manual page (`sori man`), both made from the clap definitions, read back by the
//! programs that use them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sori(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_sori"))
        .args(args)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101), "sori panicked");
    out
}

fn stdout(args: &[&str]) -> String {
    let out = sori(args);
    assert!(out.status.success(), "{args:?}: {:?}", out);
    String::from_utf8(out.stdout).unwrap()
}

/// What bash completes for the words typed so far, with sori's script loaded as bash-completion
/// loads it.
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sori.bash");
    std::fs::write(&file, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _sori sori '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(&program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_options_from_the_script() {
    let script = stdout(&["completions", "bash"]);
    let subcommands = bash_completes(&script, &["sori", "re"]);
    for expected in ["render", "replay"] {
        assert!(
            subcommands.contains(&expected.to_string()),
            "{subcommands:?}"
        );
    }
    assert!(!subcommands.contains(&"new".to_string()), "{subcommands:?}");
    let options = bash_completes(&script, &["sori", "export", "w.yaml", "--fo"]);
    assert_eq!(options, ["--format"]);
    let shells = bash_completes(&script, &["sori", "completions", "f"]);
    assert_eq!(shells, ["fish"]);
}

#[test]
fn every_shell_has_its_script_naming_sori_and_its_commands() {
    let cases = [
        ("bash", "complete -F _sori"),
        ("zsh", "#compdef sori"),
        ("fish", "complete -c sori"),
        ("elvish", "edit:completion:arg-completer[sori]"),
        ("powershell", "Register-ArgumentCompleter"),
    ];
    for (shell, mark) in cases {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(mark), "{shell}: no {mark:?}");
        for command in [
            "new",
            "open",
            "export",
            "replay",
            "render",
            "completions",
            "man",
        ] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        // The hidden synthetic-session command left the binary.
        assert!(!script.contains("synth"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are() {
    let out = sori(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(
        err.contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{err}"
    );
}

#[test]
fn the_manual_page_is_roff_that_man_reads() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH sori 1"), "{page}");
    assert!(page.contains(".SH NAME\nsori \\- Run a 相利 (mutual benefit) workshop"));
    for command in [
        "new", "open", "list", "check", "export", "replay", "render", "man",
    ] {
        assert!(page.contains(&format!("sori\\-{command}(1)")), "{command}");
    }
    // Rendered by the man page formatter, as `man sori` would show it (`-k`: UTF-8 input,
    // as man reads it).
    let Ok(mut groff) = Command::new("groff")
        // -P-cbou: plain text, no escapes nor overstrikes for bold and underline.
        .args(["-k", "-man", "-Tutf8", "-ww", "-P-cbou"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("groff is not installed: the page's text is checked above only");
        return;
    };
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let shown = groff.wait_with_output().unwrap();
    assert!(shown.status.success());
    let warnings = String::from_utf8_lossy(&shown.stderr);
    assert!(warnings.trim().is_empty(), "groff warns: {warnings}");
    let plain = String::from_utf8_lossy(&shown.stdout);
    for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(plain.contains(heading), "{heading}: {plain}");
    }
    assert!(plain.contains("相利 (mutual benefit)"), "{plain}");
    assert!(plain.contains("completions"), "{plain}");
}
