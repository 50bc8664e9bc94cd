//! Reading and writing the spreadsheet files people actually have: CSV in the encodings and
//! dialects Excel writes, XLSX and ODS; writing CSV and XLSX for Excel, and rejected rows back
//! in the format they came in. And one document format: a Word .docx for the report chapters.
//!
//! Reading gives text cells under a header row, nothing interpreted: parsing a KvK number or a
//! postcode is the domain layer's job.

mod csv_read;
mod detect;
mod docx;
mod error;
mod reader;
mod sheet_read;
mod unpack;
mod write;

pub use detect::{Format, HEAD_LEN, detect};
pub use docx::{DocxBlock, DocxDocument, write_docx};
pub use error::{NotATableReason, TableError};
pub use reader::{Dialect, Limits, Record, TableReader};
pub use write::{Cell, CsvOptions, CsvWriter, write_rejects, write_xlsx};
