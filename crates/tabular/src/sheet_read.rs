//! XLSX and ODS through calamine: the first worksheet, with every cell turned into the text a
//! person sees in it.
//!
//! An XLSX sheet is streamed cell by cell on a thread of its own, with bounds on rows, cells and
//! text; an ODS sheet is loaded whole by calamine (it has no streaming reader), after
//! [`crate::unpack`] has made sure it is small enough to load.

use std::io::{Read, Seek};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use crate::detect::Format;
use crate::error::{NotATableReason, TableError};
use crate::reader::Limits;
use crate::unpack::MAX_TEXT;

type RawRow = Result<(u64, Vec<String>), TableError>;

/// The detail of the error a table ends with when the XLSX reader panicked.
pub(crate) const PANICKED: &str = "the XLSX reader stopped unexpectedly";

/// Raw rows of the first worksheet.
pub(crate) enum SheetRows {
    /// Rows streamed by the reading thread; `first_row` and `height` come from the sheet's
    /// declared dimension, for the progress only.
    Xlsx {
        rows: Receiver<RawRow>,
        first_row: u64,
        height: u64,
        last_line: u64,
    },
    /// An ODS sheet, loaded whole by calamine and converted row by row.
    Ods {
        range: Range<Data>,
        next: usize,
        max_cell_bytes: usize,
    },
}

/// What the reading thread sends first: the sheet's first row and height, or why it cannot be
/// read.
type Opened = Result<(u64, u64), TableError>;

impl SheetRows {
    pub(crate) fn open<RS: Read + Seek + Send + 'static>(
        format: Format,
        source: RS,
        limits: Limits,
    ) -> Result<SheetRows, TableError> {
        if format == Format::Ods {
            let mut workbook: Ods<RS> = Ods::new(source).map_err(ods_error)?;
            let range = first_worksheet(&mut workbook).map_err(ods_error)?;
            return Ok(SheetRows::Ods {
                range: range.ok_or(TableError::NotATable {
                    reason: NotATableReason::NoWorksheet,
                })?,
                next: 0,
                max_cell_bytes: limits.max_cell_bytes,
            });
        }
        let (opened_tx, opened_rx) = sync_channel::<Opened>(1);
        let (rows_tx, rows_rx) = sync_channel::<RawRow>(256);
        std::thread::Builder::new().name("xlsx-reader".into()).spawn(move || {
            let streamed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                stream_xlsx(source, limits, &opened_tx, &rows_tx);
            }));
            if streamed.is_err() {
                // Never seen (the fuzz tests look for it), but a table must not end quietly.
                let broken = || TableError::Io(PANICKED.into());
                let _ = opened_tx.try_send(Err(broken()));
                let _ = rows_tx.send(Err(broken()));
            }
        })?;
        let (first_row, height) = opened_rx.recv().map_err(|_| TableError::Truncated { line: None })??;
        Ok(SheetRows::Xlsx {
            rows: rows_rx,
            first_row,
            height,
            last_line: first_row,
        })
    }

    /// Rows handed out so far, and rows in the sheet.
    pub(crate) fn progress(&self) -> (u64, u64) {
        match self {
            SheetRows::Xlsx {
                first_row,
                height,
                last_line,
                ..
            } => {
                let done = last_line - first_row;
                (done, done.max(*height))
            }
            SheetRows::Ods { range, next, .. } => (*next as u64, range.height() as u64),
        }
    }

    pub(crate) fn next_raw(&mut self) -> Option<RawRow> {
        match self {
            SheetRows::Xlsx { rows, last_line, .. } => {
                let row = rows.recv().ok()?;
                if let Ok((line, _)) | Err(TableError::CellTooLarge { line, .. } | TableError::CellError { line, .. }) =
                    &row
                {
                    *last_line = (*last_line).max(*line);
                }
                Some(row)
            }
            SheetRows::Ods {
                range,
                next,
                max_cell_bytes,
            } => {
                let index = *next;
                let row = range.rows().nth(index)?;
                *next += 1;
                let (first_row, _) = range.start().unwrap_or((0, 0));
                let line = u64::from(first_row) + index as u64 + 1;
                let mut cells = Vec::with_capacity(row.len());
                for (i, data) in row.iter().enumerate() {
                    match checked_text(data, line, i + 1, *max_cell_bytes) {
                        Ok(text) => cells.push(text),
                        Err(e) => return Some(Err(e)),
                    }
                }
                Some(Ok((line, cells)))
            }
        }
    }
}

/// The text of a cell, refused when it is a formula error or larger than a cell may be.
fn checked_text(data: &Data, line: u64, column: usize, max_cell_bytes: usize) -> Result<String, TableError> {
    match cell_text(data) {
        Ok(text) if text.len() > max_cell_bytes => Err(TableError::CellTooLarge { line, column }),
        Ok(text) => Ok(text),
        Err(value) => Err(TableError::CellError { line, column, value }),
    }
}

