//! Helpers for the FAQ-editing tests (`faq_add`, `faq_form`): running `careleaf faq ...` with
//! a closed standard input and a deadline, reading `content/faq.yaml` back with a real YAML
//! parser, checking that an add only inserted bytes, and posting the preview's form.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Site, rich_site_files};

/// The careleaf binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_careleaf");

/// The FAQ file, relative to the site root.
pub const FAQ: &str = "content/faq.yaml";
/// The topics file, relative to the site root.
pub const TOPICS: &str = "content/topics.yaml";
/// The lock file careleaf's writers share (created by the first add, kept afterwards).
pub const LOCK: &str = "content/.faq.yaml.lock";

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

/// One finished run of the binary.
#[derive(Debug, Clone)]
pub struct Out {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Out {
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// Panics (showing both streams) unless the run succeeded.
    pub fn ok(self) -> Out {
        assert!(self.success(), "careleaf should have succeeded:\n{self}");
        self
    }

    /// Panics unless the run exited with status 1 (careleaf's "refused" status).
    pub fn refused(self) -> Out {
        assert_eq!(
            self.status.code(),
            Some(1),
            "careleaf should have refused (exit 1):\n{self}"
        );
        self
    }

    /// Panics unless standard error contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Out {
        assert!(
            self.stderr.contains(needle),
            "standard error should contain {needle:?}:\n{self}"
        );
        self
    }
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "status: {:?} after {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.elapsed, self.stdout, self.stderr
        )
    }
}

/// How a run is set up.
#[derive(Default, Clone)]
pub struct Opts {
    pub env: Vec<(String, String)>,
    /// Bytes on standard input (closed right after); `None`: standard input is /dev/null.
    pub stdin: Option<Vec<u8>>,
    /// Killed (and the test failed) after this long; 20 s when zero.
    pub timeout: Duration,
    pub cwd: Option<PathBuf>,
    /// Another careleaf binary to run (e.g. a release build); `None`: [`BIN`].
    pub bin: Option<PathBuf>,
}

/// Runs careleaf with `args`, standard input never a terminal, within a deadline.
pub fn careleaf_with<S: AsRef<std::ffi::OsStr>>(args: &[S], opts: &Opts) -> Out {
    let timeout = if opts.timeout.is_zero() {
        Duration::from_secs(20)
    } else {
        opts.timeout
    };
    let mut cmd = Command::new(opts.bin.as_deref().unwrap_or(Path::new(BIN)));
    cmd.args(args.iter().map(|a| OsString::from(a.as_ref())))
        .stdin(if opts.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Nothing from the caller's environment may make careleaf interactive or faulty.
        .env_remove("CARELEAF_TEST_FAULT")
        .env_remove("EDITOR")
        .env_remove("VISUAL");
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("careleaf starts");
    if let Some(bytes) = &opts.stdin {
        let mut input = child.stdin.take().expect("piped stdin");
        let bytes = bytes.clone();
        std::thread::spawn(move || {
            let _ = input.write_all(&bytes);
        });
    }
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let status = wait_deadline(&mut child, timeout).unwrap_or_else(|| {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "careleaf {:?} did not finish within {timeout:?} (killed)",
            args.iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        )
    });
    let elapsed = started.elapsed();
    Out {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
    }
}

