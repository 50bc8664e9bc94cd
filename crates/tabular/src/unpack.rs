//! Bounds on what a zip-based spreadsheet (XLSX, ODS) unpacks to, checked before calamine
//! reads it: calamine inflates parts without a limit, keeps shared strings and ODS sheets in
//! memory, and trusts the sizes the container declares.
//!
//! Every part is inflated once through a counting reader with a hard limit (declared sizes can
//! lie), and its XML is scanned as it streams past: no stretch between two cells may be larger
//! than [`MAX_SPAN`] (so no single cell, string or run of white space is), the rows and cells
//! are counted, and for ODS the rows and cells its repeat attributes stand for.

use std::io::{BufReader, Read, Seek, SeekFrom};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::detect::Format;
use crate::error::{NotATableReason, TableError};
use crate::reader::Limits;

const MIB: u64 = 1024 * 1024;
/// A container may unpack to this many times its own size ...
const RATIO: u64 = 100;
/// ... or to this much, whichever is more (and never more than `Limits::max_unpacked_bytes`).
const FLOOR: u64 = 16 * MIB;
/// Parts in one container; a workbook has a few dozen.
const MAX_ENTRIES: u64 = 10_000;
/// The shared strings, which calamine holds in memory whole.
pub(crate) const MAX_SHARED_STRINGS: u64 = 64 * MIB;
/// The largest stretch of XML between two cells (or rows, or shared strings): what calamine
/// buffers for one cell or one event at most.
pub(crate) const MAX_SPAN: u64 = 32 * MIB;
/// The text a sheet may hand out in all, counting a string as often as cells refer to it.
pub(crate) const MAX_TEXT: u64 = 256 * MIB;
/// Cells of all sheets of an ODS file, empty ones between filled ones included: calamine
/// expands an ODS sheet into one grid in memory.
const MAX_ODS_CELLS: u64 = 2_000_000;
/// The columns a sheet can have (Excel's XFD).
const MAX_COLUMNS: u64 = 16_384;

/// What the parts of a container of `size` bytes may unpack to together.
pub(crate) fn unpack_limit(size: u64, limits: &Limits) -> u64 {
    size.saturating_mul(RATIO).max(FLOOR).min(limits.max_unpacked_bytes)
}

/// Checks a zip-based spreadsheet against the bounds; the source is left at an unknown
/// position.
pub(crate) fn check<R: Read + Seek>(
    source: &mut R,
    size: u64,
    format: Format,
    limits: &Limits,
) -> Result<(), TableError> {
    let limit = unpack_limit(size, limits);
    check_directory(source, size)?;
    source.seek(SeekFrom::Start(0))?;
    let mut archive = ZipArchive::new(BufReader::new(source)).map_err(zip_error)?;
    let mut unpacked = 0u64;
    let mut cells = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_error)?;
        if entry.encrypted() {
            return Err(TableError::NotATable {
                reason: NotATableReason::LegacyExcel,
            });
        }
        let name = entry.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        let left = limit - unpacked;
        let (part_limit, refusal) = if name.ends_with("sharedstrings.xml") && MAX_SHARED_STRINGS < left {
            (MAX_SHARED_STRINGS, MAX_SHARED_STRINGS)
        } else {
            (left, limit)
        };
        let mut scan = Scan::new(format == Format::Ods && name == "content.xml");
        let mut read = 0u64;
        loop {
            let n = entry.read(&mut buf).map_err(|_| TableError::Truncated { line: None })?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > part_limit {
                return Err(TableError::Unpacked { limit_bytes: refusal });
            }
            scan.feed(&buf[..n])?;
            // Stop at the first row or cell too many, not at the end of the part.
            check_counts(&scan.counts, cells, limits)?;
        }
        unpacked += read;
        let counts = scan.finish()?;
        check_counts(&counts, cells, limits)?;
        cells = cells.saturating_add(counts.cells);
        if let Some(ods) = counts.ods {
            if ods.rows > limits.max_rows {
                return Err(TableError::TooManyRows { limit: limits.max_rows });
            }
            let max_cells = limits.max_cells.min(MAX_ODS_CELLS);
            if ods.cells > max_cells {
                return Err(TableError::TooManyCells { limit: max_cells });
            }
            if ods.text > MAX_TEXT {
                return Err(TableError::Unpacked { limit_bytes: MAX_TEXT });
            }
        }
    }
    Ok(())
}

