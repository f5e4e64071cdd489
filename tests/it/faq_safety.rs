//! `faq add` under bad luck and odd set-ups (issue 10): killed during `--new-topic`, a
//! `faq.yaml` or lock file that is a symbolic link, an editor writing through a handle it
//! opened before careleaf's swap, and the temporary files killed adds leave behind.

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::faq::*;
use crate::support::*;

/// The arguments of the `--new-topic` add these tests kill and run again.
const NEW_TOPIC_ADD: &[&str] = &[
    "--question",
    "Why am I so tired?",
    "--answer",
    "Pain disturbs sleep.",
    "--id",
    "tired",
    "--new-topic",
    "fatigue",
    "--topic-title",
    "Fatigue",
];

/// `careleaf faq add --root <site> <args>` started in the background with `env`.
fn spawn_add(site: &Site, args: &[&str], env: &[(&str, String)]) -> ChildGuard {
    let mut cmd = Command::new(BIN);
    cmd.args(["faq", "add", "--root"])
        .arg(site.root())
        .args(args)
        .env_remove("CARELEAF_TEST_FAULT")
        .env_remove("CARELEAF_TEST_PAUSE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    ChildGuard(cmd.spawn().expect("careleaf starts"))
}

/// Waits (up to 60 s) for a background run to end.
fn wait(child: &mut Child) -> std::process::ExitStatus {
    poll_until(Duration::from_secs(60), "careleaf to finish", || {
        child.try_wait().expect("wait")
    })
}

/// How many times `topics.yaml` defines `fatigue`, and `faq.yaml` holds the entry `tired`.
fn counts(site: &Site) -> (usize, usize) {
    let topics = String::from_utf8(read(site, TOPICS)).unwrap();
    let topic = topics.lines().filter(|l| *l == "fatigue:").count();
    let entry = entries(site)
        .iter()
        .filter(|e| e.id.as_deref() == Some("tired"))
        .count();
    (topic, entry)
}

// ---------------------------------------------------------------------------------------------
// Killed during --new-topic
// ---------------------------------------------------------------------------------------------

/// Killed (SIGKILL) after writing the topic and before writing the entry: running the same
/// add again must finish the job, not refuse the topic it finds.
#[test]
fn an_add_killed_between_its_two_writes_can_be_run_again() {
    let site = handmade_site();
    let old_topics = read(&site, TOPICS);
    let pause = tempfile::tempdir().unwrap();
    let setting = format!("before-faq-write:{}", pause.path().display());
    let mut child = spawn_add(
        &site,
        NEW_TOPIC_ADD,
        &[("CARELEAF_TEST_PAUSE", setting.clone())],
    );
    poll_until(Duration::from_secs(20), "the add to pause", || {
        pause.path().join("paused").exists().then_some(())
    });
    child.0.kill().unwrap();
    assert_eq!(wait(&mut child.0).signal(), Some(libc::SIGKILL));
    assert_eq!(
        counts(&site),
        (1, 0),
        "the half-done state this test is about"
    );

    let out = add(&site, NEW_TOPIC_ADD).ok();
    assert!(out.stdout.contains("and on /topics/fatigue/"), "{out}");
    assert_eq!(counts(&site), (1, 1));
    let mut expected = old_topics;
    expected.extend_from_slice(b"fatigue:\n  title: \"Fatigue\"\n");
    assert_eq!(read(&site, TOPICS), expected, "the topic is written once");
    site.build();

    // The same slug with another title is still a conflict.
    let out = add(
        &site,
        &[
            "--question",
            "Why so weary?",
            "--answer",
            "Poor sleep.",
            "--new-topic",
            "fatigue",
            "--topic-title",
            "Weariness",
        ],
    )
    .refused();
    out.stderr_has("the topic `fatigue` already exists; use --topic fatigue");
}

/// A tiny deterministic generator for kill delays (the tests take no `rand` dependency).
struct Delays(u64);

impl Delays {
    /// A delay in `0..max`.
    fn next(&mut self, max: Duration) -> Duration {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let unit = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        max.mul_f64(unit)
    }
}

/// Killed at random moments: whatever moment it was, running the add again succeeds (or says
/// the entry is already there, when the killed run had finished), the topic and the entry are
/// each written once, and no temporary file is left.
#[test]
fn an_add_killed_at_any_moment_can_be_run_again() {
    const KILLS: usize = 30;
    // How long an add takes here, so the kills spread over the whole of one.
    let probe = handmade_site();
    let started = Instant::now();
    add(&probe, NEW_TOPIC_ADD).ok();
    let span = started.elapsed().mul_f64(1.5);

    let mut delays = Delays(10);
    let mut half_done = 0;
    for round in 0..KILLS {
        let site = handmade_site();
        let mut child = spawn_add(&site, NEW_TOPIC_ADD, &[]);
        std::thread::sleep(delays.next(span));
        let _ = child.0.kill();
        wait(&mut child.0);
        let after_kill = counts(&site);
        half_done += usize::from(after_kill == (1, 0));

        let again = add(&site, NEW_TOPIC_ADD);
        let finished_before = after_kill == (1, 1);
        if finished_before {
            again
                .refused()
                .stderr_has("this question is already in the FAQ");
        } else {
            assert!(
                again.success(),
                "round {round}: after a kill leaving {after_kill:?}, the add was refused:\n{again}"
            );
        }
        assert_eq!(counts(&site), (1, 1), "round {round}");
        assert_eq!(temp_files(&site), Vec::<String>::new(), "round {round}");
        careleaf_in(&site, &["faq", "check"]).ok();
    }
    eprintln!("{half_done} of {KILLS} kills left the topic without the entry");
}

// ---------------------------------------------------------------------------------------------
// Symbolic links
// ---------------------------------------------------------------------------------------------

#[test]
fn a_faq_that_is_a_symbolic_link_is_refused_naming_its_target() {
    let site = handmade_site();
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("shared-faq.yaml");
    std::fs::rename(site.path(FAQ), &target).unwrap();
    std::os::unix::fs::symlink(&target, site.path(FAQ)).unwrap();
    let before = std::fs::read(&target).unwrap();

    let out = add(&site, &["--question", "Linked?", "--answer", "Yes."]).refused();
    let shown = out.stderr.replace(
        &target.canonicalize().unwrap().display().to_string(),
        "[TARGET]",
    );
    insta::assert_snapshot!(site.redact(&shown), @"
    careleaf: error: refusing to replace [SITE]/content/faq.yaml: it is a symbolic link to [TARGET], and replacing it would cut the link, so that file would never get the change (make the change in the file the link points to, or replace the link with a copy of that file)
    careleaf: nothing was changed
    ");
    assert!(
        std::fs::symlink_metadata(site.path(FAQ))
            .unwrap()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);

    // Reading through the link is fine: the build and `faq list` still use the shared file.
    assert!(listed_ids(&site).contains(&"does-it-hurt".to_owned()));
}

#[test]
fn a_linked_topics_file_blocks_only_adds_that_change_it() {
    let site = handmade_site();
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("topics.yaml");
    std::fs::rename(site.path(TOPICS), &target).unwrap();
    std::os::unix::fs::symlink(&target, site.path(TOPICS)).unwrap();
    let before = std::fs::read(&target).unwrap();

    add(
        &site,
        &[
            "--question",
            "Known topic?",
            "--answer",
            "Yes.",
            "--topic",
            "pain",
        ],
    )
    .ok();
    let faq_before = read(&site, FAQ);
    add(&site, NEW_TOPIC_ADD)
        .refused()
        .stderr_has("content/topics.yaml: it is a symbolic link to");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert_eq!(
        read(&site, FAQ),
        faq_before,
        "a refused add changes no file"
    );
}

#[test]
fn a_lock_file_planted_as_a_symbolic_link_is_not_followed() {
    let site = handmade_site();
    let before = content_state(&site);
    let elsewhere = tempfile::tempdir().unwrap();
    // A dangling link (following it would create a file elsewhere) and a link to a file.
    for existing in [false, true] {
        let planted = elsewhere.path().join(format!("planted-{existing}"));
        if existing {
            std::fs::write(&planted, "not a lock\n").unwrap();
        }
        std::os::unix::fs::symlink(&planted, site.path(LOCK)).unwrap();
        let out = add(&site, &["--question", "Locked?", "--answer", "Yes."]).refused();
        assert_eq!(
            site.redact(&out.stderr),
            "careleaf: error: cannot lock [SITE]/content/faq.yaml: its lock file [SITE]/content/.faq.yaml.lock is a symbolic link, which careleaf does not follow\ncareleaf: nothing was changed\n"
        );
        std::fs::remove_file(site.path(LOCK)).unwrap();
        assert!(content_state(&site) == before, "files changed");
        let made: Vec<String> = names_in(elsewhere.path());
        let expected: Vec<String> = if existing {
            vec!["planted-true".to_owned()]
        } else {
            Vec::new()
        };
        assert_eq!(
            made, expected,
            "nothing is created or changed where the link points"
        );
        if existing {
            assert_eq!(std::fs::read(&planted).unwrap(), b"not a lock\n");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// An editor writing through a handle opened before the swap
// ---------------------------------------------------------------------------------------------

/// An entry an editor appends by hand.
fn by_hand(n: usize) -> String {
    format!("  - id: by-hand-{n}\n    question: \"Typed by hand {n}?\"\n    answer: Yes.\n")
}

/// An editor (or a script) has `faq.yaml` open for appending from before careleaf starts,
/// and writes its entry once careleaf has done what it would do without the editor. Before,
/// careleaf swapped the file, found the old one unchanged and finished; the write then landed
/// in the old file, which nobody sees again. Now careleaf waits until nobody has the file open
/// for writing (the pause point marks the moment it starts to wait), sees the entry and starts
/// over.
#[test]
fn an_edit_through_a_handle_opened_before_the_add_is_not_lost() {
    let site = rich_site();
    let mut handle = std::fs::OpenOptions::new()
        .append(true)
        .open(site.path(FAQ))
        .unwrap();
    let pause = tempfile::tempdir().unwrap();
    let setting = format!("faq-open-for-writing:{}", pause.path().display());
    let mut child = spawn_add(
        &site,
        &[
            "--question",
            "Added meanwhile?",
            "--answer",
            "Yes.",
            "--id",
            "cli",
        ],
        &[("CARELEAF_TEST_PAUSE", setting)],
    );
    poll_until(
        Duration::from_secs(30),
        "careleaf to finish or to wait for the handle",
        || {
            let paused = pause.path().join("paused").exists();
            (paused || child.0.try_wait().unwrap().is_some()).then_some(())
        },
    );
    handle.write_all(by_hand(1).as_bytes()).unwrap();
    drop(handle);
    std::fs::write(pause.path().join("resume"), "").unwrap();
    assert!(wait(&mut child.0).success());
    let ids: Vec<String> = entries(&site).into_iter().filter_map(|e| e.id).collect();
    assert!(ids.contains(&"cli".to_owned()), "{ids:?}");
    assert!(
        ids.contains(&"by-hand-1".to_owned()),
        "the edit made through the old handle was lost: {ids:?}"
    );
    site.build();
}

/// A program that keeps `faq.yaml` open for writing: careleaf waits a while, then refuses
/// rather than replace the file under it.
#[test]
fn a_faq_kept_open_for_writing_is_not_replaced() {
    let site = rich_site();
    let before = content_state(&site);
    let handle = std::fs::OpenOptions::new()
        .append(true)
        .open(site.path(FAQ))
        .unwrap();
    let out = add(&site, &["--question", "Open?", "--answer", "Yes."]).refused();
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: [SITE]/content/faq.yaml is open for writing in another program, and replacing it now could lose what that program writes (save and close the file in that program, then try again)
    careleaf: nothing was changed
    ");
    assert!(out.elapsed >= Duration::from_secs(10), "it waited: {out}");
    drop(handle);
    assert!(content_state(&site) == before, "files changed");
    assert_eq!(temp_files(&site), Vec::<String>::new());
    add(&site, &["--question", "Open?", "--answer", "Yes."]).ok();
}

// ---------------------------------------------------------------------------------------------
// Leftovers
// ---------------------------------------------------------------------------------------------

/// A process that has ended, so its id names no live process (until ids wrap around).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn the_next_add_removes_killed_adds_temp_files_and_nothing_else() {
    let site = handmade_site();
    // A real leftover: an add killed after writing its temporary file.
    let killed = add_with(
        &site,
        &["--question", "Killed?", "--answer", "Yes."],
        &Opts {
            env: vec![("CARELEAF_TEST_FAULT".into(), "before-rename".into())],
            ..Opts::default()
        },
    );
    assert_eq!(killed.status.signal(), Some(libc::SIGABRT), "{killed}");
    let leftover = temp_files(&site);
    assert_eq!(leftover.len(), 1, "{leftover:?}");

    let dead = dead_pid();
    let live = ChildGuard(Command::new("sleep").arg("60").spawn().unwrap());
    let live_pid = live.0.id();
    let stale_topics = format!(".topics.yaml.careleaf-{dead}.tmp");
    let keep = [
        // A writer still running.
        format!(".faq.yaml.careleaf-{live_pid}.tmp"),
        // An editor's save careleaf kept on purpose.
        format!(".faq.yaml.careleaf-{dead}.kept"),
        // Names that only look alike.
        format!(".faq.yaml.careleaf-0{dead}.tmp"),
        format!(".faq.yaml.careleaf-{dead}x.tmp"),
        format!("faq.yaml.careleaf-{dead}.tmp"),
        format!(".other.yaml.careleaf-{dead}.tmp"),
    ];
    site.write(&format!("content/{stale_topics}"), "topics: old\n");
    for name in &keep {
        site.write(&format!("content/{name}"), "keep me\n");
    }
    // A folder with a leftover's name is not a file careleaf made.
    let folder = format!(".faq.yaml.careleaf-{}.tmp", dead_pid());
    std::fs::create_dir(site.path(&format!("content/{folder}"))).unwrap();

    add(&site, &["--question", "Next?", "--answer", "Yes."]).ok();
    let names = names_in(&site.path("content"));
    for gone in [&leftover[0], &stale_topics] {
        assert!(!names.contains(gone), "{gone} is still there: {names:?}");
    }
    for kept in keep.iter().chain([&folder]) {
        assert!(names.contains(kept), "{kept} was removed: {names:?}");
    }
    drop(live);
}