/// Reads the first worksheet of an XLSX cell by cell and sends it row by row, until the
/// receiver hangs up or a bound is crossed.
fn stream_xlsx<RS: Read + Seek>(source: RS, limits: Limits, opened: &SyncSender<Opened>, rows: &SyncSender<RawRow>) {
    let mut workbook: Xlsx<RS> = match Xlsx::new(source) {
        Ok(w) => w,
        Err(e) => {
            let _ = opened.send(Err(xlsx_error(e)));
            return;
        }
    };
    let Some(name) = first_worksheet_name(&workbook) else {
        let _ = opened.send(Err(TableError::NotATable {
            reason: NotATableReason::NoWorksheet,
        }));
        return;
    };
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => {
            let _ = opened.send(Err(TableError::NotATable {
                reason: NotATableReason::NoWorksheet,
            }));
            return;
        }
        Err(e) => {
            let _ = opened.send(Err(xlsx_error(e)));
            return;
        }
    };
    let dimensions = reader.dimensions();
    let (first_row, first_col) = dimensions.start;
    let height = u64::from(dimensions.end.0.saturating_sub(first_row)) + 1;
    if opened.send(Ok((u64::from(first_row), height))).is_err() {
        return;
    }
    let mut row = RowBuilder::new(u64::from(first_col), limits);
    let mut cells = 0u64;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                let _ = rows.send(Err(xlsx_error(e)));
                return;
            }
        };
        cells += 1;
        if cells > limits.max_cells {
            let _ = rows.send(Err(TableError::TooManyCells {
                limit: limits.max_cells,
            }));
            return;
        }
        let (r, c) = cell.get_position();
        let line = u64::from(r) + 1;
        if line > limits.max_rows {
            let _ = rows.send(Err(TableError::TooManyRows { limit: limits.max_rows }));
            return;
        }
        if line != row.line {
            if line < row.line {
                // Rows out of order: a damaged file.
                let _ = rows.send(Err(TableError::Truncated { line: None }));
                return;
            }
            if let Some(done) = row.take() {
                let fatal = done.as_ref().is_err_and(TableError::is_fatal);
                if rows.send(done).is_err() || fatal {
                    return;
                }
            }
            row.line = line;
        }
        row.add(u64::from(c), cell.get_value().clone());
    }
    if let Some(done) = row.take() {
        let _ = rows.send(done);
    }
}

/// The row being put together from its cells.
struct RowBuilder {
    line: u64,
    first_col: u64,
    cells: Vec<String>,
    error: Option<TableError>,
    limits: Limits,
    /// Text handed out so far, this row included.
    text: u64,
}

impl RowBuilder {
    fn new(first_col: u64, limits: Limits) -> RowBuilder {
        RowBuilder {
            line: 0,
            first_col,
            cells: Vec::new(),
            error: None,
            limits,
            text: 0,
        }
    }

    fn add(&mut self, col: u64, value: DataRef<'_>) {
        if self.error.is_some() || matches!(value, DataRef::Empty) {
            return;
        }
        let line = self.line;
        // A cell left of the sheet's declared first column: the file contradicts itself.
        let Some(index) = col.checked_sub(self.first_col) else {
            self.error = Some(TableError::Truncated { line: None });
            return;
        };
        let column = index as usize + 1;
        if let DataRef::SharedString(s) = value
            && s.len() > self.limits.max_cell_bytes
        {
            self.error = Some(TableError::CellTooLarge { line, column });
            return;
        }
        let text = match checked_text(&Data::from(value), line, column, self.limits.max_cell_bytes) {
            Ok(text) => text,
            Err(e) => {
                self.error = Some(e);
                return;
            }
        };
        self.text += text.len() as u64;
        if self.text > MAX_TEXT {
            self.error = Some(TableError::Unpacked { limit_bytes: MAX_TEXT });
            return;
        }
        if self.cells.len() < column {
            self.cells.resize(column, String::new());
        }
        self.cells[index as usize] = text;
    }

    /// The finished row, if it had any cells; the builder is ready for the next row.
    fn take(&mut self) -> Option<RawRow> {
        let error = self.error.take();
        let cells = std::mem::take(&mut self.cells);
        if let Some(e) = error {
            return Some(Err(e));
        }
        (!cells.is_empty()).then_some(Ok((self.line, cells)))
    }
}

/// The first visible worksheet (chart sheets and macro sheets hold no table), else the first.
fn first_worksheet_name<RS: Read + Seek, R: Reader<RS>>(workbook: &R) -> Option<String> {
    let sheets = workbook.sheets_metadata();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
}

fn first_worksheet<RS: Read + Seek, R: Reader<RS>>(workbook: &mut R) -> Result<Option<Range<Data>>, R::Error> {
    match first_worksheet_name(workbook) {
        Some(name) => workbook.worksheet_range(&name).map(Some),
        None => Ok(None),
    }
}