/// Refuses a part with more rows than a sheet may have, or more cells than all sheets together
/// (`cells` counted in the parts before).
fn check_counts(counts: &Counts, cells: u64, limits: &Limits) -> Result<(), TableError> {
    if counts.rows > limits.max_rows {
        return Err(TableError::TooManyRows { limit: limits.max_rows });
    }
    if cells.saturating_add(counts.cells) > limits.max_cells {
        return Err(TableError::TooManyCells {
            limit: limits.max_cells,
        });
    }
    Ok(())
}

/// Refuses a container whose central directory lists more parts than a workbook has, before
/// the zip reader holds them all in memory.
fn check_directory<R: Read + Seek>(source: &mut R, size: u64) -> Result<(), TableError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let tail_len = size.min(22 + 65_535);
    source.seek(SeekFrom::Start(size - tail_len))?;
    let mut tail = Vec::with_capacity(tail_len as usize);
    source.take(tail_len).read_to_end(&mut tail)?;
    let Some(at) = tail.windows(EOCD.len()).rposition(|w| w == EOCD) else {
        return Err(TableError::Truncated { line: None });
    };
    let field = |offset: usize| {
        tail.get(at + offset..at + offset + 2)
            .map_or(u64::MAX, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    // Entries on this disk and in all; 0xFFFF means a ZIP64 count, which no workbook needs.
    if field(8).max(field(10)) > MAX_ENTRIES {
        return Err(TableError::NotATable {
            reason: NotATableReason::Binary,
        });
    }
    Ok(())
}

fn zip_error(e: ZipError) -> TableError {
    match e {
        ZipError::Io(e) => TableError::Io(e.to_string()),
        ZipError::InvalidPassword => TableError::NotATable {
            reason: NotATableReason::LegacyExcel,
        },
        ZipError::UnsupportedArchive(what) if what.contains("assword") => TableError::NotATable {
            reason: NotATableReason::LegacyExcel,
        },
        _ => TableError::Truncated { line: None },
    }
}

/// What one part holds: `row` and `c` elements (XLSX), and for an ODS `content.xml` what its
/// sheets expand to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub rows: u64,
    pub cells: u64,
    pub ods: Option<OdsCounts>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OdsCounts {
    /// The last filled row of any sheet (1-based).
    pub rows: u64,
    /// The grid cells of all sheets, from the first to the last filled row and column.
    pub cells: u64,
    /// Bytes of the XML of filled cells, times how often they are repeated: an upper bound on
    /// the text the grid holds.
    pub text: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    Open,
    /// Inside a start or end tag, maybe inside a quoted attribute value.
    Tag(Option<u8>),
    /// Inside `<!--`, `<![CDATA[` or `<?`, ended by `-->`, `]]>` or `?>`; holds the byte
    /// that is doubled before the `>` (`?` once).
    Special(u8),
}

/// The longest tag we look into; longer tags are only measured.
const TAG_CAPTURE: usize = 512;

/// A streaming scan of one part's XML, byte by byte.
struct Scan {
    state: State,
    pos: u64,
    /// Where the last cell, row or string began.
    boundary: u64,
    tag: Vec<u8>,
    tag_start: u64,
    special_len: u64,
    last2: [u8; 2],
    counts: Counts,
    ods: Option<OdsScan>,
}

impl Scan {
    fn new(ods: bool) -> Scan {
        Scan {
            state: State::Text,
            pos: 0,
            boundary: 0,
            tag: Vec::with_capacity(TAG_CAPTURE),
            tag_start: 0,
            special_len: 0,
            last2: [0, 0],
            counts: Counts::default(),
            ods: ods.then(OdsScan::default),
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), TableError> {
        let mut i = 0;
        while i < bytes.len() {
            if self.state == State::Text {
                // Skip text to the next tag at once.
                match bytes[i..].iter().position(|&b| b == b'<') {
                    None => {
                        self.pos += (bytes.len() - i) as u64;
                        break;
                    }
                    Some(skip) => {
                        i += skip;
                        self.pos += skip as u64;
                    }
                }
            }
            let b = bytes[i];
            self.byte(b)?;
            self.pos += 1;
            i += 1;
        }
        self.check_span(self.pos)
    }

    fn byte(&mut self, b: u8) -> Result<(), TableError> {
        match self.state {
            State::Text => {
                if b == b'<' {
                    self.state = State::Open;
                    self.tag_start = self.pos;
                    self.tag.clear();
                }
            }
            State::Open => match b {
                b'!' => {
                    self.state = State::Special(0);
                    self.special_len = 1;
                    self.last2 = [0, 0];
                }
                b'?' => {
                    self.state = State::Special(b'?');
                    self.special_len = 1;
                    self.last2 = [0, b'?'];
                }
                _ => {
                    self.state = State::Tag(None);
                    self.tag.push(b);
                }
            },
            State::Special(kind) => {
                self.special_len += 1;
                let kind = match kind {
                    0 => match b {
                        b'-' => b'-',
                        b'[' => b']',
                        // A document type declaration, which Office files never have.
                        _ => return Err(TableError::Truncated { line: None }),
                    },
                    k => k,
                };
                self.state = State::Special(kind);
                let ended = b == b'>'
                    && match kind {
                        b'-' => self.last2 == [b'-', b'-'] && self.special_len >= 6,
                        b']' => self.last2 == [b']', b']'] && self.special_len >= 11,
                        _ => self.last2[1] == b'?' && self.special_len >= 3,
                    };
                self.last2 = [self.last2[1], b];
                if ended {
                    self.state = State::Text;
                }
            }
            State::Tag(Some(quote)) => {
                if b == quote {
                    self.state = State::Tag(None);
                }
                if self.tag.len() < TAG_CAPTURE {
                    self.tag.push(b);
                }
            }
            State::Tag(None) => {
                if b == b'>' {
                    self.state = State::Text;
                    self.tag_end()?;
                } else {
                    if b == b'"' || b == b'\'' {
                        self.state = State::Tag(Some(b));
                    }
                    if self.tag.len() < TAG_CAPTURE {
                        self.tag.push(b);
                    }
                }
            }
        }
        Ok(())
    }

    fn tag_end(&mut self) -> Result<(), TableError> {
        if self.tag.first() == Some(&b'/') {
            return Ok(());
        }
        let name_len = self
            .tag
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/')
            .unwrap_or(self.tag.len());
        let name = &self.tag[..name_len];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        if matches!(local, b"c" | b"row" | b"dimension") && self.ods.is_none() {
            check_references(&self.tag)?;
        }
        if local == b"s"
            && let Some(ods) = &mut self.ods
        {
            // `<text:s text:c="1000000"/>` stands for that many spaces.
            ods.spaces(repeat(&self.tag, b"text:c="));
        }
        let boundary = matches!(
            local,
            b"c" | b"row" | b"si" | b"table" | b"table-row" | b"table-cell" | b"covered-table-cell"
        );
        if !boundary {
            return Ok(());
        }
        self.check_span(self.tag_start)?;
        let span = self.tag_start - self.boundary;
        self.boundary = self.tag_start;
        match local {
            b"c" => self.counts.cells += 1,
            b"row" => self.counts.rows += 1,
            _ => {}
        }
        if let Some(ods) = &mut self.ods {
            let closed = self.tag.last() == Some(&b'/');
            ods.element(local, &self.tag, closed, span);
        }
        Ok(())
    }

    fn check_span(&self, at: u64) -> Result<(), TableError> {
        if at - self.boundary > MAX_SPAN {
            return Err(TableError::Unpacked { limit_bytes: MAX_SPAN });
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Counts, TableError> {
        self.check_span(self.pos)?;
        if let Some(mut ods) = self.ods.take() {
            ods.span(self.pos - self.boundary);
            ods.table_end();
            self.counts.ods = Some(ods.counts);
        }
        Ok(self.counts)
    }
}

/// Follows an ODS `content.xml` through its sheets, rows and cells, expanding the repeat
/// attributes as calamine does, without holding anything.
#[derive(Debug, Default)]
struct OdsScan {
    counts: OdsCounts,
    // The sheet.
    row: u64,
    first_row: Option<u64>,
    last_row: u64,
    first_col: Option<u64>,
    last_col: u64,
    // The row.
    in_row: bool,
    repeat_rows: u64,
    col: u64,
    row_filled: bool,
    row_text: u64,
    // The cell whose XML is being measured: its column repeat.
    open_cell: Option<u64>,
}

impl OdsScan {
    /// An element that starts a sheet, row or cell; `span` is the XML since the previous one.
    fn element(&mut self, local: &[u8], tag: &[u8], closed: bool, span: u64) {
        self.span(span);
        match local {
            b"table" => {
                self.table_end();
                *self = OdsScan {
                    counts: self.counts,
                    ..OdsScan::default()
                };
            }
            b"table-row" => {
                self.row_end();
                self.in_row = true;
                self.repeat_rows = repeat(tag, b"number-rows-repeated");
            }
            b"table-cell" | b"covered-table-cell" => {
                let columns = repeat(tag, b"number-columns-repeated").min(MAX_COLUMNS);
                let filled = !closed || contains(tag, b"value-type=");
                if filled {
                    self.row_filled = true;
                    self.first_col = Some(self.first_col.map_or(self.col, |c| c.min(self.col)));
                    self.last_col = self.last_col.max(self.col + columns - 1);
                    self.open_cell = Some(columns);
                }
                self.col = (self.col + columns).min(MAX_COLUMNS);
            }
            _ => {}
        }
    }

    /// Spaces written as `<text:s text:c="n"/>` in the open cell.
    fn spaces(&mut self, n: u64) {
        let columns = self.open_cell.unwrap_or(1);
        self.row_text = self.row_text.saturating_add(n.saturating_mul(columns));
    }

    /// The XML of the open cell, counted as often as the cell is repeated.
    fn span(&mut self, span: u64) {
        if let Some(columns) = self.open_cell.take() {
            self.row_text = self.row_text.saturating_add(span.saturating_mul(columns));
        }
    }

    fn row_end(&mut self) {
        if !self.in_row {
            return;
        }
        self.in_row = false;
        self.repeat_rows = self.repeat_rows.max(1);
        if self.row_filled {
            if self.first_row.is_none() {
                self.first_row = Some(self.row);
            }
            self.last_row = self.row + self.repeat_rows - 1;
            self.counts.text = self
                .counts
                .text
                .saturating_add(self.row_text.saturating_mul(self.repeat_rows));
        }
        self.row = self.row.saturating_add(self.repeat_rows);
        self.repeat_rows = 1;
        self.col = 0;
        self.row_filled = false;
        self.row_text = 0;
    }

    fn table_end(&mut self) {
        self.row_end();
        if let Some(first_row) = self.first_row {
            let rows = self.last_row - first_row + 1;
            let columns = self.last_col.saturating_sub(self.first_col.unwrap_or(0)) + 1;
            self.counts.rows = self.counts.rows.max(self.last_row + 1);
            self.counts.cells = self.counts.cells.saturating_add(rows.saturating_mul(columns));
        }
    }
}

/// Refuses XLSX cell references that no sheet has (more than 3 column letters or 7 row
/// digits), which calamine would read with an overflowing number, and cell and row tags too
/// long to look into.
fn check_references(tag: &[u8]) -> Result<(), TableError> {
    let damaged = Err(TableError::Truncated { line: None });
    if tag.len() >= TAG_CAPTURE {
        return damaged;
    }
    for attribute in [&b"r"[..], b"ref"] {
        let Some(value) = attribute_value(tag, attribute) else {
            continue;
        };
        for range in value.split(|&b| b == b' ') {
            let mut corners = Vec::new();
            for reference in range.split(|&b| b == b':') {
                let reference: Vec<u8> = reference.iter().copied().filter(|&b| b != b'$').collect();
                let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
                let digits = reference.len() - letters;
                if letters > 3 || digits > 7 {
                    return damaged;
                }
                corners.push(position(&reference, letters));
            }
            // calamine subtracts the first corner from the last (a sheet's dimension): a range
            // that runs backwards would overflow.
            if let [Some((row1, col1)), Some((row2, col2))] = corners[..]
                && (row2 < row1 || col2 < col1)
            {
                return damaged;
            }
        }
    }
    Ok(())
}

/// The (row, column) of a cell reference whose first `letters` bytes are its column, when it
/// is one (at most 3 letters and 7 digits, so no overflow).
fn position(reference: &[u8], letters: usize) -> Option<(u64, u64)> {
    let (column, row) = reference.split_at(letters);
    if column.is_empty() || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = column
        .iter()
        .fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
    let row = row.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some((row, column))
}

/// The value of an attribute of a captured tag (`name="value"` or `name='value'`).
fn attribute_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(at) = find(&tag[from..], name) {
        let start = from + at;
        let end = start + name.len();
        let before_ok = start > 0 && tag[start - 1].is_ascii_whitespace();
        if before_ok && tag.get(end) == Some(&b'=') {
            let quote = *tag.get(end + 1)?;
            if quote == b'"' || quote == b'\'' {
                let value = &tag[end + 2..];
                let close = value.iter().position(|&b| b == quote).unwrap_or(value.len());
                return Some(&value[..close]);
            }
        }
        from = end;
    }
    None
}

/// A repeat attribute's value (at least 1), or 1.
fn repeat(tag: &[u8], attribute: &[u8]) -> u64 {
    let Some(at) = find(tag, attribute) else {
        return 1;
    };
    let rest = &tag[at + attribute.len()..];
    let digits = rest
        .iter()
        .skip_while(|&&b| b == b'=' || b == b'"' || b == b'\'' || b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit());
    digits
        .fold(0u64, |n, &d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
        .max(1)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn scan(parts: &[&[u8]], ods: bool) -> Result<Counts, TableError> {
        let mut scan = Scan::new(ods);
        for part in parts {
            scan.feed(part)?;
        }
        scan.finish()
    }

    fn padding(len: u64) -> Vec<u8> {
        vec![b' '; len as usize]
    }

    #[test]
    fn cells_and_rows_are_counted_whatever_their_prefix() {
        let xml = br#"<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"/><c r="B1"><v>1</v></c></x:row><row r="2"/></x:sheetData></x:worksheet>"#;
        let counts = scan(&[xml], false).unwrap();
        assert_eq!((counts.rows, counts.cells), (2, 2));
        // Split anywhere, the same.
        for at in 0..xml.len() {
            assert_eq!(scan(&[&xml[..at], &xml[at..]], false), Ok(counts), "split at {at}");
        }
    }

    #[test]
    fn a_stretch_of_xml_between_cells_is_bounded_even_inside_comments_and_quotes() {
        let big = padding(MAX_SPAN + 1);
        let refused = Err(TableError::Unpacked { limit_bytes: MAX_SPAN });
        assert_eq!(scan(&[b"<row>", &big, b"<c/>"], false).map(|_| ()), refused);
        // A `<c>` inside a comment, CDATA, an instruction or an attribute value is no cell.
        for (open, close) in [
            (&b"<!--<c>"[..], &b"-->"[..]),
            (b"<![CDATA[<c>", b"]]>"),
            (b"<?pi <c>", b"?>"),
            (b"<v a=\"<c>", b"\"/>"),
        ] {
            let half = padding(MAX_SPAN / 2 + 1);
            let outcome = scan(&[b"<row>", open, &half, b"<c>", &half, close, b"<c/>"], false);
            assert_eq!(outcome.map(|_| ()), refused, "{}", String::from_utf8_lossy(open));
        }
        let fine = padding(MAX_SPAN / 2);
        assert!(scan(&[b"<row>", &fine, b"<c/>", &fine, b"<c/>"], false).is_ok());
    }

    #[test]
    fn a_document_type_and_overflowing_references_are_refused_as_damaged() {
        let damaged = Err(TableError::Truncated { line: None });
        assert_eq!(scan(&[b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>"], false), damaged);
        assert_eq!(scan(&[br#"<c r="AAAAAAAAA1"/>"#], false), damaged);
        assert_eq!(scan(&[br#"<row r="99999999999"/>"#], false), damaged);
        assert_eq!(scan(&[br#"<dimension ref="A1:XFDD1"/>"#], false), damaged);
        assert_eq!(scan(&[br#"<dimension ref="B2:A1"/>"#], false), damaged);
        assert_eq!(scan(&[br#"<dimension ref="A2:B1"/>"#], false), damaged);
        assert!(scan(&[br#"<dimension ref="A1:A1"/>"#], false).is_ok());
        let long_tag = format!("<c {}r=\"A1\"/>", " ".repeat(TAG_CAPTURE));
        assert_eq!(scan(&[long_tag.as_bytes()], false), damaged);
        assert!(scan(&[br#"<dimension ref="$A$1:XFD1048576"/><c r="XFD1048576"/>"#], false).is_ok());
        assert!(scan(&[br#"<!-- a comment --><c r="A1"/>"#], false).is_ok());
    }

    #[test]
    fn ods_repeats_are_expanded_in_the_count() {
        let content = br#"<table:table table:name="a"><table:table-row table:number-rows-repeated="3"/><table:table-row table:number-rows-repeated="10"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="5"/><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="b"><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        let ods = scan(&[content], true).unwrap().ods.unwrap();
        // Sheet a: rows 4 to 13, columns 3 to 7; sheet b: one cell.
        assert_eq!(ods.rows, 13);
        assert_eq!(ods.cells, 10 * 5 + 1);
        assert!(ods.text > 0);

        // Spaces written as a count are text too.
        let spaces = br#"<table:table><table:table-row table:number-rows-repeated="4"><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>a<text:s text:c="1000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
        let ods = scan(&[spaces], true).unwrap().ods.unwrap();
        assert!(ods.text > 8_000_000, "{}", ods.text);
    }

    #[test]
    fn the_unpacked_bound_follows_the_file_size() {
        let limits = Limits::default();
        assert_eq!(unpack_limit(1000, &limits), FLOOR);
        assert_eq!(unpack_limit(1024 * 1024, &limits), 100 * MIB);
        assert_eq!(unpack_limit(100 * MIB, &limits), limits.max_unpacked_bytes);
    }
}