fn drain(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn wait_deadline(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `careleaf <args...> --root <site>` with /dev/null as standard input.
pub fn careleaf_in(site: &Site, args: &[&str]) -> Out {
    careleaf_in_with(site, args, &Opts::default())
}

pub fn careleaf_in_with(site: &Site, args: &[&str], opts: &Opts) -> Out {
    let mut all: Vec<OsString> = args.iter().map(OsString::from).collect();
    all.push("--root".into());
    all.push(site.root().as_os_str().to_owned());
    careleaf_with(&all, opts)
}

/// `careleaf faq add --root <site> <args...>`.
pub fn add(site: &Site, args: &[&str]) -> Out {
    add_with(site, args, &Opts::default())
}

pub fn add_with(site: &Site, args: &[&str], opts: &Opts) -> Out {
    let mut all = vec!["faq", "add"];
    all.extend_from_slice(args);
    careleaf_in_with(site, &all, opts)
}

/// The ids `careleaf faq list` prints, in order (it must succeed).
pub fn listed_ids(site: &Site) -> Vec<String> {
    let out = careleaf_in(site, &["faq", "list"]).ok();
    out.stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the FAQ back
// ---------------------------------------------------------------------------------------------

pub fn read(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// One entry of `faq.yaml`, as a YAML parser (not careleaf) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `None` when the entry has no `id:` line.
    pub id: Option<String>,
    pub question: String,
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    /// The whole item, for comparing old entries with what they were.
    pub raw: serde_yaml::Value,
}

/// Parses FAQ text with serde_yaml (independently of careleaf) into its entries.
pub fn parse_entries(bytes: &[u8]) -> Vec<Entry> {
    let doc: serde_yaml::Value = serde_yaml::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "faq.yaml is not valid YAML ({e}):\n{}",
            String::from_utf8_lossy(bytes)
        )
    });
    let Some(list) = doc.get("questions") else {
        return Vec::new();
    };
    let list = list
        .as_sequence()
        .unwrap_or_else(|| panic!("`questions` is not a list: {list:?}"));
    list.iter()
        .map(|item| {
            let s = |k: &str| item.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let v = |k: &str| -> Vec<String> {
                item.get(k)
                    .and_then(|v| v.as_sequence())
                    .map(|l| {
                        l.iter()
                            .map(|x| x.as_str().expect("a string").to_owned())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Entry {
                id: s("id"),
                question: s("question").expect("every entry has a question"),
                answer: s("answer").expect("every entry has an answer"),
                topics: v("topics"),
                related: v("related"),
                raw: item.clone(),
            }
        })
        .collect()
}

/// The entries of the site's `content/faq.yaml`.
pub fn entries(site: &Site) -> Vec<Entry> {
    parse_entries(&read(site, FAQ))
}

/// The entry with `id` (panics when there is none or several).
pub fn entry(site: &Site, id: &str) -> Entry {
    let all = entries(site);
    let found: Vec<&Entry> = all.iter().filter(|e| e.id.as_deref() == Some(id)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one entry with id `{id}`: {all:#?}"
    );
    found[0].clone()
}

/// Checks that `new` is `old` with one block of bytes inserted at a line start, holding the
/// `- id: <id>` line (possibly after blank separator lines), and nothing else changed.
/// Returns (insertion offset, inserted text).
pub fn assert_inserted(old: &[u8], new: &[u8], id: &str) -> (usize, String) {
    let new_text = String::from_utf8(new.to_vec()).expect("faq.yaml stays UTF-8");
    assert!(new.len() > old.len(), "the file did not grow:\n{new_text}");
    let grown = new.len() - old.len();
    // The insertion point: the longest common prefix that ends at a line start...
    let mut pos = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while pos > 0 && old[pos - 1] != b'\n' {
        pos -= 1;
    }
    // ...after which everything of the old file must follow unchanged.
    assert!(
        new[pos + grown..] == old[pos..],
        "the old bytes are not all kept around one inserted block.\n--- old ---\n{}\n--- new ---\n{new_text}",
        String::from_utf8_lossy(old)
    );
    let inserted = new_text[pos..pos + grown].to_owned();
    let needle = format!("- id: {id}");
    assert!(
        inserted.lines().any(|l| l.trim_start() == needle),
        "the inserted block has no `{needle}` line: {inserted:?}"
    );
    (pos, inserted)
}

/// Every file of the site (bytes), except the output folder and the writers' lock file,
/// which an add may create without changing any content.
pub fn content_state(site: &Site) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut all = crate::support::snapshot(site.root());
    all.retain(|k, _| !k.starts_with("public/") && k != LOCK);
    all
}

/// Names in `content/` that look like temporary files of a write.
pub fn temp_files(site: &Site) -> Vec<String> {
    crate::support::names_in(&site.path("content"))
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A FAQ written the way people write YAML by hand: comments everywhere, blank lines, three
/// quoting styles, folded and literal answers, a derived id, a nested list written flush
/// with its key, a comment after the last item and trailing spaces.
pub const HANDMADE_FAQ: &str = "\
# FAQ of the test site.   
# Keep answers short; ask the clinic before changing medical advice.
title: 'Common questions'   # single-quoted, with a comment
intro: >
  Answers to *common*
  questions.

questions:   # the list
  # needling first
  - id: does-it-hurt
    question: \"Does needling hurt?\"
    answer: A little. See [the guide](/articles/needling-guide/#during-the-session).
    topics: [needling, pain]
    related:
      - needling-guide
      - needling-safety
    reviewed_on: 2026-03-10

  - id: dry-needling-hurt
    question: 'Does dry needling hurt?'
    answer: |
      Usually only a little.

      Most people feel a *twitch*.
    topics: [needling]

  - question: What helps sleep?
    answer: >-
      Regular hours
      and a dark room.
    topics:
    - sleep
    related: [sleep-tips]
  # (add new questions above this line)
";

/// The shared rich fixture (topics, articles, pages) with [`HANDMADE_FAQ`] as its FAQ.
pub fn handmade_site() -> Site {
    let mut files = rich_site_files();
    for f in files.iter_mut() {
        if f.0 == FAQ {
            f.1 = HANDMADE_FAQ;
        }
    }
    Site::new(&files)
}

/// The rich fixture with `faq` as its FAQ (`None`: no FAQ file at all).
/// (An article of that fixture links to `/faq/#does-it-hurt`; here it links to `/faq/`.)
pub fn rich_site_with_faq(faq: Option<&str>) -> Site {
    let files: Vec<(String, String)> = rich_site_files()
        .into_iter()
        .filter(|(p, _)| *p != FAQ)
        .map(|(p, t)| (p.to_owned(), t.replace("/faq/#does-it-hurt", "/faq/")))
        .collect();
    let site = Site::from_owned(&files);
    if let Some(text) = faq {
        site.write(FAQ, text);
    }
    site
}

// ---------------------------------------------------------------------------------------------
// A running `careleaf serve` and a raw HTTP client
// ---------------------------------------------------------------------------------------------

/// A running `careleaf serve --root DIR --port 0 ...`, killed when dropped (also on panic).
pub struct Serve {
    server: crate::support::Server,
    pub port: u16,
}

impl Serve {
    /// Starts the preview of `root` on a free port; `extra` is added to the arguments.
    /// Returns `Err(stderr)` when it exits without printing its URL (e.g. cannot bind).
    pub fn try_start(root: &Path, extra: &[&str]) -> Result<Serve, String> {
        Serve::try_start_env(root, extra, &[])
    }

    /// Like [`Serve::try_start`] with extra environment variables.
    pub fn try_start_env(
        root: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Serve, String> {
        let mut args = vec!["--port", "0"];
        args.extend_from_slice(extra);
        let server = crate::support::Server::try_start_env(root, &args, env)?;
        Ok(Serve {
            port: server.port,
            server,
        })
    }

    pub fn start(root: &Path) -> Serve {
        Serve::try_start(root, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn stdout(&self) -> String {
        self.server.stdout()
    }

    /// `host:port` as the browser sends it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The origin a page of this server has.
    pub fn origin(&self) -> String {
        format!("http://{}", self.host())
    }

    pub fn get(&self, path: &str) -> Resp {
        http(self.port, "GET", path, &[], b"")
    }

    /// POSTs `fields` form-encoded, with this server's own Origin (as a browser would).
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let origin = self.origin();
        self.post_form_headers(path, fields, &[("Origin", origin.as_str())])
    }

    pub fn post_form_headers(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Resp {
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
}

/// The form's path.
pub const FORM: &str = "/_careleaf/faq/new";
/// The live preview's path.
pub const PREVIEW: &str = "/_careleaf/faq/preview";

/// `application/x-www-form-urlencoded` for `fields` (repeats allowed).
pub fn encode(fields: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A response, as the HTTP tests read it.
pub use crate::support::HttpResponse as Resp;

/// Sends one request to 127.0.0.1:`port` (with `Host: 127.0.0.1:port` unless `headers` has
/// one, `Content-Length` and `Connection: close`) and reads the whole response.
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut req = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    crate::support::http_raw(port, &bytes)
}

/// Polls `f` until it returns `Some` or `timeout` passes (then panics naming `what`).
pub fn wait_until<T>(timeout: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?}: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
