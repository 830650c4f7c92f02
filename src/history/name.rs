//! Shared names: an athlete or a sport written on thousands of rows is one
//! allocation, shared by every session that names it (a club's history has a
//! million rows and a thousand athletes). [`Interner`] hands out the shared copy.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

/// An immutable, cheaply cloned name. Reads as a `&str` (it derefs to one) and
/// compares with strings.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Name {
    fn default() -> Self {
        Name::from("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name(Arc::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name(Arc::from(text))
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Self {
        Name(Arc::from(text.as_str()))
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0.to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Hands out one shared [`Name`] per distinct text.
#[derive(Debug, Default)]
pub struct Interner {
    names: FxHashMap<Box<str>, Name>,
}

impl Interner {
    /// The shared name for `text`; `make` turns a text not seen before into its
    /// name (e.g. the canonical sport of a spelling).
    pub fn get_or(&mut self, text: &str, make: impl FnOnce(&str) -> Name) -> Name {
        if let Some(name) = self.names.get(text) {
            return name.clone();
        }
        let name = make(text);
        self.names.insert(text.into(), name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_allocation_per_distinct_text_and_it_reads_as_a_str() {
        let mut interner = Interner::default();
        let a = interner.get_or("ana", |t| Name::from(t));
        let b = interner.get_or("ana", |_| unreachable!());
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "ana");
        assert_eq!("ana", a);
        assert_eq!(a, String::from("ana"));
        assert_eq!(a.len(), 3);
        assert_eq!(format!("{a} {a:?}"), "ana \"ana\"");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"ana\"");
        let sport = interner.get_or("Trail Running", |_| Name::from("run"));
        assert_eq!(sport, "run");
        assert_eq!(interner.get_or("Trail Running", |_| unreachable!()), "run");
    }
}
