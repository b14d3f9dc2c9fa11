//! A party's page in a real browser, at a phone's size: headless Chromium (Debian's
//! `chromium`, installed by `.ci/run`) opens the address the console shows, a purpose is typed
//! into the page's own form and sent with its own button, and the console's queue shows it. The
//! page at 390×844 is kept as a screenshot under `target/` (the artifact a person looks at).
//! Chromium is driven through its DevTools protocol on a pipe (`--remote-debugging-pipe`): no
//! port, nothing from outside. Skipped, saying so, where Chromium is not installed.

#![cfg(unix)]

#[path = "common/browser.rs"]
mod browser;
#[path = "common/pty.rs"]
pub mod pty;

use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use base64::Engine;
use pty::Launch;
use serde_json::{Value, json};

/// Chromium with its DevTools protocol on fds 3 (commands in) and 4 (answers out).
struct Browser {
    child: Child,
    commands: std::io::PipeWriter,
    answers: Receiver<Value>,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    #[allow(unsafe_code)] // dup2(2) in the child, before exec: the protocol's fds 3 and 4
    fn start(program: &str) -> Browser {
        let (commands_in, commands) = std::io::pipe().unwrap();
        let (answers_out, answers_in) = std::io::pipe().unwrap();
        let profile = tempfile::tempdir().unwrap();
        let (read_fd, write_fd) = (commands_in.as_raw_fd(), answers_in.as_raw_fd());
        let mut command = browser::headless(program, profile.path());
        command
            .arg("--remote-debugging-pipe")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec, on fds
        // this process owns; the first duplicates land at 10 or above so that the second
        // cannot overwrite the first's source.
        unsafe {
            command.pre_exec(move || {
                let r = libc::fcntl(read_fd, libc::F_DUPFD, 10);
                let w = libc::fcntl(write_fd, libc::F_DUPFD, 10);
                if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        drop(commands_in);
        drop(answers_in);
        let (tx, answers) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(answers_out);
            loop {
                let mut message = vec![];
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        message.pop();
                        if let Ok(value) = serde_json::from_slice::<Value>(&message)
                            && tx.send(value).is_err()
                        {
                            return;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            commands,
            answers,
            next: 1,
            _profile: profile,
        }
    }

    /// Send a command (to a page's session when `session` is given) and wait for its answer.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_call(session, method, params)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// `call`, with the protocol's error as an error (a page that navigated meanwhile).
    fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        let id = self.next;
        self.next += 1;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).unwrap();
        let start = Instant::now();
        loop {
            let left = pty::TIMEOUT.saturating_sub(start.elapsed());
            let answer = self
                .answers
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("Chromium did not answer {method}"));
            if answer["id"] == json!(id) {
                return match answer.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(answer["result"].clone()),
                };
            }
        }
    }

    /// Evaluate JavaScript in the page (the protocol's, not the page's: its policy allows no
    /// script but its own) and return the value.
    fn eval(&mut self, session: &str, expression: &str) -> Value {
        self.try_eval(session, expression)
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
    }

    /// `eval`, with an error while the page navigates.
    fn try_eval(&mut self, session: &str, expression: &str) -> Result<Value, Value> {
        let result = self.try_call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        )?;
        Ok(result["result"]["value"].clone())
    }

    /// Wait until `expression` is true in the page (asking again while it navigates).
    fn wait_until(&mut self, session: &str, expression: &str) {
        let start = Instant::now();
        while self.try_eval(session, expression) != Ok(json!(true)) {
            assert!(start.elapsed() < pty::TIMEOUT, "never true: {expression}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_party_s_page_in_chromium_at_phone_size_sends_a_purpose_to_the_console() {
    let test = "a_party_s_page_in_chromium_at_phone_size_sends_a_purpose_to_the_console";
    let Some(program) = browser::chromium(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    pty::community_cats_in(dir.path());
    let mut console = Launch::new(dir.path())
        .args(&["open", "w.yaml", "--room", "127.0.0.1:0"])
        .size(30, 100)
        .spawn();
    let screen = console.wait_for("127.0.0.1:");
    let at = screen.find("127.0.0.1:").unwrap();
    let shown: String = screen[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '│')
        .collect();
    let url = format!("http://{shown}");

    let mut browser = Browser::start(program);
    let target = browser.call(None, "Target.createTarget", json!({"url": "about:blank"}));
    let attached = browser.call(
        None,
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    let page = attached["sessionId"].as_str().unwrap().to_string();
    browser.call(
        Some(&page),
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
    );
    browser.call(
        Some(&page),
        "Page.navigate",
        json!({"url": format!("{url}?lang=ja")}),
    );
    browser.wait_until(
        &page,
        "document.readyState === 'complete' && !!document.querySelector('form textarea')",
    );
    // The page's own style sheet applied (a strict policy still lets its own in).
    assert_eq!(
        browser.eval(
            &page,
            "getComputedStyle(document.querySelector('button')).borderRadius"
        ),
        json!("6px")
    );
    // Typed into the page's form, sent with its button: the browser encodes and posts it (the
    // page may be gone before the answer: the new page says whether it went).
    let typed = browser.try_eval(
        &page,
        "document.querySelector('input[name=list][value=purposes]').checked = true;\
         document.querySelector('form textarea[name=text]').value = '空き家の庭を給餌場所に';\
         document.querySelector('form input[name=name]').value = '森';\
         document.querySelector('form button[type=submit]').click(); 'sent'",
    );
    assert!(typed.is_err() || typed == Ok(json!("sent")), "{typed:?}");
    browser.wait_until(
        &page,
        "location.search.includes('sent=note') && document.readyState === 'complete'",
    );
    assert_eq!(
        browser.eval(&page, "document.querySelector('.flash').textContent"),
        json!("送りました。ファシリテーターの確認を待っています。")
    );
    // The console's queue has it, with who sent it.
    console.wait_for("（1件待ち）");
    console.wait_for("森 — 目的：空き家の庭を給餌場所に");
    // The page at a phone's size, kept for a person to look at.
    let shot = browser.call(
        Some(&page),
        "Page.captureScreenshot",
        json!({"format": "png"}),
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // 390×844 at twice the pixels (the PNG's width and height, in its header).
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (780, 1688));
    let artifact = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone-page-390x844.png");
    std::fs::write(&artifact, &png).unwrap();
    eprintln!("{test}: the page's screenshot: {}", artifact.display());
    // The page's text is the party's own, waiting.
    let waiting = browser.eval(&page, "document.getElementById('said').textContent");
    assert!(
        waiting.as_str().unwrap().contains("空き家の庭を給餌場所に"),
        "{waiting}"
    );
    drop(browser);
}
