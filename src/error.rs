//! Error types of the library. Every error names what the user has to fix: the file,
//! the physical line (header = line 1), the column, the value, and what was expected.

use std::path::PathBuf;

/// Library result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// One cell of one row holds a value that is not what the column expects.
    #[error("{}:{line}: column {}: {} {expected}", path.display(), shortened(column), shown(value))]
    Field {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        expected: String,
    },
    /// A problem with a whole line (wrong number of fields, bad bytes, ...).
    #[error("{}:{line}: {message}", path.display())]
    Line { path: PathBuf, line: u64, message: String },
    /// A problem with the whole file (empty, no rows, missing column, ...).
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// The configuration file is not valid.
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    /// The request cannot be answered from this data (unknown athlete, empty range, ...).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Values and names longer than this are cut short in messages.
const MAX_CHARS: usize = 60;

/// A column name as written in a message: whole unless too long to read (a header
/// cell can hold anything, a whole file's worth of text included).
pub(crate) fn shortened(name: &str) -> std::borrow::Cow<'_, str> {
    if name.chars().count() <= MAX_CHARS {
        name.into()
    } else {
        format!("{}...", name.chars().take(MAX_CHARS).collect::<String>()).into()
    }
}

/// Quote a value for an error message, shortening values too long to read.
pub(crate) fn shown(value: &str) -> String {
    if value.chars().count() <= MAX_CHARS {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX_CHARS).collect();
        format!("{head:?}... ({} bytes)", value.len())
    }
}

/// For writers that report through `std::io::Error` (a report streamed to a file)
/// when reading a history fails part-way.
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        std::io::Error::other(error)
    }
}
