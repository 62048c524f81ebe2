//! Single-pass (de)serialization of event structs. `#[serde(flatten)]` buffers every field into an
//! intermediate tree first, which made decoding three times slower than the JSON parse itself; these macros
//! read each key once, hand it to the group that knows it, and keep the rest in `extra`.

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;
use std::borrow::Cow;
use std::fmt;

/// A set of optional wire fields that can take its keys from a JSON map and write them back.
pub trait FieldGroup: Default {
    /// Read the value of `key` if this group owns it.
    fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
    fn put<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A map key (or a string value), borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A group of optional fields: `name: Type = "wireName"`. A JSON `null` reads as absent.
macro_rules! field_group {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty = $wire:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name { $($(#[$fm])* pub $field: Option<$ty>,)* }

        impl $crate::event::fields::FieldGroup for $name {
            fn take<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                match key {
                    $($wire => { self.$field = map.next_value::<Option<$ty>>()?; Ok(true) })*
                    _ => Ok(false),
                }
            }
            fn put<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                $(if let Some(v) = &self.$field { map.serialize_entry($wire, v)?; })*
                Ok(())
            }
        }
    };
}

/// An event struct: the named field groups, its own optional fields, and every other key in `extra`.
macro_rules! wire_event {
    ($(#[$m:meta])* pub struct $name:ident [$($group:ident : $gty:ty),*] { $($(#[$fm:meta])* $field:ident : $ty:ty = $wire:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name {
            $(pub $group: $gty,)*
            $($(#[$fm])* pub $field: Option<$ty>,)*
            /// Fields this struct does not know, kept so that the event re-serializes as it came.
            pub extra: $crate::redact::Extra,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " event object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        #[allow(unused_imports)]
                        use $crate::event::fields::FieldGroup as _;
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::event::fields::Key<'de>>()? {
                            let key = key.0;
                            $(if out.$group.take(&key, &mut map)? { continue; })*
                            match &*key {
                                $($wire => out.$field = map.next_value::<Option<$ty>>()?,)*
                                _ => {
                                    let v: serde_json::Value = map.next_value()?;
                                    out.extra.0.insert(key.into_owned(), v);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use $crate::event::fields::FieldGroup as _;
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                $(self.$group.put(&mut map)?;)*
                $(if let Some(v) = &self.$field { map.serialize_entry($wire, v)?; })*
                for (k, v) in &self.extra.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    };
}

pub(crate) use {field_group, wire_event};
