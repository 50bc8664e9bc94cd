//! XLSX and ODS through calamine: the first worksheet, with every cell turned into the text a
//! person sees in it.

use std::io::{Read, Seek};

use calamine::{Data, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xlsx, XlsxError};

use crate::detect::Format;
use crate::error::{NotATableReason, TableError};

/// Raw rows of the first worksheet, loaded whole by calamine and converted row by row.
pub(crate) struct SheetRows {
    range: Range<Data>,
    next: usize,
    max_cell_bytes: usize,
}

impl SheetRows {
    pub(crate) fn open<RS: Read + Seek>(
        format: Format,
        source: RS,
        max_cell_bytes: usize,
    ) -> Result<SheetRows, TableError> {
        let range = match format {
            Format::Ods => {
                let mut workbook: Ods<RS> = Ods::new(source).map_err(ods_error)?;
                first_worksheet(&mut workbook).map_err(ods_error)?
            }
            _ => {
                let mut workbook: Xlsx<RS> = Xlsx::new(source).map_err(xlsx_error)?;
                first_worksheet(&mut workbook).map_err(xlsx_error)?
            }
        };
        Ok(SheetRows {
            range: range.ok_or(TableError::NotATable {
                reason: NotATableReason::NoWorksheet,
            })?,
            next: 0,
            max_cell_bytes,
        })
    }

    /// Rows handed out so far, and rows in the sheet.
    pub(crate) fn progress(&self) -> (u64, u64) {
        (self.next as u64, self.range.height() as u64)
    }

    pub(crate) fn next_raw(&mut self) -> Option<Result<(u64, Vec<String>), TableError>> {
        let index = self.next;
        let row = self.range.rows().nth(index)?;
        self.next += 1;
        let (first_row, _) = self.range.start().unwrap_or((0, 0));
        let line = u64::from(first_row) + index as u64 + 1;
        let mut cells = Vec::with_capacity(row.len());
        for (i, data) in row.iter().enumerate() {
            let text = cell_text(data).map_err(|value| TableError::CellError {
                line,
                column: i + 1,
                value,
            });
            match text {
                Ok(text) if text.len() > self.max_cell_bytes => {
                    return Some(Err(TableError::CellTooLarge { line, column: i + 1 }));
                }
                Ok(text) => cells.push(text),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok((line, cells)))
    }
}

/// The first visible worksheet (chart sheets and macro sheets hold no table), else the first.
fn first_worksheet<RS: Read + Seek, R: Reader<RS>>(workbook: &mut R) -> Result<Option<Range<Data>>, R::Error> {
    let sheets = workbook.sheets_metadata();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    let chosen = worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone());
    match chosen {
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
