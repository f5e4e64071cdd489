//! A running `careleaf serve` on a free port, spoken to over HTTP as a browser would, and
//! killed when the test ends (also when it fails).

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use super::http::{HttpResponse, encode, http};
use super::live::{LiveSocket, ws_connect};
use super::poll::{Later, poll_until};
use super::run::{BIN, ChildGuard};
use super::site::Site;

/// The "add a question" form's path.
pub const FORM: &str = "/_careleaf/faq/new";
/// The form's live answer preview's path.
pub const PREVIEW: &str = "/_careleaf/faq/preview";

/// How long a server may take to print its URL: far longer than a first build takes, even
/// on a busy machine.
const START_LIMIT: Duration = Duration::from_secs(60);
/// How long a test waits for something the server does after a request or a file change.
const WAIT_LIMIT: Duration = Duration::from_secs(10);

/// A running `careleaf serve`. The process is killed when the value is dropped, also when a
/// test panics, so no server outlives its test.
pub struct Server {
    child: ChildGuard,
    /// The URL printed on its own line (`http://127.0.0.1:PORT/`).
    pub url: String,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `careleaf serve --root <root> --port 0 <extra...>`, once it printed its URL.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::try_start(root, extra, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `careleaf serve --root <root> <args...>` (no `--port` added), once it printed its URL.
    pub fn start_args(root: &Path, args: &[&str]) -> Server {
        Server::spawn(root, args, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `careleaf serve --root <root> --port 0 <extra...>` with extra environment variables.
    /// `Err`, with both output streams, when it exits or prints no URL.
    pub fn try_start(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Result<Server, String> {
        let mut args = vec!["--port", "0"];
        args.extend_from_slice(extra);
        Server::spawn(root, &args, env)
    }

    /// `careleaf serve --root <root> --port 0` allowed to open at most `files` files (soft and
    /// hard limit, as `ulimit -n` sets them), once it printed its URL.
    pub fn start_with_file_limit(root: &Path, files: u64) -> Server {
        let mut cmd = Command::new(BIN);
        limit_files(&mut cmd, files);
        Server::spawn_command(cmd, root, &["--port", "0"], &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Starts `careleaf serve --root <root> <args...>` with `env` (and none of the test
    /// process's fault-injection settings) and waits for the URL line.
    fn spawn(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Server, String> {
        Server::spawn_command(Command::new(BIN), root, args, env)
    }

    /// [`Server::spawn`] with `cmd`, a command for the careleaf binary.
    fn spawn_command(
        mut cmd: Command,
        root: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Server, String> {
        cmd.env_remove("CARELEAF_TEST_FAULT")
            .env_remove("CARELEAF_TEST_PAUSE")
            .env_remove("CARELEAF_TEST_SITEMAP_LIMIT")
            .env_remove("CARELEAF_TIMINGS")
            .env(super::run::TODAY.0, super::run::TODAY.1);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("serve")
            .arg("--root")
            .arg(root)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        die_with_the_test(&mut cmd);
        let mut child = ChildGuard(cmd.spawn().expect("careleaf serve starts"));
        let (stdout, stderr) = (Arc::default(), Arc::default());
        let (tx, rx) = mpsc::channel();
        pump(
            child.0.stdout.take().expect("piped stdout"),
            &stdout,
            Some(tx),
        );
        let err_pump = pump(child.0.stderr.take().expect("piped stderr"), &stderr, None);
        let deadline = Instant::now() + START_LIMIT;
        let url = loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.starts_with("http://") => break line,
                Ok(_) => {}
                Err(_) => {
                    // It stopped, or hangs: end it, so everything it printed has arrived.
                    let _ = child.0.kill();
                    let status = child.0.wait();
                    let _ = err_pump.join();
                    return Err(format!(
                        "careleaf serve printed no URL (exit: {status:?})\n--- stdout ---\n{}\n--- stderr ---\n{}",
                        text(&stdout),
                        text(&stderr)
                    ));
                }
            }
        };
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in the URL line {url:?}"));
        Ok(Server {
            child,
            url,
            port,
            stdout,
            stderr,
        })
    }

    pub fn stdout(&self) -> String {
        text(&self.stdout)
    }

    pub fn stderr(&self) -> String {
        text(&self.stderr)
    }

    /// Waits until standard error contains `needle` and returns all of it: what the server
    /// printed reaches the test through a pipe, a moment after the server moved on.
    pub fn wait_stderr(&self, needle: &str) -> String {
        poll_until(
            WAIT_LIMIT,
            Later(|| format!("{needle:?} on standard error:\n{}", self.stderr())),
            || Some(self.stderr()).filter(|err| err.contains(needle)),
        )
    }

    /// Waits until standard output contains `needle` and returns all of it (the address line
    /// that [`Server::start`] waits for may come before the lines printed after it).
    pub fn wait_stdout(&self, needle: &str) -> String {
        poll_until(
            WAIT_LIMIT,
            Later(|| format!("{needle:?} on standard output:\n{}", self.stdout())),
            || Some(self.stdout()).filter(|out| out.contains(needle)),
        )
    }

    /// How many lines of standard error so far contain `needle`.
    pub fn stderr_count(&self, needle: &str) -> usize {
        self.stderr().lines().filter(|l| l.contains(needle)).count()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// How many inotify watches the server holds now (Linux: from `/proc/<pid>/fdinfo`).
    pub fn inotify_watches(&self) -> usize {
        let dir = format!("/proc/{}/fdinfo", self.pid());
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .flatten()
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .map(|info| {
                info.lines()
                    .filter(|l| l.starts_with("inotify wd:"))
                    .count()
            })
            .sum()
    }

    /// The server's "rebuilt" lines so far.
    pub fn rebuilt_lines(&self) -> Vec<String> {
        self.stderr()
            .lines()
            .filter(|l| l.starts_with("careleaf: rebuilt"))
            .map(str::to_owned)
            .collect()
    }

    /// Marks a point in the rebuild log and returns the "rebuilt" lines after the first `since`
    /// up to it. File events reach the preview in the order they happened, so once the file
    /// `static/<name>.txt` added here is served, every change made before the call has been
    /// rebuilt (or ignored), and the rebuild that brought the marker has printed its line by
    /// the time a second marker, added after that, is rebuilt on its own and named in its
    /// line. The lines returned include the first marker's rebuild (which may also hold the
    /// last changes made before the call) and not the second's.
    pub fn rebuilds_until_marker(&self, site: &Site, since: usize, name: &str) -> Vec<String> {
        site.write(&format!("static/{name}.txt"), name);
        self.wait_for(&format!("/{name}.txt"), "the marker", |r| r.status == 200);
        let closing = format!("static/{name}-end.txt");
        site.write(&closing, name);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let lines = self.rebuilt_lines();
            if let Some(at) = lines.iter().position(|l| l.contains(&closing)) {
                return lines[since..at].to_vec();
            }
            assert!(
                Instant::now() < deadline,
                "no rebuild line names {closing} within 30 s:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// The exit status, if the server has stopped.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.0.try_wait().ok().flatten()
    }

    /// `Host` value naming this server as the URL does (`127.0.0.1:PORT`).
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The origin a page of this server has.
    pub fn origin(&self) -> String {
        format!("http://{}", self.host())
    }

    /// `GET path` with the server's own Host header.
    pub fn get(&self, path: &str) -> HttpResponse {
        http(self.port, "GET", path, &[], b"")
    }

    /// `method path` with the server's own Host header (unless `headers` has one) plus
    /// `headers`, without a body.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
        http(self.port, method, path, headers, b"")
    }

    /// POSTs `fields` form-encoded, with this server's own Origin (as a browser would).
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> HttpResponse {
        let origin = self.origin();
        self.post_form_headers(path, fields, &[("Origin", origin.as_str())])
    }

    /// POSTs `fields` form-encoded with exactly `headers` (besides the content type).
    pub fn post_form_headers(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> HttpResponse {
        let body = encode(fields);
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        http(self.port, "POST", path, &all, body.as_bytes())
    }

    /// The token of the form page (checked to be 32 hexadecimal digits).
    pub fn token(&self) -> String {
        let r = self.get(FORM);
        assert_eq!(r.status, 200, "GET {FORM}: {}\n{}", r.status, r.text());
        let page = r.page("(response)");
        let tokens = page.attrs("form input[type=hidden][name=token]", "value");
        assert_eq!(
            tokens.len(),
            1,
            "one hidden token input in the form:\n{}",
            r.text()
        );
        let t = tokens[0].clone();
        assert!(
            t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()),
            "the token must be 32 hex digits, got {t:?}"
        );
        t
    }

    /// Polls `GET path` until `ok` accepts the response, and returns it.
    pub fn wait_for(
        &self,
        path: &str,
        what: &str,
        ok: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let last = std::cell::RefCell::new(None::<HttpResponse>);
        let describe = || {
            let last = last.borrow();
            let (status, reason, body) = last.as_ref().map_or((0, "", String::new()), |r| {
                (r.status, r.reason.as_str(), r.text())
            });
            format!(
                "{what} at {path}; last response {status} {reason}\n{body}\n--- stderr ---\n{}",
                self.stderr()
            )
        };
        poll_until(WAIT_LIMIT, Later(describe), || {
            let r = self.get(path);
            if ok(&r) {
                return Some(r);
            }
            *last.borrow_mut() = Some(r);
            None
        })
    }

    /// Opens the live-reload socket with this server's own Origin.
    pub fn live(&self) -> LiveSocket {
        ws_connect(self.port, Some(&self.origin())).unwrap_or_else(|e| {
            panic!(
                "live-reload socket refused: {e}\n--- stderr ---\n{}",
                self.stderr()
            )
        })
    }
}

/// Limits the files the process may open to `files`, from its start.
fn limit_files(cmd: &mut Command, files: u64) {
    // SAFETY: the closure only calls setrlimit, which is async-signal-safe.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: files,
                rlim_max: files,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

/// Makes the server die with the thread that started it, should the test process itself be
/// killed (so `Drop` never runs).
fn die_with_the_test(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    // SAFETY: the closure only calls prctl, which is async-signal-safe.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

fn text(buffer: &Mutex<String>) -> String {
    buffer.lock().map(|s| s.clone()).unwrap_or_default()
}

/// Copies a child's output stream into `into`, line by line, also sending each line.
fn pump(
    stream: impl std::io::Read + Send + 'static,
    into: &Arc<Mutex<String>>,
    lines: Option<mpsc::Sender<String>>,
) -> std::thread::JoinHandle<()> {
    let into = into.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    if let Ok(mut s) = into.lock() {
                        s.push_str(&line);
                    }
                    if let Some(tx) = &lines {
                        let _ = tx.send(line.trim_end().to_owned());
                    }
                }
            }
        }
    })
}
