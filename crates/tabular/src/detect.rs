//! Telling CSV, XLSX and ODS apart by their first bytes, and refusing what is no table at all.

use crate::error::{NotATableReason, TableError};

/// The file formats we read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
    Ods,
}

impl Format {
    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
        }
    }

    /// MIME type for a download.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }
}

/// How many bytes of a file [`detect`] wants to see; more is harmless, less weakens the guess.
pub const HEAD_LEN: usize = 64 * 1024;

const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const OLE_COMPOUND: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const ODF_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.";

/// Detects the format from the first bytes of a file (see [`HEAD_LEN`]); the file name's
/// extension only decides between XLSX and ODS when the zip container does not say.
///
/// A zip (`PK\x03\x04`) is ODS when its `mimetype` entry says
/// `application/vnd.oasis.opendocument.spreadsheet` (ODF stores it first, uncompressed), and
/// XLSX otherwise. Old binary Excel files, PDFs, images, web pages and other binary files are
/// refused with [`TableError::NotATable`]; any other text is CSV.
pub fn detect(file_name: Option<&str>, head: &[u8]) -> Result<Format, TableError> {
    let refuse = |reason| Err(TableError::NotATable { reason });
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.trim().to_ascii_lowercase());

    if head.is_empty() {
        return refuse(NotATableReason::Empty);
    }
    if head.starts_with(ZIP_LOCAL_HEADER) {
        if contains(head, ODS_MIMETYPE) {
            return Ok(Format::Ods);
        }
        if contains(head, ODF_MIMETYPE)
            || (!contains(head, b"xl/") && (contains(head, b"word/") || contains(head, b"ppt/")))
        {
            return refuse(NotATableReason::OtherDocument);
        }
        return Ok(match extension.as_deref() {
            Some("ods") => Format::Ods,
            _ => Format::Xlsx,
        });
    }
    if head.starts_with(OLE_COMPOUND) {
        return refuse(NotATableReason::LegacyExcel);
    }
    if head.starts_with(b"%PDF") {
        return refuse(NotATableReason::Pdf);
    }
    if is_image(head) {
        return refuse(NotATableReason::Image);
    }
    if utf16_without_bom(head).is_some() || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(Format::Csv);
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return refuse(NotATableReason::Empty);
    }
    if looks_binary(text) {
        return refuse(NotATableReason::Binary);
    }
    if looks_like_markup(text) {
        return refuse(if extension.as_deref() == Some("xls") {
            NotATableReason::LegacyExcel
        } else {
            NotATableReason::Markup
        });
    }
    Ok(Format::Csv)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_image(head: &[u8]) -> bool {
    head.starts_with(b"\x89PNG")
        || head.starts_with(b"\xFF\xD8\xFF")
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || head.starts_with(b"II*\x00")
        || head.starts_with(b"MM\x00*")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
}

/// Text files have no NUL bytes and few control characters; anything else is binary.
fn looks_binary(text: &[u8]) -> bool {
    let sample = &text[..text.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    controls * 20 > sample.len()
}

/// HTML or XML, which Excel writes for "web page" and "XML spreadsheet 2003", often named .xls.
fn looks_like_markup(text: &[u8]) -> bool {
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    if text.get(start) != Some(&b'<') {
        return false;
    }
    let sample: Vec<u8> = text[start..text.len().min(start + 2048)].to_ascii_lowercase();
    [&b"<?xml"[..], b"<html", b"<!doctype html", b"<table", b"<head"]
        .iter()
        .any(|tag| contains(&sample, tag))
}

/// UTF-16 without a byte order mark, recognised by its NUL bytes in every other position
/// (the text we expect is mostly Latin).
pub(crate) fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &head[..head.len().min(1024) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 > pairs * 4 && even_zero * 20 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 > pairs * 4 && odd_zero * 20 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(r: Result<Format, TableError>) -> Option<NotATableReason> {
        match r {
            Err(TableError::NotATable { reason }) => Some(reason),
            _ => None,
        }
    }

    #[test]
    fn text_is_csv_whatever_its_name() {
        assert_eq!(detect(Some("x.xlsx"), b"a;b\n1;2\n"), Ok(Format::Csv));
        assert_eq!(detect(None, b"\xEF\xBB\xBFa,b\r\n"), Ok(Format::Csv));
        assert_eq!(detect(None, b"\xFF\xFEa\x00\t\x00b\x00"), Ok(Format::Csv));
        assert_eq!(detect(None, b"a\x00\t\x00b\x00\r\x00\n\x00"), Ok(Format::Csv));
    }

    #[test]
    fn a_zip_is_ods_when_its_mimetype_says_so_and_xlsx_otherwise() {
        let ods = b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        assert_eq!(detect(Some("x.xlsx"), ods), Ok(Format::Ods));
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00[Content_Types].xml";
        assert_eq!(detect(None, zip), Ok(Format::Xlsx));
        assert_eq!(detect(Some("Leden.ODS"), zip), Ok(Format::Ods));
        let odt = b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text";
        assert_eq!(reason(detect(None, odt)), Some(NotATableReason::OtherDocument));
    }

    #[test]
    fn what_is_no_table_is_refused_with_a_reason() {
        assert_eq!(reason(detect(None, b"")), Some(NotATableReason::Empty));
        assert_eq!(reason(detect(None, b"\n\r\n  ")), Some(NotATableReason::Empty));
        assert_eq!(
            reason(detect(Some("a.xls"), OLE_COMPOUND)),
            Some(NotATableReason::LegacyExcel)
        );
        assert_eq!(reason(detect(None, b"%PDF-1.7\n%\xE2\xE3")), Some(NotATableReason::Pdf));
        assert_eq!(reason(detect(None, b"\x89PNG\r\n\x1a\n")), Some(NotATableReason::Image));
        assert_eq!(
            reason(detect(None, b"\x7FELF\x02\x01\x01\x00\x00\x00")),
            Some(NotATableReason::Binary)
        );
        assert_eq!(reason(detect(None, b"<html><table>")), Some(NotATableReason::Markup));
        assert_eq!(
            reason(detect(Some("x.xls"), b"<html><table>")),
            Some(NotATableReason::LegacyExcel)
        );
    }

    #[test]
    fn formats_name_their_extension_and_content_type() {
        assert_eq!(Format::Xlsx.extension(), "xlsx");
        assert!(Format::Ods.content_type().ends_with("spreadsheet"));
        assert!(Format::Csv.content_type().starts_with("text/csv"));
    }
}
