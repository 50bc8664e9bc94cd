//! Writing tables for people to open in Excel: CSV the way Dutch Excel reads it, and XLSX with
//! typed cells.

use std::io::{self, Write};

use middenveld_domain::Date;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, Worksheet, XlsxError};

use crate::detect::Format;
use crate::error::TableError;
use crate::reader::Dialect;

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// Money in euro cents, written as euros with two decimals.
    Cents(i64),
    Date(Date),
    Bool(bool),
}

/// How to write CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub delimiter: u8,
    /// Start with a UTF-8 byte order mark, so Excel reads the file as UTF-8.
    pub bom: bool,
}

impl Default for CsvOptions {
    /// `;` and a byte order mark: what Dutch Excel opens with a double click.
    fn default() -> Self {
        CsvOptions {
            delimiter: b';',
            bom: true,
        }
    }
}

/// Writes a header and rows as CSV: UTF-8 (with a byte order mark by default), CRLF line ends,
/// quotes only where needed. Dates are written as `dd-mm-yyyy`; money as `1234,56` when the
/// delimiter is `;` (Dutch Excel) and `1234.56` otherwise. Text that a spreadsheet would take
/// for a formula (starting with `=`, `+`, `-`, `@`, TAB or CR) gets a leading `'`, except plain
/// numbers such as `-12,50` that cannot hide a formula.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    decimal_comma: bool,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the file; writes the byte order mark when asked.
    pub fn new(mut w: W, opts: CsvOptions) -> io::Result<CsvWriter<W>> {
        if opts.bom {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        let inner = csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(w);
        Ok(CsvWriter {
            inner,
            decimal_comma: opts.delimiter == b';',
        })
    }

    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        let record = names.iter().map(|name| neutralise_formula(name).into_owned());
        self.inner.write_record(record).map_err(io::Error::from)
    }

    pub fn row(&mut self, cells: &[Cell]) -> io::Result<()> {
        let decimal_separator = if self.decimal_comma { ',' } else { '.' };
        let record = cells.iter().map(|cell| cell_text(cell, decimal_separator));
        self.inner.write_record(record).map_err(io::Error::from)
    }

    /// Flushes and hands back the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

fn cell_text(cell: &Cell, decimal_separator: char) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => neutralise_formula(text).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Cents(cents) => euros_text(*cents, decimal_separator),
        Cell::Date(date) => date.dutch(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// `123456` cents as `1234,56` (or with another decimal separator), no thousands separators.
fn euros_text(cents: i64, decimal_separator: char) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}{decimal_separator}{:02}", abs / 100, abs % 100)
}

/// Prefixes `'` to text a spreadsheet would evaluate as a formula (OWASP "CSV injection").
fn neutralise_formula(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// An optional sign, digits, and at most one decimal separator followed by digits.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// Writes one worksheet with typed cells: dates as real dates shown `dd-mm-yyyy`, money as
/// numbers shown `€ #,##0.00`, integers and booleans as such, text always as text (never as a
/// formula, whatever it starts with). The header row is bold, frozen and has an autofilter;
/// columns are as wide as their content, within limits. The sheet name is made valid for
/// Excel (forbidden characters replaced, at most 31 characters).
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>, TableError> {
    // Constant-memory mode: rows go to a temporary file as they are written, so a million
    // rows do not sit in memory as cell objects. Column widths must therefore be known before
    // the first row; they are measured on the header and the first rows.
    let mut rows = rows.peekable();
    let mut first: Vec<Vec<Cell>> = Vec::new();
    while first.len() < WIDTH_SAMPLE_ROWS {
        match rows.next() {
            Some(r) => first.push(r),
            None => break,
        }
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for cells in &first {
        for (col, cell) in cells.iter().enumerate() {
            if widths.len() <= col {
                widths.resize(col + 1, 0);
            }
            widths[col] = widths[col].max(shown_width(cell));
        }
    }
    let mut workbook = Workbook::new();
    workbook.set_tempdir(std::env::temp_dir()).map_err(xlsx_error)?;
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
    sheet.set_name(valid_sheet_name(sheet_name)).map_err(xlsx_error)?;
    let bold = CellFormat::new().set_bold();
    let date_format = CellFormat::new().set_num_format("dd-mm-yyyy");
    let money_format = CellFormat::new().set_num_format("€ #,##0.00");
    for (col, width) in widths.iter().enumerate() {
        let width = (*width + 2).clamp(8, 60);
        sheet.set_column_width(column(col)?, width as f64).map_err(xlsx_error)?;
    }

    for (col, name) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, column(col)?, *name, &bold)
            .map_err(xlsx_error)?;
    }
    let mut last_row = 0u32;
    for (index, cells) in first.into_iter().chain(rows).enumerate() {
        let row = u32::try_from(index + 1).map_err(|_| too_many_rows())?;
        for (col, cell) in cells.iter().enumerate() {
            let c = column(col)?;
            write_cell(sheet, row, c, cell, &date_format, &money_format).map_err(|e| match e {
                XlsxError::MaxStringLengthExceeded => TableError::CellTooLarge {
                    line: u64::from(row) + 1,
                    column: col + 1,
                },
                other => xlsx_error(other),
            })?;
        }
        last_row = row;
    }

    if !headers.is_empty() {
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        sheet
            .autofilter(0, 0, last_row, column(headers.len() - 1)?)
            .map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Rows measured for the column widths of an XLSX file.
const WIDTH_SAMPLE_ROWS: usize = 200;

/// Roughly how many characters a cell shows, for the column width.
fn shown_width(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(text) => text.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Cell::Int(i) => i.to_string().len(),
        Cell::Cents(c) => euros_text(*c, ',').len() + 4,
        Cell::Date(_) => 10,
        Cell::Bool(_) => 5,
    }
}

/// Writes one cell: text always as text, numbers, money and dates typed.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    date_format: &CellFormat,
    money_format: &CellFormat,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, text.as_str())?;
        }
        Cell::Int(i) => {
            // Beyond 2^53 a spreadsheet number loses digits; such values are identifiers.
            sheet.write_number(row, col, *i as f64)?;
        }
        Cell::Cents(cents) => {
            sheet.write_number_with_format(row, col, *cents as f64 / 100.0, money_format)?;
        }
        Cell::Date(date) => {
            let (y, m, d) = (date.0.year(), u8::from(date.0.month()), date.0.day());
            match u16::try_from(y).ok().map(|y| ExcelDateTime::from_ymd(y, m, d)) {
                Some(Ok(excel)) => {
                    sheet.write_datetime_with_format(row, col, &excel, date_format)?;
                }
                // Before 1900 Excel has no dates; write what it would show.
                _ => {
                    sheet.write_string(row, col, date.dutch())?;
                }
            }
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

fn column(index: usize) -> Result<u16, TableError> {
    u16::try_from(index).map_err(|_| TableError::Io("too many columns for a worksheet".into()))
}

fn too_many_rows() -> TableError {
    TableError::Io("too many rows for a worksheet".into())
}

fn xlsx_error(e: XlsxError) -> TableError {
    match e {
        XlsxError::RowColumnLimitError => too_many_rows(),
        other => TableError::Io(other.to_string()),
    }
}

fn valid_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let cleaned: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_owned();
    if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Blad1".to_owned()
    } else {
        cleaned
    }
}

