//! Property tests of the preview's request-path decoder ([`super::request_key`]): whatever
//! a browser or an attacker sends, a key never leaves the site folder, a path with a bad
//! escape is refused, and a key asked for again names itself.

use proptest::prelude::*;

use super::request_key;
use crate::fuzz::{config, tricky_text};

/// Request paths: `/` then text rich in dots, slashes, backslashes and escapes.
fn request_path() -> impl Strategy<Value = String> {
    prop_oneof![
        tricky_text(24).prop_map(|t| format!("/{t}")),
        tricky_text(24),
        any::<String>().prop_map(|t| format!("/{t}")),
    ]
}

/// `%` followed by two hexadecimal digits everywhere it appears.
fn escapes_are_well_formed(path: &str) -> bool {
    let b = path.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'%'
            || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// `key` as a request path again: `/`, with every `%` escaped so it is not decoded twice.
fn as_request(key: &str) -> String {
    format!("/{}", key.replace('%', "%25"))
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn keys_stay_inside_the_site(path in request_path()) {
        if let Some(key) = request_key(&path) {
            prop_assert!(!key.contains('\\') && !key.contains('\0'), "{key:?}");
            prop_assert!(!key.starts_with('/'), "{key:?}");
            for seg in key.split('/') {
                prop_assert!(!matches!(seg, "" | "." | ".."), "segment {seg:?} in {key:?}");
            }
            prop_assert!(escapes_are_well_formed(&path), "{path:?} was accepted as {key:?}");
        }
    }

    #[test]
    fn a_key_asked_for_again_is_the_same_key(path in request_path()) {
        if let Some(key) = request_key(&path) {
            prop_assert_eq!(request_key(&as_request(&key)), Some(key));
        }
    }

    #[test]
    fn every_encoding_of_a_path_is_the_same_key(
        segs in prop::collection::vec("[a-zA-Z0-9 ._~é-]{1,8}", 1..5),
        mask in any::<u64>(),
    ) {
        // A path's characters, each sent as is or as `%XX` escapes of its UTF-8 bytes (as
        // browsers and tools differ).
        let plain = format!("/{}", segs.join("/"));
        let mut encoded = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && mask & (1 << (i % 64)) != 0 {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    encoded.push_str(&format!("%{b:02X}"));
                }
            } else {
                encoded.push(c);
            }
        }
        prop_assert_eq!(request_key(&encoded), request_key(&plain));
    }
}

/// What the properties found, replayed on every run.
#[test]
fn regressions() {
    // `%+1` once decoded to byte 0x01: Rust's number parser takes a leading `+`.
    assert_eq!(request_key("/%+1"), None);
    assert_eq!(request_key("/a%+fb"), None);
    // `/.` once gave the empty key; it is the folder, as `/` is.
    assert_eq!(request_key("/%2e").as_deref(), Some("index.html"));
    assert_eq!(request_key("/faq/.").as_deref(), Some("faq/index.html"));
}
