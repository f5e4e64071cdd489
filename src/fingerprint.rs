//! Fingerprints: a 128-bit XXH3 hash of everything a result is made from, the key of
//! [`crate::cache`].
//!
//! Values are fed straight into the hash through a serde `Serializer` (no JSON text, no
//! allocation), each with a tag for its kind and a length, so different values cannot run
//! together into equal streams. Raw bytes and file paths have their own methods: serde would
//! feed bytes one element at a time, and cannot serialise a path that is not UTF-8.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Accumulates values into one fingerprint. Small values are gathered in a buffer and hashed
/// in one call when the fingerprint is finished (most fingerprints are a few hundred bytes,
/// and one call costs far less than many small updates); long runs of bytes go straight
/// into a streaming hash. XXH3 gives the same result either way.
#[derive(Clone)]
pub struct Fingerprint {
    buffer: Vec<u8>,
    /// The streaming hash, once a long run of bytes was added.
    stream: Option<Box<Xxh3>>,
}

/// Bytes from which a run is streamed instead of copied into the buffer.
const LONG_RUN: usize = 4096;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint {
            // Room for most fingerprints from the start: growing it costs more than hashing.
            buffer: Vec::with_capacity(512),
            stream: None,
        }
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a list of earlier fingerprints, as one run of bytes.
    pub fn add_keys(&mut self, keys: impl ExactSizeIterator<Item = u128>) {
        let len = keys.len() * 16;
        self.tag(b'k', len);
        if len >= LONG_RUN {
            let bytes: Vec<u8> = keys.flat_map(u128::to_le_bytes).collect();
            self.update(&bytes);
            return;
        }
        for k in keys {
            self.buffer.extend_from_slice(&k.to_le_bytes());
        }
    }

    /// Adds a serialisable value.
    pub fn add<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Our serializer cannot fail.
        let _ = value.serialize(&mut *self);
    }

    pub fn add_bytes(&mut self, bytes: &[u8]) {
        self.tag(b's', bytes.len());
        self.update(bytes);
    }

    /// Adds a file path, byte for byte (any path, UTF-8 or not).
    pub fn add_path(&mut self, path: &std::path::Path) {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.tag(b'p', bytes.len());
        self.update(bytes);
    }

    /// Adds the identity of a shared value: which allocation it is, not what it holds. Two
    /// values alive at the same time are never at one address, so this stands for the value's
    /// whole content only while the value cannot be freed and its address reused: whoever
    /// keeps a fingerprint made with it must also keep `value` (a clone of the `Arc`) for as
    /// long as it compares that fingerprint with new ones.
    pub fn add_identity<T: ?Sized>(&mut self, value: &std::sync::Arc<T>) {
        let address = std::sync::Arc::as_ptr(value).cast::<u8>() as usize;
        self.tag(b'@', address);
    }

    /// Adds a value through its [`std::hash::Hash`] implementation (for types that have no
    /// serde form, such as dates).
    pub fn add_hashed<T: std::hash::Hash + ?Sized>(&mut self, value: &T) {
        self.tag(b'h', 0);
        value.hash(&mut HashInto(self));
    }

    pub fn finish(&self) -> u128 {
        match &self.stream {
            None => xxhash_rust::xxh3::xxh3_128(&self.buffer),
            Some(stream) => {
                let mut stream = stream.clone();
                stream.update(&self.buffer);
                stream.digest128()
            }
        }
    }

    fn tag(&mut self, kind: u8, len: usize) {
        self.buffer.push(kind);
        self.buffer.extend_from_slice(&(len as u64).to_le_bytes());
    }

    fn update(&mut self, bytes: &[u8]) {
        if bytes.len() < LONG_RUN {
            self.buffer.extend_from_slice(bytes);
            return;
        }
        let stream = self.stream.get_or_insert_with(|| Box::new(Xxh3::new()));
        stream.update(&self.buffer);
        stream.update(bytes);
        self.buffer.clear();
    }
}

/// The fingerprint of a key made earlier (`seed`) and the identity of a shared value (see
/// [`Fingerprint::add_identity`] for when that is sound), in one short hash.
pub fn of_identity<T: ?Sized>(seed: u128, value: &std::sync::Arc<T>) -> u128 {
    let address = std::sync::Arc::as_ptr(value).cast::<u8>() as usize as u64;
    let mut bytes = [0u8; 24];
    bytes[..16].copy_from_slice(&seed.to_le_bytes());
    bytes[16..].copy_from_slice(&address.to_le_bytes());
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// The fingerprint of a key made earlier (`seed`) and a text, in one short hash.
pub fn of_text_with(seed: u128, text: &str) -> u128 {
    let mut bytes = Vec::with_capacity(16 + text.len());
    bytes.extend_from_slice(&seed.to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// Feeds [`std::hash::Hash`] output into a fingerprint.
struct HashInto<'a>(&'a mut Fingerprint);

impl std::hash::Hasher for HashInto<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.finish() as u64
    }
}

/// The fingerprint of one serialisable value.
pub fn of<T: Serialize + ?Sized>(value: &T) -> u128 {
    let mut f = Fingerprint::new();
    f.add(value);
    f.finish()
}

