//! What can go wrong when reading or writing a table, told to the person who uploaded it.

use std::fmt;

use middenveld_domain::Lang;

/// Why a file is not a table we can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotATableReason {
    /// No bytes, or only blank lines.
    Empty,
    /// An old binary Excel file (.xls), or a password-protected workbook (same container).
    LegacyExcel,
    /// A PDF document.
    Pdf,
    /// A picture (PNG, JPEG, GIF, TIFF, WebP).
    Image,
    /// A web page or XML file, as Excel writes when asked for "web page" or "XML spreadsheet".
    Markup,
    /// A zip-based office document that is not a spreadsheet (Word, PowerPoint, Writer).
    OtherDocument,
    /// A workbook without any worksheet.
    NoWorksheet,
    /// Anything else that is not text: an archive, a program, random bytes.
    Binary,
}

/// A reason why a table could not be read or written. Every variant that belongs to a place in
/// the file names that place: a 1-based line (CSV: the physical line where the record starts;
/// spreadsheet: the row number) and a 1-based column within the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    NotATable {
        reason: NotATableReason,
    },
    /// The file stops in the middle: an unterminated quote (with the line where its record
    /// starts), or a damaged zip container (no line).
    Truncated {
        line: Option<u64>,
    },
    /// Bytes that are not valid in the file's encoding (a file that started as UTF-8 and
    /// continues in another encoding).
    Encoding {
        line: u64,
    },
    EmptyHeader {
        column: usize,
    },
    DuplicateHeader {
        column: usize,
        name: String,
    },
    /// More filled cells than column headers; `cells` counts up to the last filled cell.
    RowTooLong {
        line: u64,
        cells: usize,
        headers: usize,
    },
    CellTooLarge {
        line: u64,
        column: usize,
    },
    /// A spreadsheet cell holding a formula error such as `#DIV/0!` or `#N/A`.
    CellError {
        line: u64,
        column: usize,
        value: String,
    },
    TooLarge {
        limit_bytes: u64,
    },
    /// A spreadsheet whose parts unpack to more than we read: a zip bomb, or a sheet padded
    /// out far beyond its data.
    Unpacked {
        limit_bytes: u64,
    },
    /// A worksheet with more rows than Excel allows (1,048,576).
    TooManyRows {
        limit: u64,
    },
    /// A worksheet with more cells than we read.
    TooManyCells {
        limit: u64,
    },
    Io(String),
}

impl TableError {
    /// The line this error is about, when it is about one.
    pub fn line(&self) -> Option<u64> {
        match self {
            TableError::Truncated { line } => *line,
            TableError::Encoding { line }
            | TableError::RowTooLong { line, .. }
            | TableError::CellTooLarge { line, .. }
            | TableError::CellError { line, .. } => Some(*line),
            TableError::NotATable { .. }
            | TableError::EmptyHeader { .. }
            | TableError::DuplicateHeader { .. }
            | TableError::TooLarge { .. }
            | TableError::Unpacked { .. }
            | TableError::TooManyRows { .. }
            | TableError::TooManyCells { .. }
            | TableError::Io(_) => None,
        }
    }