fn xlsx_error(e: XlsxError) -> TableError {
    match e {
        XlsxError::Io(e) => TableError::Io(e.to_string()),
        XlsxError::Password => TableError::NotATable {
            reason: NotATableReason::LegacyExcel,
        },
        XlsxError::FileNotFound(_) => TableError::NotATable {
            reason: NotATableReason::Binary,
        },
        _ => TableError::Truncated { line: None },
    }
}

fn ods_error(e: OdsError) -> TableError {
    match e {
        OdsError::Io(e) => TableError::Io(e.to_string()),
        OdsError::Password => TableError::NotATable {
            reason: NotATableReason::LegacyExcel,
        },
        OdsError::InvalidMime(_) | OdsError::FileNotFound(_) => TableError::NotATable {
            reason: NotATableReason::Binary,
        },
        _ => TableError::Truncated { line: None },
    }
}

/// The text a person sees in the cell: integers without ".0", other numbers with a decimal
/// point and at most 15 significant digits (as Excel shows them), dates as ISO `YYYY-MM-DD`
/// (`YYYY-MM-DDTHH:MM:SS` with a time of day), times and durations as `H:MM:SS`, booleans as
/// `true`/`false`. A formula error is returned as `Err` with its code, such as `#DIV/0!`.
pub(crate) fn cell_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_datetime_text(dt),
        Data::DateTimeIso(s) => iso_datetime_text(s),
        Data::DurationIso(s) => iso_duration_text(s),
        Data::Error(e) => return Err(e.to_string()),
    })
}

fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // Round to the 15 significant digits Excel shows, so 0.1 + 0.2 reads as 0.3.
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown == 0.0 {
        "0".to_owned()
    } else {
        format!("{shown}")
    }
}

fn excel_datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        return clock_text((serial * 86_400.0).round() as i64);
    }
    let (year, month, day, hour, minute, second, _) = dt.to_ymd_hms_milli();
    if (hour, minute, second) == (0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
    }
}

/// `H:MM:SS`, hours not wrapped at 24 (a duration of 30 hours reads 30:00:00).
fn clock_text(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// ODS dates: `2023-02-21` stays, `2023-02-21T00:00:00` loses its empty time, fractions of a
/// second are dropped.
fn iso_datetime_text(s: &str) -> String {
    let Some((date, time)) = s.split_once('T') else {
        return s.to_owned();
    };
    let time = time.get(..8).unwrap_or(time);
    if time == "00:00:00" {
        date.to_owned()
    } else {
        format!("{date}T{time}")
    }
}

/// ODS times and durations such as `PT10H30M00S` (or `PT10H30M00.5S`) as `10:30:00`.
fn iso_duration_text(s: &str) -> String {
    let Some(rest) = s.strip_prefix("PT") else {
        return s.to_owned();
    };
    let (mut hours, mut minutes, mut seconds) = (0f64, 0f64, 0f64);
    let mut number = String::new();
    for c in rest.chars() {
        let slot = match c {
            'H' => &mut hours,
            'M' => &mut minutes,
            'S' => &mut seconds,
            _ => {
                number.push(c);
                continue;
            }
        };
        match number.parse::<f64>() {
            Ok(n) => *slot = n,
            Err(_) => return s.to_owned(),
        }
        number.clear();
    }
    if !number.is_empty() {
        return s.to_owned();
    }
    clock_text((hours * 3600.0 + minutes * 60.0 + seconds).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_a_person_sees_them() {
        assert_eq!(number_text(1234567.0), "1234567");
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-12.5), "-12.5");
        assert_eq!(number_text(1e-7), "0.0000001");
        assert_eq!(cell_text(&Data::Int(8012)), Ok("8012".to_owned()));
        assert_eq!(cell_text(&Data::Bool(true)), Ok("true".to_owned()));
    }

    #[test]
    fn dates_read_as_iso() {
        let date = ExcelDateTime::new(44978.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(excel_datetime_text(&date), "2023-02-21");
        let moment = ExcelDateTime::new(44978.4375, ExcelDateTimeType::DateTime, false);
        assert_eq!(excel_datetime_text(&moment), "2023-02-21T10:30:00");
        let time = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(excel_datetime_text(&time), "12:00:00");
        let duration = ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(excel_datetime_text(&duration), "30:00:00");
        assert_eq!(iso_datetime_text("2023-02-21"), "2023-02-21");
        assert_eq!(iso_datetime_text("2023-02-21T00:00:00"), "2023-02-21");
        assert_eq!(iso_datetime_text("2023-02-21T10:30:00.250"), "2023-02-21T10:30:00");
        assert_eq!(iso_duration_text("PT10H30M00S"), "10:30:00");
        assert_eq!(iso_duration_text("PT10H30M00.4S"), "10:30:00");
        assert_eq!(iso_duration_text("P1D"), "P1D");
    }
}
