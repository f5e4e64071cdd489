//! Cutting a source line down to the part around the column a message points at, so a
//! diagnostic about a 600-character (or 2 MB) line keeps and prints a few dozen characters
//! instead of the whole line.
//!
//! The work done is bounded by the window, not the line: the cut is found by walking
//! characters outwards from the column's byte.

/// The most characters of a line a diagnostic shows (plus a `…` at each end that was cut).
pub const WIDTH: usize = 80;

/// Characters kept before the column when the line has to be cut: enough to see what comes
/// before the problem, with room after it for the problem itself.
const BEFORE: usize = 30;

/// Marks where a shown line was cut.
const CUT: char = '…';

/// The part of a source line a diagnostic shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The characters shown, with `…` at an end that was cut; tabs are kept.
    pub text: String,
    /// 1-based position, in characters of `text`, of the character the column names.
    pub caret: usize,
}

/// The window of `line` around byte `at` (a character boundary of `line`, at most its
/// length).
pub fn around(line: &str, at: usize) -> Window {
    let at = at.min(line.len());
    if line.len() <= WIDTH {
        return Window {
            text: line.to_owned(),
            caret: line[..at].chars().count() + 1,
        };
    }
    let (start, end) = cut(line, at);
    let mut text = String::with_capacity(end - start + 2 * CUT.len_utf8());
    let cut_start = start > 0;
    if cut_start {
        text.push(CUT);
    }
    text.push_str(&line[start..end]);
    if end < line.len() {
        text.push(CUT);
    }
    Window {
        text,
        caret: usize::from(cut_start) + line[start..at].chars().count() + 1,
    }
}

/// Where the window of a long `line` around byte `at` starts and ends: [`BEFORE`]
/// characters before `at` and the rest of [`WIDTH`] after it, or more before it when the
/// line ends sooner.
fn cut(line: &str, at: usize) -> (usize, usize) {
    // Most lines are ASCII around the column, where a character is a byte: no walking.
    let near = at.saturating_sub(BEFORE + WIDTH)..(at + WIDTH).min(line.len());
    if line.as_bytes()[near].is_ascii() {
        let end = (at.saturating_sub(BEFORE) + WIDTH).min(line.len());
        return (end.saturating_sub(WIDTH), end);
    }
    walk_cut(line, at)
}

/// [`cut`] found by walking characters outwards from `at`.
fn walk_cut(line: &str, at: usize) -> (usize, usize) {
    let (mut start, before) = walk_back(line, at, BEFORE);
    let (end, after) = walk_forward(line, at, WIDTH - before);
    let shown = before + after;
    if shown < WIDTH {
        // The line ends soon after the column: show more of what comes before it.
        start = walk_back(line, start, WIDTH - shown).0;
    }
    (start, end)
}

/// The byte `count` characters before `from` (or the line's start), and how many
/// characters that is.
fn walk_back(line: &str, from: usize, count: usize) -> (usize, usize) {
    line[..from]
        .char_indices()
        .rev()
        .take(count)
        .fold((from, 0), |(_, n), (i, _)| (i, n + 1))
}

/// The byte `count` characters after `from` (or the line's end), and how many characters
/// that is.
fn walk_forward(line: &str, from: usize, count: usize) -> (usize, usize) {
    line[from..]
        .chars()
        .take(count)
        .fold((from, 0), |(end, n), c| (end + c.len_utf8(), n + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character under the caret.
    fn under(w: &Window) -> Option<char> {
        w.text.chars().nth(w.caret - 1)
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let w = around("\tsee [x](/nowhere/)", 9);
        assert_eq!(w.text, "\tsee [x](/nowhere/)");
        assert_eq!(w.caret, 10);
        assert_eq!(under(&w), Some('/'));
        let w = around("abc", 3);
        assert_eq!(w.caret, 4, "just after the end");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let w = around(&line, 500);
        assert_eq!(w.text.chars().count(), WIDTH + 2);
        assert!(
            w.text.starts_with('…') && w.text.ends_with('…'),
            "{}",
            w.text
        );
        assert_eq!(under(&w), Some('T'));
        assert_eq!(w.caret, BEFORE + 2);
    }

    #[test]
    fn the_start_or_end_is_kept_when_the_column_is_near_it() {
        let line = format!("xTARGET{}", "b".repeat(500));
        let w = around(&line, 1);
        assert!(w.text.starts_with("xTARGET") && w.text.ends_with('…'));
        assert_eq!(w.text.chars().count(), WIDTH + 1);
        assert_eq!((w.caret, under(&w)), (2, Some('T')));

        let line = format!("{}TARGETy", "a".repeat(500));
        let w = around(&line, 500);
        assert!(w.text.starts_with('…') && w.text.ends_with("TARGETy"));
        assert_eq!(w.text.chars().count(), WIDTH + 1);
        assert_eq!(under(&w), Some('T'));
        let end = around(&line, line.len());
        assert_eq!(
            end.caret,
            end.text.chars().count() + 1,
            "just after the end"
        );
    }

    #[test]
    fn the_ascii_shortcut_cuts_where_walking_does() {
        for len in [WIDTH + 1, WIDTH + 7, 200, 500] {
            let ascii: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            // And lines with non-ASCII characters near one end only, or throughout.
            let mixed_start = format!("é{}", &ascii[2..]);
            let mixed_end = format!("{}ü", &ascii[..len - 2]);
            for line in [&ascii, &mixed_start, &mixed_end] {
                for at in (0..=line.len()).filter(|&i| line.is_char_boundary(i)) {
                    assert_eq!(
                        cut(line, at),
                        walk_cut(line, at),
                        "line of {len} bytes, at {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn characters_and_tabs_are_counted_not_bytes() {
        let line = format!("\t{}é→X{}", "ü".repeat(300), "ç".repeat(300));
        let at = line.find('X').unwrap();
        let w = around(&line, at);
        assert_eq!(under(&w), Some('X'));
        assert!(w.text.chars().count() <= WIDTH + 2);
        let tabs = format!("{}X", "\t".repeat(200));
        let w = around(&tabs, 200);
        assert_eq!(under(&w), Some('X'));
        assert!(w.text[CUT.len_utf8()..].starts_with('\t'), "tabs are kept");
    }
}
