//! Where output goes: stdout (buffered), or a file written atomically; and in which
//! format, from `--format` or the file's extension.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, bail};
use clap::ValueEnum;

/// The file `-o PATH` names: none for `-`, which is stdout (the usual convention).
pub fn named_file(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| *p != Path::new("-"))
}

/// Write through `fill` to `path` atomically, or to stdout when `path` is `None` or `-`.
pub fn emit(path: Option<&Path>, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    match named_file(path) {
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

/// The output format: `--format` when given, else the one the extension of `-o FILE`
/// names, else `default` (stdout, or a folder: writing to it fails with its own
/// message). `known` maps extensions (lower case, without the dot) to formats. A
/// `--format` that contradicts a known extension is an error, and so is a file whose
/// extension names no format when `--format` is not given.
pub fn format<F: Copy + PartialEq + ValueEnum>(
    explicit: Option<F>,
    path: Option<&Path>,
    known: &[(&str, F)],
    default: F,
) -> Result<F> {
    let Some(path) = named_file(path).filter(|p| !p.is_dir()) else {
        return Ok(explicit.unwrap_or(default));
    };
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let named = extension
        .as_deref()
        .and_then(|e| known.iter().find(|(ext, _)| *ext == e))
        .map(|(_, f)| *f);
    let name = |f: F| {
        f.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    };
    let extensions = |only: Option<F>| {
        let list: Vec<String> = known
            .iter()
            .filter(|(_, f)| only.is_none_or(|o| o == *f))
            .map(|(ext, _)| format!(".{ext}"))
            .collect();
        list.join(", ")
    };
    match (explicit, named) {
        (Some(f), Some(n)) if f != n => bail!(
            "--format {} contradicts the output file {}, whose extension means --format {}; \
             leave --format out, or name the file {}",
            name(f),
            path.display(),
            name(n),
            extensions(Some(f))
        ),
        (Some(f), _) => Ok(f),
        (None, Some(n)) => Ok(n),
        (None, None) => bail!(
            "cannot tell the format of {} from its extension; name the file with one of {} \
             or choose one with --format",
            path.display(),
            extensions(None)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum F {
        Text,
        Json,
    }

    const KNOWN: &[(&str, F)] = &[("txt", F::Text), ("json", F::Json)];

    fn format_of(explicit: Option<F>, path: Option<&str>) -> Result<F> {
        format(explicit, path.map(Path::new), KNOWN, F::Text)
    }

    #[test]
    fn the_format_comes_from_the_flag_then_the_extension_then_the_default() {
        assert_eq!(format_of(None, None).unwrap(), F::Text);
        assert_eq!(format_of(Some(F::Json), None).unwrap(), F::Json);
        assert_eq!(format_of(None, Some("out/r.JSON")).unwrap(), F::Json);
        assert_eq!(format_of(Some(F::Json), Some("r.json")).unwrap(), F::Json);
        assert_eq!(format_of(Some(F::Json), Some("r.out")).unwrap(), F::Json);
        // A folder: the write says what is wrong with it.
        let folder = std::env::temp_dir();
        assert_eq!(format(None, Some(folder.as_path()), KNOWN, F::Text).unwrap(), F::Text);
        let clash = format_of(Some(F::Text), Some("r.json")).unwrap_err().to_string();
        assert_eq!(
            clash,
            "--format text contradicts the output file r.json, whose extension means --format json; \
             leave --format out, or name the file .txt"
        );
        for path in ["r.out", "r", ".json.bak"] {
            let unknown = format_of(None, Some(path)).unwrap_err().to_string();
            assert!(
                unknown.contains("name the file with one of .txt, .json or choose one with --format"),
                "{unknown}"
            );
        }
    }
}