/// Writes rejected rows back for the person who uploaded them, in the format they uploaded,
/// with the reason in an extra last column: CSV (with the upload's delimiter, always UTF-8
/// with a byte order mark) for CSV, XLSX for XLSX. ODS uploads get XLSX back: we do not write
/// ODS, and every spreadsheet program opens XLSX. Cells are written as text, exactly as read.
/// Returns the bytes and their format.
pub fn write_rejects(
    format: Format,
    dialect: Option<Dialect>,
    headers: &[String],
    error_column: &str,
    rows: &[(Vec<String>, String)],
) -> Result<(Vec<u8>, Format), TableError> {
    let mut all_headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    all_headers.push(error_column);
    let width = headers.len();
    let cells_of = |(cells, error): &(Vec<String>, String)| -> Vec<Cell> {
        let mut row: Vec<Cell> = cells.iter().map(|c| Cell::Text(c.clone())).collect();
        row.resize(width.max(row.len()), Cell::Empty);
        row.push(Cell::Text(error.clone()));
        row
    };
    match format {
        Format::Csv => {
            let opts = CsvOptions {
                delimiter: dialect.map_or(b';', |d| d.delimiter),
                bom: true,
            };
            let mut writer = CsvWriter::new(Vec::new(), opts)?;
            writer.header(&all_headers)?;
            for row in rows {
                writer.row(&cells_of(row))?;
            }
            Ok((writer.finish()?, Format::Csv))
        }
        Format::Xlsx | Format::Ods => {
            let bytes = write_xlsx("Afgewezen", &all_headers, rows.iter().map(cells_of))?;
            Ok((bytes, Format::Xlsx))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_the_decimal_separator_of_the_delimiter() {
        assert_eq!(euros_text(123456, ','), "1234,56");
        assert_eq!(euros_text(-5, '.'), "-0.05");
        assert_eq!(euros_text(14_500_000, ','), "145000,00");
    }

    #[test]
    fn formulas_are_neutralised_but_plain_numbers_are_not() {
        assert_eq!(neutralise_formula("=1+1"), "'=1+1");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("+31 6 12345678"), "'+31 6 12345678");
        assert_eq!(neutralise_formula("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(neutralise_formula("\tx"), "'\tx");
        assert_eq!(neutralise_formula("-12,50"), "-12,50");
        assert_eq!(neutralise_formula("+5"), "+5");
        assert_eq!(neutralise_formula("Coöperatie"), "Coöperatie");
    }

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(valid_sheet_name("Leden [2023]: a/b"), "Leden -2023-- a-b");
        assert_eq!(valid_sheet_name("'"), "Blad1");
        assert_eq!(valid_sheet_name(&"x".repeat(40)).len(), 31);
    }
}