    /// True when reading cannot go on after this error; the other errors concern one row, and
    /// the reader continues with the next.
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            TableError::Encoding { .. }
                | TableError::RowTooLong { .. }
                | TableError::CellTooLarge { .. }
                | TableError::CellError { .. }
        )
    }

    /// The error as a sentence for the person who uploaded the file.
    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            TableError::NotATable { reason } => not_a_table(*reason, lang).to_string(),
            TableError::Truncated { line: Some(line) } => {
                if nl {
                    format!(
                        "Regel {line}: het bestand houdt op binnen een cel die met een aanhalingsteken (\") begint; het afsluitende aanhalingsteken ontbreekt."
                    )
                } else {
                    format!(
                        "Line {line}: the file ends inside a cell that starts with a quote (\"); the closing quote is missing."
                    )
                }
            }
            TableError::Truncated { line: None } => lang
                .pick(
                    "Het bestand is onvolledig of beschadigd. Sla het opnieuw op en probeer het nog eens.",
                    "The file is incomplete or damaged. Save it again and retry.",
                )
                .to_string(),
            TableError::Encoding { line } => {
                if nl {
                    format!(
                        "Regel {line}: deze regel bevat tekens in een andere tekenset dan de regels ervoor. Sla het bestand op als \"CSV UTF-8\" en probeer het opnieuw."
                    )
                } else {
                    format!(
                        "Line {line}: this line contains characters in a different encoding from the lines before it. Save the file as \"CSV UTF-8\" and retry."
                    )
                }
            }
            TableError::EmptyHeader { column } => {
                if nl {
                    format!("Kolom {column} heeft geen kolomkop. Geef elke kolom een naam in de eerste regel.")
                } else {
                    format!("Column {column} has no header. Give every column a name in the first row.")
                }
            }
            TableError::DuplicateHeader { column, name } => {
                if nl {
                    format!(
                        "Kolom {column}: de kolomkop \"{name}\" komt al eerder voor. Geef elke kolom een eigen naam."
                    )
                } else {
                    format!(
                        "Column {column}: the header \"{name}\" appears earlier as well. Give every column its own name."
                    )
                }
            }
            TableError::RowTooLong { line, cells, headers } => {
                if nl {
                    format!("Regel {line}: er staan meer cellen dan kolomkoppen ({cells} tegen {headers}).")
                } else {
                    format!("Line {line}: there are more cells than column headers ({cells} versus {headers}).")
                }
            }
            TableError::CellTooLarge { line, column } => {
                if nl {
                    format!("Regel {line}, kolom {column}: de cel bevat te veel tekst.")
                } else {
                    format!("Line {line}, column {column}: the cell holds too much text.")
                }
            }
            TableError::CellError { line, column, value } => {
                if nl {
                    format!("Regel {line}, kolom {column}: de cel bevat een formulefout ({value}).")
                } else {
                    format!("Line {line}, column {column}: the cell holds a formula error ({value}).")
                }
            }
            TableError::TooLarge { limit_bytes } => {
                let limit = human_size(*limit_bytes);
                if nl {
                    format!("Het bestand is te groot; het mag hoogstens {limit} zijn.")
                } else {
                    format!("The file is too large; it may be at most {limit}.")
                }
            }
            TableError::Unpacked { limit_bytes } => {
                let limit = human_size(*limit_bytes);
                if nl {
                    format!(
                        "Het bestand is uitgepakt groter dan {limit} en wordt daarom niet gelezen. Sla het werkblad op als CSV of verdeel het over kleinere bestanden."
                    )
                } else {
                    format!(
                        "Unpacked, the file is larger than {limit}, so it is not read. Save the sheet as CSV or split it over smaller files."
                    )
                }
            }
            TableError::TooManyRows { limit } => {
                let limit = grouped(*limit, lang);
                if nl {
                    format!(
                        "Het werkblad heeft meer dan {limit} rijen, meer dan Excel toestaat. Verdeel de gegevens over kleinere bestanden."
                    )
                } else {
                    format!(
                        "The sheet has more than {limit} rows, more than Excel allows. Split the data over smaller files."
                    )
                }
            }
            TableError::TooManyCells { limit } => {
                let limit = grouped(*limit, lang);
                if nl {
                    format!(
                        "Het werkblad heeft meer dan {limit} cellen; zo veel lezen we niet in één keer. Verdeel de gegevens over kleinere bestanden."
                    )
                } else {
                    format!(
                        "The sheet has more than {limit} cells; we do not read that many at once. Split the data over smaller files."
                    )
                }
            }
            TableError::Io(detail) => {
                if nl {
                    format!("Het bestand kon niet worden gelezen of geschreven: {detail}")
                } else {
                    format!("The file could not be read or written: {detail}")
                }
            }
        }
    }
}

