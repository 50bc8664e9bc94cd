//! The table reader: one header row and records of the same width, whatever the file format.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use crate::Format;
use crate::csv_read::CsvRows;
use crate::detect::{HEAD_LEN, detect};
use crate::error::{NotATableReason, TableError};
use crate::sheet_read::SheetRows;
use crate::unpack;

/// Upper bounds for what we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_cell_bytes: usize,
    /// XLSX and ODS: what all parts of the zip container may unpack to together. A file may
    /// unpack to at most 100 times its own size (at least 16 MiB), and never more than this.
    pub max_unpacked_bytes: u64,
    /// Rows of a worksheet (XLSX, ODS), counted to the last row with a cell.
    pub max_rows: u64,
    /// Cells of a worksheet (XLSX, ODS), empty ones written in the file included.
    pub max_cells: u64,
}

impl Default for Limits {
    /// 200 MiB per file, 1 MiB per cell; a spreadsheet unpacks to at most 512 MiB and has at
    /// most Excel's 1,048,576 rows and 20 million cells.
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_cell_bytes: 1024 * 1024,
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_rows: 1_048_576,
            max_cells: 20_000_000,
        }
    }
}

/// How a CSV file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `;`, `,`, TAB or `|`.
    pub delimiter: u8,
    /// "UTF-8", "UTF-8 (BOM)", "windows-1252", "UTF-16LE" or "UTF-16BE".
    pub encoding: &'static str,
}

/// One row of the table, as wide as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based physical line (CSV) or row number (spreadsheet) where the record starts.
    pub line: u64,
    pub cells: Vec<String>,
}

/// The bytes of an uploaded file, from disk or from memory.
pub(crate) enum Source {
    File(File),
    Memory(Cursor<Vec<u8>>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::File(f) => f.read(buf),
            Source::Memory(c) => c.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match self {
            Source::File(f) => f.seek(pos),
            Source::Memory(c) => c.seek(pos),
        }
    }
}

enum Rows {
    Csv(Box<CsvRows>),
    Sheet(SheetRows),
}

impl Rows {
    fn next_raw(&mut self) -> Option<Result<(u64, Vec<String>), TableError>> {
        match self {
            Rows::Csv(rows) => rows.next_raw(),
            Rows::Sheet(rows) => rows.next_raw(),
        }
    }
}

/// A table being read, row by row. CSV is streamed in constant memory, and so is an XLSX
/// sheet (on a thread of its own); an ODS sheet is loaded by calamine and converted row by
/// row. A spreadsheet is first checked against the bounds in [`Limits`]: what its parts unpack
/// to, its rows and its cells.
///
/// The header is the first row with a filled cell; empty header cells at the end are dropped.
/// Every record is as wide as the header: short rows are padded with empty strings, empty
/// cells beyond the header are dropped, and completely empty rows are skipped. Cell text is
/// kept as it is (not trimmed, not interpreted).
///
/// An error about one row ([`TableError::is_fatal`] is false) is yielded in its place and
/// reading continues; after any other error the iterator ends.
pub struct TableReader {
    format: Format,
    dialect: Option<Dialect>,
    headers: Vec<String>,
    rows: Rows,
    finished: bool,
}

impl TableReader {
    /// Opens a file; `file_name_hint` (else the path's file name) only decides between XLSX
    /// and ODS when the content does not.
    pub fn open(path: &Path, file_name_hint: Option<&str>, limits: Limits) -> Result<TableReader, TableError> {
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        if size > limits.max_file_bytes {
            return Err(TableError::TooLarge {
                limit_bytes: limits.max_file_bytes,
            });
        }
        let path_name = path.file_name().and_then(|n| n.to_str());
        TableReader::from_source(Source::File(file), size, file_name_hint.or(path_name), limits)
    }

    /// Reads a file held in memory, by the same rules as [`TableReader::open`].
    pub fn from_bytes(bytes: Vec<u8>, file_name_hint: Option<&str>, limits: Limits) -> Result<TableReader, TableError> {
        let size = bytes.len() as u64;
        if size > limits.max_file_bytes {
            return Err(TableError::TooLarge {
                limit_bytes: limits.max_file_bytes,
            });
        }
        TableReader::from_source(Source::Memory(Cursor::new(bytes)), size, file_name_hint, limits)
    }