/// The serializer never fails; this error type only satisfies serde.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fingerprint error")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

macro_rules! number {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<(), Never> {
            self.tag(b'n', std::mem::size_of::<$t>());
            self.update(&v.to_le_bytes());
            Ok(())
        }
    )*};
}

impl ser::Serializer for &mut Fingerprint {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    number!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64, serialize_i128: i128, serialize_u128: u128);

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tag(b'b', usize::from(v));
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.serialize_u32(v as u32)
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.add_bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.add_bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(b'0', 0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tag(b'1', 0);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(b'u', 0);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), Never> {
        self.tag(b'v', index as usize);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.tag(b'v', index as usize);
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Never> {
        self.tag(b'[', len.unwrap_or(usize::MAX));
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Never> {
        self.tag(b'(', len);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Never> {
        self.tag(b'v', index as usize);
        self.serialize_tuple(len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Never> {
        self.tag(b'{', len.unwrap_or(usize::MAX));
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.tag(b'{', len);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Self, Never> {
        self.tag(b'v', index as usize);
        self.serialize_struct("", len)
    }
}

/// The compound serializers: each element or field goes into the hash; sequences, maps and
/// structs are closed with a marker so `[a, b]` and `[a], [b]` differ.
macro_rules! compound {
    ($trait:ident, named, $end:expr) => {
        impl ser::$trait for &mut Fingerprint {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                self.add_bytes(key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag($end, 0);
                Ok(())
            }
        }
    };
    ($trait:ident, $method:ident, $end:expr) => {
        impl ser::$trait for &mut Fingerprint {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                if let Some(marker) = $end {
                    self.tag(marker, 0);
                }
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element, Some(b']'));
compound!(SerializeTuple, serialize_element, None::<u8>);
compound!(SerializeTupleStruct, serialize_field, None::<u8>);
compound!(SerializeTupleVariant, serialize_field, None::<u8>);
compound!(SerializeStruct, named, b'}');
compound!(SerializeStructVariant, named, b'}');

impl ser::SerializeMap for &mut Fingerprint {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(b'}', 0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp<T: Serialize>(v: &T) -> u128 {
        of(v)
    }

    #[test]
    fn equal_values_equal_fingerprints() {
        assert_eq!(fp(&("a", 1u32, vec!["x"])), fp(&("a", 1u32, vec!["x"])));
    }

    #[test]
    fn boundaries_matter() {
        assert_ne!(fp(&("ab", "c")), fp(&("a", "bc")));
        assert_ne!(fp(&vec!["a", "b"]), fp(&vec!["ab"]));
        assert_ne!(fp(&Some("")), fp(&None::<&str>));
        assert_ne!(
            fp(&serde_json::json!({"a": 1})),
            fp(&serde_json::json!({"a": 2}))
        );
    }

    #[test]
    fn paths_and_bytes_are_kept_apart() {
        let path = |p: &str| {
            let mut f = Fingerprint::new();
            f.add_path(std::path::Path::new(p));
            f.finish()
        };
        let bytes = |b: &[u8]| {
            let mut f = Fingerprint::new();
            f.add_bytes(b);
            f.finish()
        };
        assert_eq!(path("a/b.md"), path("a/b.md"));
        assert_ne!(path("a/b.md"), path("a/c.md"));
        assert_ne!(path("a/b.md"), bytes(b"a/b.md"));
    }

    #[test]
    fn long_and_short_runs_make_the_fingerprint_of_the_same_bytes() {
        let long = vec![7u8; LONG_RUN * 3 + 5];
        let mut streamed = Fingerprint::new();
        streamed.add("before");
        streamed.add_bytes(&long);
        streamed.add("after");
        let mut expected = Vec::new();
        for part in [&b"before"[..], &long, b"after"] {
            expected.push(b's');
            expected.extend_from_slice(&(part.len() as u64).to_le_bytes());
            expected.extend_from_slice(part);
        }
        assert_eq!(streamed.finish(), xxhash_rust::xxh3::xxh3_128(&expected));
        assert_eq!(streamed.finish(), streamed.clone().finish());
    }

    #[test]
    fn identities_tell_live_values_apart_whatever_they_hold() {
        let identity = |v: &std::sync::Arc<String>| {
            let mut f = Fingerprint::new();
            f.add_identity(v);
            f.finish()
        };
        let a = std::sync::Arc::new("same".to_owned());
        let b = std::sync::Arc::new("same".to_owned());
        assert_eq!(identity(&a), identity(&a.clone()));
        assert_ne!(identity(&a), identity(&b));
        assert_ne!(identity(&a), fp(&"same"));
    }

    #[test]
    fn hashed_values_follow_their_hash() {
        let hashed = |v: (u8, u16)| {
            let mut f = Fingerprint::new();
            f.add_hashed(&v);
            f.finish()
        };
        assert_eq!(hashed((1, 2)), hashed((1, 2)));
        assert_ne!(hashed((1, 2)), hashed((2, 1)));
    }
}