fn not_a_table(reason: NotATableReason, lang: Lang) -> &'static str {
    match reason {
        NotATableReason::Empty => lang.pick("Het bestand is leeg.", "The file is empty."),
        NotATableReason::LegacyExcel => lang.pick(
            "Dit is een oud Excel-bestand (.xls) of een werkmap met een wachtwoord. Sla het in Excel op als Excel-werkmap (.xlsx) of als CSV, zonder wachtwoord, en probeer het opnieuw.",
            "This is an old Excel file (.xls) or a password-protected workbook. Save it in Excel as an Excel workbook (.xlsx) or as CSV, without a password, and retry.",
        ),
        NotATableReason::Pdf => lang.pick(
            "Dit is een PDF-document, geen tabel. Kies een CSV-bestand, een Excel-werkmap (.xlsx) of een OpenDocument-rekenblad (.ods).",
            "This is a PDF document, not a table. Choose a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).",
        ),
        NotATableReason::Image => lang.pick(
            "Dit is een afbeelding, geen tabel. Kies een CSV-bestand, een Excel-werkmap (.xlsx) of een OpenDocument-rekenblad (.ods).",
            "This is an image, not a table. Choose a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).",
        ),
        NotATableReason::Markup => lang.pick(
            "Dit is een webpagina of XML-bestand, geen tabel. Open het in Excel en sla het op als Excel-werkmap (.xlsx) of als CSV.",
            "This is a web page or XML file, not a table. Open it in Excel and save it as an Excel workbook (.xlsx) or as CSV.",
        ),
        NotATableReason::OtherDocument => lang.pick(
            "Dit is een tekstdocument of presentatie, geen rekenblad. Kies een CSV-bestand, een Excel-werkmap (.xlsx) of een OpenDocument-rekenblad (.ods).",
            "This is a text document or presentation, not a spreadsheet. Choose a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).",
        ),
        NotATableReason::NoWorksheet => lang.pick(
            "De werkmap bevat geen werkblad met gegevens.",
            "The workbook has no worksheet with data.",
        ),
        NotATableReason::Binary => lang.pick(
            "Dit bestand is geen tabel die we kunnen lezen. Kies een CSV-bestand, een Excel-werkmap (.xlsx) of een OpenDocument-rekenblad (.ods).",
            "This file is not a table we can read. Choose a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods).",
        ),
    }
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{} MB", bytes.div_ceil(MIB))
    } else if bytes >= 1024 {
        format!("{} kB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// A count with thousands grouped as the language writes them: 1.048.576 or 1,048,576.
fn grouped(n: u64, lang: Lang) -> String {
    let dutch = middenveld_domain::money::group_thousands(n);
    if lang == Lang::Nl {
        dutch
    } else {
        dutch.replace('.', ",")
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TableError {}

impl From<std::io::Error> for TableError {
    fn from(e: std::io::Error) -> Self {
        TableError::Io(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_row_is_explained_in_dutch_with_its_line() {
        let e = TableError::RowTooLong {
            line: 7,
            cells: 9,
            headers: 7,
        };
        assert_eq!(
            e.message(Lang::Nl),
            "Regel 7: er staan meer cellen dan kolomkoppen (9 tegen 7)."
        );
        assert_eq!(e.line(), Some(7));
        assert_eq!(e.to_string(), e.message(Lang::En));
    }

    #[test]
    fn an_old_xls_file_is_told_to_be_saved_as_xlsx_or_csv() {
        let e = TableError::NotATable {
            reason: NotATableReason::LegacyExcel,
        };
        assert!(e.message(Lang::Nl).contains(".xlsx"));
        assert!(e.message(Lang::Nl).contains("CSV"));
        assert!(e.message(Lang::En).contains("(.xlsx) or as CSV"));
    }

    #[test]
    fn the_bounds_of_a_spreadsheet_are_explained_in_dutch() {
        assert_eq!(
            TableError::TooManyRows { limit: 1_048_576 }.message(Lang::Nl),
            "Het werkblad heeft meer dan 1.048.576 rijen, meer dan Excel toestaat. Verdeel de gegevens over kleinere bestanden."
        );
        assert!(
            TableError::TooManyRows { limit: 1_048_576 }
                .message(Lang::En)
                .contains("1,048,576 rows")
        );
        let unpacked = TableError::Unpacked {
            limit_bytes: 512 * 1024 * 1024,
        };
        assert!(
            unpacked
                .message(Lang::Nl)
                .starts_with("Het bestand is uitgepakt groter dan 512 MB")
        );
        assert!(unpacked.is_fatal());
        assert!(TableError::TooManyCells { limit: 100 }.is_fatal());
        assert_eq!(grouped(999, Lang::Nl), "999");
        assert_eq!(grouped(1000, Lang::Nl), "1.000");
        assert_eq!(grouped(20_000_000, Lang::En), "20,000,000");
    }

    #[test]
    fn the_size_limit_is_shown_in_megabytes() {
        let e = TableError::TooLarge {
            limit_bytes: 200 * 1024 * 1024,
        };
        assert_eq!(
            e.message(Lang::Nl),
            "Het bestand is te groot; het mag hoogstens 200 MB zijn."
        );
    }
}
