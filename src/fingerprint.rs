//! Fingerprints: a 128-bit XXH3 hash of everything a result is made from, the key of
//! [`crate::cache`].
//!
//! Values are fed straight into the hash through a serde `Serializer` (no JSON text, no
//! allocation), each with a tag for its kind and a length, so different values cannot run
//! together into equal streams. Raw bytes and file paths have their own methods: serde would
//! feed bytes one element at a time, and cannot serialise a path that is not UTF-8.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Accumulates values into one fingerprint.
#[derive(Clone)]
pub struct Fingerprint(Xxh3);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(Xxh3::new())
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a serialisable value.
    pub fn add<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Our serializer cannot fail.
        let _ = value.serialize(&mut *self);
    }

    pub fn add_bytes(&mut self, bytes: &[u8]) {
        self.tag(b's', bytes.len());
        self.0.update(bytes);
    }

    /// Adds a file path, byte for byte (any path, UTF-8 or not).
    pub fn add_path(&mut self, path: &std::path::Path) {
        let bytes = path.as_os_str().as_encoded_bytes();
        self.tag(b'p', bytes.len());
        self.0.update(bytes);
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }

    fn tag(&mut self, kind: u8, len: usize) {
        self.0.update(&[kind]);
        self.0.update(&(len as u64).to_le_bytes());
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
            self.0.update(&v.to_le_bytes());
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
}
