//! Syllables of numerals as they are read aloud (a SMOG hand-count rule): "12" twelve (1),
//! "3.5" three point five (3), "19%" nineteen per cent (4), "21st" twenty-first (3).
//!
//! Rules: whole numbers are read the British way, with "and" after hundreds ("105" one
//! hundred and five, 5). A bare four-digit number from 1100 to 1999 or 2010 to 2099 is read
//! as a year in pairs ("1998" nineteen ninety-eight, 5; "2024" twenty twenty-four, 5;
//! "1905" nineteen oh five, 4; "1900" nineteen hundred, 4); 2000 to 2009 and other numbers
//! are read as cardinals ("2005" two thousand and five, 5; "1,500" one thousand five
//! hundred, 6). Digits after a decimal point are read one by one. A number with a leading
//! zero ("007") or more than 15 digits is read digit by digit. Zero is "zero" (2).

/// Syllables of 0–19: zero, one, two, …, seventeen, eighteen, nineteen.
const UNITS: [usize; 20] = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2];
/// Syllables of twenty, thirty, …, ninety (index = tens digit).
const TENS: [usize; 10] = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2];
const HUNDRED: usize = 2;
/// thousand, million, billion, trillion: two syllables each.
const SCALE: usize = 2;
const AND: usize = 1;
const POINT: usize = 1;
const PER_CENT: usize = 2;

/// Syllables of a numeral token: digits with optional thousands commas, a decimal part,
/// and a trailing `%` or ordinal suffix (st, nd, rd, th). `None` if `token` is not one.
pub fn count(token: &str) -> Option<usize> {
    let (body, percent) = match token.strip_suffix('%') {
        Some(b) => (b, PER_CENT),
        None => (token, 0),
    };
    let (body, ordinal) = split_ordinal(body);
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let plain = whole.bytes().all(|b| b.is_ascii_digit());
    let grouped = !plain && whole.contains(',') && valid_groups(whole);
    if whole.is_empty() || !(plain || grouped) {
        return None;
    }
    let mut syllables = whole_number(whole, grouped)?;
    if ordinal {
        syllables += ordinal_extra(whole);
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        syllables += POINT + digits(f);
    }
    Some(syllables + percent)
}

fn split_ordinal(body: &str) -> (&str, bool) {
    for suffix in ["st", "nd", "rd", "th", "ST", "ND", "RD", "TH"] {
        if let Some(b) = body.strip_suffix(suffix)
            && !b.is_empty()
            && b.bytes().all(|c| c.is_ascii_digit())
        {
            return (b, true);
        }
    }
    (body, false)
}

/// "1,000", "12,345,678": a first group of 1–3 digits, then groups of exactly 3.
fn valid_groups(s: &str) -> bool {
    let mut parts = s.split(',');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    first_ok && parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn whole_number(whole: &str, grouped: bool) -> Option<usize> {
    let len = whole.bytes().filter(u8::is_ascii_digit).count();
    if len > 15 || (len > 1 && whole.starts_with('0')) {
        return Some(digits(whole));
    }
    let digits_only = whole
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    if !grouped && len == 4 && is_year(digits_only) {
        return Some(year(digits_only));
    }
    Some(cardinal(digits_only))
}

fn is_year(n: u64) -> bool {
    (1100..=1999).contains(&n) || (2010..=2099).contains(&n)
}

/// "nineteen ninety-eight", "nineteen oh five", "nineteen hundred".
fn year(n: u64) -> usize {
    let (high, low) = (n / 100, n % 100);
    let tail = match low {
        0 => HUNDRED,
        1..=9 => 1 + UNITS[low as usize],
        _ => below_hundred(low),
    };
    below_hundred(high) + tail
}

fn below_hundred(n: u64) -> usize {
    if n < 20 {
        UNITS[n as usize]
    } else {
        let unit = n % 10;
        TENS[(n / 10) as usize] + if unit == 0 { 0 } else { UNITS[unit as usize] }
    }
}

fn below_thousand(n: u64) -> usize {
    let (h, rest) = (n / 100, n % 100);
    match (h, rest) {
        (0, r) => below_hundred(r),
        (h, 0) => UNITS[h as usize] + HUNDRED,
        (h, r) => UNITS[h as usize] + HUNDRED + AND + below_hundred(r),
    }
}

/// A whole number read aloud, British style: "one thousand and five", "two million".
pub fn cardinal(n: u64) -> usize {
    if n < 1000 {
        return below_thousand(n);
    }
    let mut groups = Vec::with_capacity(6);
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut syllables = 0;
    for (scale, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            continue;
        }
        syllables += below_thousand(g);
        if scale > 0 {
            syllables += SCALE;
        }
    }
    // "one thousand and five": the "and" before a last group under a hundred.
    if (1..100).contains(&groups[0]) {
        syllables += AND;
    }
    syllables
}

