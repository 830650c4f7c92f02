//! Where output goes: stdout (buffered), or a file written atomically.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;

/// Write through `fill` to `path` atomically, or to stdout when `path` is `None`.
pub fn emit(path: Option<&Path>, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    match path {
        Some(path) => crampless::atomic::write_with(path, fill)?,
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            fill(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Whether `error` is a broken pipe (e.g. `crampless check big.csv | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<crampless::Error>().is_some_and(
                |e| matches!(e, crampless::Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe),
            )
    })
}
