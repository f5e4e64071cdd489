//! Running `careleaf` at a terminal (a pseudo-terminal made with `rexpect`) and talking to it
//! as a person would: wait for a prompt, type a line. Every wait has a generous deadline, so
//! a busy machine only makes a test slower and a hang fails it with what was shown so far.

use std::path::Path;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use super::run::{BIN, CLEARED_ENV, TODAY};
use super::site::Site;

/// How long one prompt may take to appear.
const DEADLINE_MS: u64 = 30_000;

/// A careleaf process at a terminal, and the transcript of the conversation: what it
/// showed, with each line typed into it marked `⟨typed: ...⟩` (the terminal does not echo).
pub struct Terminal<'a> {
    session: PtySession,
    site: &'a Site,
    transcript: String,
}

impl<'a> Terminal<'a> {
    /// Starts `careleaf <args...> --root <site>` at a new terminal, with `editor` (if any)
    /// as `$EDITOR` and none of the caller's settings that change careleaf's behaviour.
    pub fn start(site: &'a Site, editor: Option<&str>, args: &[&str]) -> Terminal<'a> {
        let mut command = Command::new(BIN);
        command.args(args).arg("--root").arg(site.root());
        for name in CLEARED_ENV {
            command.env_remove(name);
        }
        command.env(TODAY.0, TODAY.1).env("TERM", "dumb");
        if let Some(editor) = editor {
            command.env("EDITOR", editor);
        }
        let session = rexpect::session::spawn_command(command, Some(DEADLINE_MS))
            .expect("start careleaf at a pty");
        Terminal {
            session,
            site,
            transcript: String::new(),
        }
    }

    /// Waits until careleaf shows `text` (`\n` in it stands for the terminal's `\r\n`).
    pub fn expect(&mut self, text: &str) {
        let text = &text.replace('\n', "\r\n");
        match self.session.exp_string(text) {
            Ok(before) => {
                self.transcript.push_str(&before);
                self.transcript.push_str(text);
            }
            Err(e) => panic!(
                "careleaf did not show {text:?} within {DEADLINE_MS} ms ({e}); it showed:\n{}",
                self.shown()
            ),
        }
    }

    /// Types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.session.send_line(line).expect("type into the pty");
        self.session.flush().expect("flush the pty");
        self.transcript.push_str(&format!("⟨typed: {line}⟩\n"));
    }

    /// Presses Ctrl-D (end of input) at the start of a line.
    pub fn end_input(&mut self) {
        self.session.send_control('d').expect("send Ctrl-D");
        self.transcript.push_str("⟨Ctrl-D⟩");
    }

    /// Waits for careleaf to exit; returns its exit code and the whole transcript, with the
    /// site's folder shown as `[SITE]` and the terminal's line endings as `\n`.
    pub fn finish(mut self) -> (i32, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.transcript.push_str(&rest),
            Err(e) => panic!(
                "careleaf did not exit within {DEADLINE_MS} ms ({e}); it showed:\n{}",
                self.shown()
            ),
        }
        let code = match self.session.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            other => panic!(
                "careleaf did not exit normally: {other:?}\n{}",
                self.shown()
            ),
        };
        (code, self.shown())
    }

    fn shown(&self) -> String {
        self.site.redact(&self.transcript.replace("\r\n", "\n"))
    }
}

/// Writes an executable shell script `name` into `dir` (a stand-in for `$EDITOR`) and returns
/// its path.
pub fn script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).expect("write the script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path.to_str().expect("a UTF-8 path").to_owned()
}