    fn from_source(
        mut source: Source,
        size: u64,
        file_name: Option<&str>,
        limits: Limits,
    ) -> Result<TableReader, TableError> {
        let head = read_head(&mut source)?;
        let format = detect(file_name, &head)?;
        source.seek(SeekFrom::Start(0))?;
        let (rows, dialect) = match format {
            Format::Csv => {
                let rows = CsvRows::new(source, &head, size, limits)?;
                let dialect = rows.dialect();
                (Rows::Csv(Box::new(rows)), Some(dialect))
            }
            Format::Xlsx | Format::Ods => {
                unpack::check(&mut source, size, format, &limits)?;
                source.seek(SeekFrom::Start(0))?;
                let rows = match source {
                    Source::File(f) => SheetRows::open(format, BufReader::new(f), limits)?,
                    Source::Memory(c) => SheetRows::open(format, c, limits)?,
                };
                (Rows::Sheet(rows), None)
            }
        };
        let mut reader = TableReader {
            format,
            dialect,
            headers: Vec::new(),
            rows,
            finished: false,
        };
        reader.headers = reader.read_header()?;
        Ok(reader)
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// How the CSV file was written; `None` for spreadsheets.
    pub fn dialect(&self) -> Option<Dialect> {
        self.dialect
    }

    /// The header row, each name trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// For a progress bar: bytes read and file size for CSV, rows read and rows in the sheet
    /// for spreadsheets.
    pub fn progress(&self) -> (u64, u64) {
        match &self.rows {
            Rows::Csv(rows) => rows.progress(),
            Rows::Sheet(rows) => rows.progress(),
        }
    }

    fn read_header(&mut self) -> Result<Vec<String>, TableError> {
        loop {
            let (_, cells) = match self.rows.next_raw() {
                None => {
                    return Err(TableError::NotATable {
                        reason: NotATableReason::Empty,
                    });
                }
                Some(raw) => raw?,
            };
            let mut headers: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
            while headers.last().is_some_and(String::is_empty) {
                headers.pop();
            }
            if headers.is_empty() {
                continue;
            }
            check_headers(&headers)?;
            return Ok(headers);
        }
    }

    /// Fits a raw row to the header, or says why it does not fit; `None` for an empty row.
    fn shape(&self, line: u64, mut cells: Vec<String>) -> Option<Result<Record, TableError>> {
        let filled = cells.iter().rposition(|c| !c.trim().is_empty())? + 1;
        let width = self.headers.len();
        if filled > width {
            return Some(Err(TableError::RowTooLong {
                line,
                cells: filled,
                headers: width,
            }));
        }
        cells.resize(width, String::new());
        Some(Ok(Record { line, cells }))
    }
}

fn check_headers(headers: &[String]) -> Result<(), TableError> {
    let mut seen: Vec<String> = Vec::with_capacity(headers.len());
    for (i, name) in headers.iter().enumerate() {
        if name.is_empty() {
            return Err(TableError::EmptyHeader { column: i + 1 });
        }
        let folded = name.to_lowercase();
        if seen.contains(&folded) {
            return Err(TableError::DuplicateHeader {
                column: i + 1,
                name: name.clone(),
            });
        }
        seen.push(folded);
    }
    Ok(())
}

fn read_head(source: &mut Source) -> Result<Vec<u8>, TableError> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    source.by_ref().take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

impl std::fmt::Debug for TableReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableReader")
            .field("format", &self.format)
            .field("dialect", &self.dialect)
            .field("headers", &self.headers)
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl Iterator for TableReader {
    type Item = Result<Record, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.rows.next_raw() {
                None => self.finished = true,
                Some(Err(e)) => {
                    self.finished = e.is_fatal();
                    return Some(Err(e));
                }
                Some(Ok((line, cells))) => {
                    if let Some(record) = self.shape(line, cells) {
                        return Some(record);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    type Outcome = (Vec<String>, Vec<Result<Record, TableError>>);

    fn read(text: &str) -> Result<Outcome, TableError> {
        let reader = TableReader::from_bytes(text.as_bytes().to_vec(), None, Limits::default())?;
        let headers = reader.headers().to_vec();
        Ok((headers, reader.collect()))
    }

    #[test]
    fn a_reader_can_move_to_a_reading_thread() {
        fn send<T: Send>() {}
        send::<TableReader>();
    }

    #[test]
    fn lines_are_counted_for_every_kind_of_line_end() {
        for (text, lines) in [
            ("a;b\n1;2\n\n3;4\n", [2, 4]),
            ("a;b\r\n1;2\r\n\r\n3;4\r\n", [2, 4]),
            ("a;b\r1;2\r\r3;4\r", [2, 4]),
            ("a;b\n\"1\r\n\";2\n3;4", [2, 4]),
        ] {
            let (_, rows) = read(text).unwrap();
            let found: Vec<u64> = rows.into_iter().map(|r| r.unwrap().line).collect();
            assert_eq!(found, lines, "{text:?}");
        }
    }

    #[test]
    fn short_rows_are_padded_and_trailing_empty_cells_dropped() {
        let (headers, rows) = read("naam;plaats;\n\nA\n;;\nB;Zwolle;;\n").unwrap();
        assert_eq!(headers, ["naam", "plaats"]);
        let rows: Vec<Record> = rows.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            rows,
            [
                Record {
                    line: 3,
                    cells: vec!["A".into(), String::new()]
                },
                Record {
                    line: 5,
                    cells: vec!["B".into(), "Zwolle".into()]
                },
            ]
        );
    }

    #[test]
    fn headers_are_trimmed_and_must_be_unique_and_filled() {
        assert_eq!(read(" a ; b \n1;2\n").unwrap().0, ["a", "b"]);
        assert_eq!(
            read("a;B;b\n").err(),
            Some(TableError::DuplicateHeader {
                column: 3,
                name: "b".into()
            })
        );
        assert_eq!(read("a;;c\n").err(), Some(TableError::EmptyHeader { column: 2 }));
    }

    #[test]
    fn a_long_row_is_refused_and_reading_goes_on() {
        let (_, rows) = read("a;b\n1;2;3\n4;5\n").unwrap();
        assert_eq!(
            rows[0],
            Err(TableError::RowTooLong {
                line: 2,
                cells: 3,
                headers: 2
            })
        );
        assert_eq!(rows[1].as_ref().map(|r| r.line), Ok(3));
    }
}
