//! The temporary files careleaf's writers make beside a file they replace, and removing those
//! that writers killed mid-write left behind.
//!
//! A writer's temporary file is `.<name>.careleaf-<pid>.tmp`. A writer killed before its
//! swap leaves it behind; the next writer of the same file removes it once the process it
//! names is gone. Nothing else is touched: only regular files with exactly that name, a
//! whole number for the process id, and no live process of that id. A file careleaf keeps
//! on purpose (an editor's save it could not put back) is named `.kept`, never `.tmp`.

use std::path::{Path, PathBuf};

/// The temporary file this process writes before it replaces `target`.
pub fn temp_path(target: &Path) -> PathBuf {
    beside(target, "tmp")
}

/// Where this process keeps an editor's save it could not put back in place of `target`.
pub fn kept_path(target: &Path) -> PathBuf {
    beside(target, "kept")
}

fn beside(target: &Path, ending: &str) -> PathBuf {
    let dir = target.parent().unwrap_or(Path::new("."));
    dir.join(format!("{}{}.{ending}", prefix(target), std::process::id()))
}

/// `.<name>.careleaf-`: the start of the temporary files' names for `target`.
fn prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.careleaf-")
}

/// Removes the temporary files of `target` that writers which are gone left behind.
/// Best effort: what cannot be listed or removed stays.
pub fn remove_stale(target: &Path) {
    let dir = target.parent().unwrap_or(Path::new("."));
    let prefix = prefix(target);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = pid_in(&name.to_string_lossy(), &prefix) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && process_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name (`<prefix><pid>.tmp`, the id written as careleaf
/// writes it: digits, no sign, no leading zero).
fn pid_in(name: &str, prefix: &str) -> Option<u32> {
    let digits = name.strip_prefix(prefix)?.strip_suffix(".tmp")?;
    let plain = !digits.is_empty()
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    digits.parse().ok()
}

/// True when no process with this id exists (on this machine).
fn process_gone(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_names_carry_a_pid() {
        let p = ".faq.yaml.careleaf-";
        assert_eq!(pid_in(".faq.yaml.careleaf-123.tmp", p), Some(123));
        for other in [
            ".faq.yaml.careleaf-.tmp",
            ".faq.yaml.careleaf-0123.tmp",
            ".faq.yaml.careleaf-+12.tmp",
            ".faq.yaml.careleaf-12.tmp~",
            ".faq.yaml.careleaf-12.kept",
            ".faq.yaml.careleaf-1x2.tmp",
            ".faq.yaml.careleaf-99999999999999999999.tmp",
            "faq.yaml.careleaf-12.tmp",
            ".topics.yaml.careleaf-12.tmp",
        ] {
            assert_eq!(pid_in(other, p), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn stale_temp_files_go_and_everything_else_stays() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("faq.yaml");
        std::fs::write(&target, "questions: []\n").unwrap();
        // A process that has exited (and been reaped) is gone.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let names = [
            format!(".faq.yaml.careleaf-{dead}.tmp"),
            format!(".faq.yaml.careleaf-{}.tmp", live.id()),
            format!(".faq.yaml.careleaf-{}.tmp", std::process::id()),
            format!(".faq.yaml.careleaf-{dead}.kept"),
            format!(".faq.yaml.careleaf-0{dead}.tmp"),
            format!(".topics.yaml.careleaf-{dead}.tmp"),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        // A folder with a stale name is not a file careleaf made.
        let folder = format!(".faq.yaml.careleaf-{}.tmp", dead.wrapping_add(1_000_000));
        std::fs::create_dir(dir.path().join(&folder)).unwrap();

        remove_stale(&target);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want: Vec<String> = names[1..].to_vec();
        want.push(folder);
        want.push("faq.yaml".to_owned());
        want.sort();
        assert_eq!(left, want);
        let mut live = live;
        let _ = live.kill();
        let _ = live.wait();
    }
}
