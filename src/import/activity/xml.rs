//! A budget for XML activity files (GPX, TCX), checked before any XML parser sees them.
//!
//! The parsers are fine with real files but not with hostile ones: the `gpx` crate's
//! XML reader copies its namespace stack at every element, so a document nested a
//! hundred thousand deep (8 KB gzipped) takes minutes, and a tree of millions of tiny
//! elements takes many times the file's size in memory. One linear pass over the bytes
//! counts the elements and their depth first. Real files are 6 to 10 elements deep and
//! have a few hundred thousand elements for a day-long recording at one point a second.

/// Deepest nesting of elements accepted; GPX and TCX need about 10.
pub(crate) const MAX_XML_DEPTH: usize = 64;
/// Most elements accepted in one file: 2 million is about 5 days of one-second track
/// points with heart rate, cadence and temperature.
pub(crate) const MAX_XML_NODES: usize = 2_000_000;
/// Most attributes accepted in one file: a GPX track point has two.
pub(crate) const MAX_XML_ATTRIBUTES: usize = 4_000_000;
/// Most nodes (elements, text, comments) `roxmltree` builds, a second guard.
pub(super) const MAX_TREE_NODES: u32 = 3 * MAX_XML_NODES as u32;

/// `roxmltree` options with the node budget (DTDs stay refused, as by default).
pub(super) fn parsing_options<'input>() -> roxmltree::ParsingOptions<'input> {
    roxmltree::ParsingOptions {
        nodes_limit: MAX_TREE_NODES,
        ..roxmltree::ParsingOptions::default()
    }
}

/// Check the nesting depth and the number of elements of an XML document, without
/// parsing it. Comments, CDATA sections, processing instructions and the DOCTYPE are
/// skipped; quoted attribute values may hold `>`. Malformed XML is left to the parser.
pub(super) fn check_budget(bytes: &[u8]) -> Result<(), String> {
    let (mut depth, mut elements, mut attributes) = (0usize, 0usize, 0usize);
    let mut at = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        at += offset + 1;
        let rest = &bytes[at..];
        let skip_to = |end: &[u8]| find(rest, end).map(|i| i + end.len());
        let skipped = if rest.starts_with(b"!--") {
            skip_to(b"-->")
        } else if rest.starts_with(b"![CDATA[") {
            skip_to(b"]]>")
        } else if rest.starts_with(b"?") {
            skip_to(b"?>")
        } else if rest.starts_with(b"!") {
            // DOCTYPE, maybe with an internal subset in brackets.
            match memchr(b'>', rest) {
                Some(close) if memchr(b'[', &rest[..close]).is_some() => skip_to(b"]>"),
                Some(close) => Some(close + 1),
                None => None,
            }
        } else if rest.starts_with(b"/") {
            depth = depth.saturating_sub(1);
            skip_to(b">")
        } else {
            let Some((end, equals)) = tag_end(rest) else {
                return Ok(());
            };
            elements += 1;
            attributes += equals;
            if attributes > MAX_XML_ATTRIBUTES {
                return Err(format!(
                    "has more than {MAX_XML_ATTRIBUTES} XML attributes; crampless reads at most that many from one file"
                ));
            }
            if elements > MAX_XML_NODES {
                return Err(format!(
                    "has more than {MAX_XML_NODES} XML elements; crampless reads at most that many from one file"
                ));
            }
            if end == 0 || rest[end - 1] != b'/' {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(format!(
                        "has XML elements nested more than {MAX_XML_DEPTH} deep; an activity file needs about 10"
                    ));
                }
            }
            Some(end + 1)
        };
        match skipped {
            Some(length) => at += length,
            None => return Ok(()), // unterminated: the parser will say so
        }
    }
    Ok(())
}

/// The index of the `>` closing a start tag, past quoted attribute values, and the
/// number of attributes (`=` outside quotes).
fn tag_end(tag: &[u8]) -> Option<(usize, usize)> {
    let mut quote = None;
    let mut equals = 0;
    for (i, &b) in tag.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'=') => equals += 1,
            (None, b'>') => return Some((i, equals)),
            _ => {}
        }
    }
    None
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_shapes_pass() {
        let gpx = br#"<?xml version="1.0"?><!-- c <a><b> --><gpx a=">"><trk><trkseg><trkpt lat="1" lon="2"><time>t</time></trkpt><trkpt/></trkseg></trk><![CDATA[<x><y>]]></gpx>"#;
        assert_eq!(check_budget(gpx), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "<gpx>{}{}</gpx>",
            "<a>".repeat(MAX_XML_DEPTH),
            "</a>".repeat(MAX_XML_DEPTH)
        );
        assert!(
            check_budget(deep.as_bytes())
                .unwrap_err()
                .contains("nested more than 64 deep")
        );
        let ok = format!("{}{}", "<a>".repeat(MAX_XML_DEPTH), "</a>".repeat(MAX_XML_DEPTH));
        assert_eq!(check_budget(ok.as_bytes()), Ok(()));
    }

    #[test]
    fn too_many_attributes_are_refused() {
        let one = format!(
            "<p {}/>",
            (0..100).map(|i| format!("a{i}='1'")).collect::<Vec<_>>().join(" ")
        );
        let many = format!("<gpx>{}</gpx>", one.repeat(MAX_XML_ATTRIBUTES / 100 + 1));
        assert!(
            check_budget(many.as_bytes())
                .unwrap_err()
                .contains("more than 4000000 XML attributes")
        );
    }

    #[test]
    fn too_many_elements_are_refused() {
        let many = format!("<gpx>{}</gpx>", "<p/>".repeat(MAX_XML_NODES));
        assert!(
            check_budget(many.as_bytes())
                .unwrap_err()
                .contains("more than 2000000 XML elements")
        );
    }
}