/// Extra syllables of the ordinal over the cardinal: "second" (two → sec-ond) and
/// "twentieth" (twen-ty → twen-ti-eth); all others ("first", "fifth", "hundredth") match.
fn ordinal_extra(whole: &str) -> usize {
    let last_two = whole
        .bytes()
        .rev()
        .take(2)
        .enumerate()
        .fold(0u32, |n, (i, b)| {
            n + u32::from(b - b'0') * 10u32.pow(i as u32)
        });
    let second = last_two % 10 == 2 && last_two != 12;
    let tieth = last_two >= 20 && last_two % 10 == 0;
    usize::from(second || tieth)
}

fn digits(s: &str) -> usize {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| UNITS[usize::from(b - b'0')])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_aloud() {
        let cases = [
            ("0", 2),         // ze-ro
            ("1", 1),         // one
            ("7", 2),         // sev-en
            ("11", 3),        // e-lev-en
            ("12", 1),        // twelve
            ("17", 3),        // sev-en-teen
            ("20", 2),        // twen-ty
            ("21", 3),        // twen-ty-one
            ("77", 5),        // sev-en-ty-sev-en
            ("100", 3),       // one hun-dred
            ("105", 5),       // one hun-dred and five
            ("120", 6),       // one hun-dred and twen-ty
            ("1000", 3),      // one thou-sand (not a year)
            ("1,000", 3),     // one thou-sand
            ("1,500", 6),     // one thou-sand five hun-dred
            ("2005", 5),      // two thou-sand and five
            ("2024", 5),      // twen-ty twen-ty-four
            ("1998", 5),      // nine-teen nine-ty-eight
            ("1905", 4),      // nine-teen oh five
            ("1900", 4),      // nine-teen hun-dred
            ("10,000", 3),    // ten thou-sand
            ("7,629", 11),    // sev-en thou-sand six hun-dred and twen-ty-nine
            ("1,000,000", 3), // one mil-lion
            ("3.5", 3),       // three point five
            ("19.18", 5),     // nine-teen point one eight
            ("0.04", 6),      // ze-ro point ze-ro four
            ("19%", 4),       // nine-teen per cent
            ("7.55%", 7),     // sev-en point five five per cent
        ];
        for (token, want) in cases {
            assert_eq!(count(token), Some(want), "{token}");
        }
    }

    #[test]
    fn ordinals_and_odd_forms() {
        assert_eq!(count("1st"), Some(1)); // first
        assert_eq!(count("2nd"), Some(2)); // sec-ond
        assert_eq!(count("3rd"), Some(1)); // third
        assert_eq!(count("12th"), Some(1)); // twelfth
        assert_eq!(count("20th"), Some(3)); // twen-ti-eth
        assert_eq!(count("22nd"), Some(4)); // twen-ty-sec-ond
        assert_eq!(count("007"), Some(6)); // ze-ro ze-ro sev-en
        assert_eq!(count("12a"), None);
        assert_eq!(count("1,00"), None);
        assert_eq!(count("3."), None);
        assert_eq!(count("%"), None);
    }
}
