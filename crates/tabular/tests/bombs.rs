#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Spreadsheets built to exhaust memory or time: decompression bombs, padded sheets, sheets
//! with more rows or cells than we read. Each is built here, streaming, and must be refused
//! with a clear error within seconds.
//!
//! `MIDDENVELD_BOMB_DIR=/tmp/bombs cargo test -p middenveld-tabular --test bombs -- --ignored`
//! writes the full-size bombs of issue 15 (1 GiB of shared strings, 1 GiB of white space,
//! 5 million rows) to that folder, for measuring the CLI and the server with them.

use std::io::{Cursor, Seek, Write};
use std::time::{Duration, Instant};

use middenveld_tabular::{Limits, TableError, TableReader};
use zip::write::SimpleFileOptions;

const MIB: u64 = 1024 * 1024;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";
const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c><c r="B1" t="inlineStr"><is><t>plaats</t></is></c></row>"#;

/// Writes `len` bytes of `byte` in chunks.
fn repeat(out: &mut impl Write, byte: u8, len: u64) {
    let chunk = vec![byte; MIB as usize];
    let mut left = len;
    while left > 0 {
        let n = left.min(MIB);
        out.write_all(&chunk[..n as usize]).unwrap();
        left -= n;
    }
}

/// An XLSX with the given shared strings and sheet XML, each written by a closure that streams
/// into the zip.
fn xlsx<W: Write + Seek>(
    out: W,
    shared_strings: impl FnOnce(&mut zip::ZipWriter<W>),
    sheet: impl FnOnce(&mut zip::ZipWriter<W>),
) -> W {
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut zip = zip::ZipWriter::new(out);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", deflated).unwrap();
    shared_strings(&mut zip);
    zip.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
    sheet(&mut zip);
    zip.finish().unwrap()
}

fn plain_strings(zip: &mut impl Write) {
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#)
        .unwrap();
}

fn small_sheet(zip: &mut impl Write) {
    write!(zip, "{SHEET_START}{HEADER_ROW}{SHEET_END}").unwrap();
}

/// Shared strings holding one string of `len` bytes of `a`.
fn shared_strings_bomb<W: Write + Seek>(out: W, len: u64) -> W {
    xlsx(
        out,
        |zip| {
            zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
            repeat(zip, b'a', len);
            zip.write_all(b"</t></si></sst>").unwrap();
        },
        small_sheet,
    )
}

/// A sheet with `len` bytes of white space between its header row and its data.
fn whitespace_bomb<W: Write + Seek>(out: W, len: u64) -> W {
    xlsx(out, plain_strings, |zip| {
        write!(zip, "{SHEET_START}{HEADER_ROW}").unwrap();
        repeat(zip, b' ', len);
        write!(zip, "{SHEET_END}").unwrap();
    })
}

/// A sheet with a header and `rows` rows of data.
fn many_rows<W: Write + Seek>(out: W, rows: u64) -> W {
    xlsx(out, plain_strings, |zip| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, zip);
        write!(w, "{SHEET_START}{HEADER_ROW}").unwrap();
        for i in 2..=rows + 1 {
            write!(w, r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>"#).unwrap();
        }
        write!(w, "{SHEET_END}").unwrap();
        w.flush().unwrap();
    })
}

fn read_all(bytes: Vec<u8>, limits: Limits) -> Result<u64, TableError> {
    let reader = TableReader::from_bytes(bytes, Some("bom.xlsx"), limits)?;
    let mut rows = 0;
    for record in reader {
        record?;
        rows += 1;
    }
    Ok(rows)
}

fn refused_quickly(bytes: Vec<u8>, limits: Limits) -> TableError {
    let started = Instant::now();
    let outcome = read_all(bytes, limits);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "refusal took {took:?}");
    match outcome {
        Err(e) => e,
        Ok(rows) => panic!("the bomb was read: {rows} rows"),
    }
}

#[test]
fn shared_strings_that_inflate_far_beyond_the_file_are_refused_before_they_are_read() {
    let bomb = shared_strings_bomb(Cursor::new(Vec::new()), 256 * MIB).into_inner();
    assert!(bomb.len() < MIB as usize, "{} bytes", bomb.len());
    let e = refused_quickly(bomb, Limits::default());
    assert!(matches!(e, TableError::Unpacked { .. }), "{e:?}");
    assert!(
        e.message(middenveld_domain::Lang::Nl)
            .starts_with("Het bestand is uitgepakt groter dan"),
        "{e}"
    );
}

#[test]
fn shared_strings_are_bounded_even_when_the_file_is_large_enough_to_allow_them() {
    // A 70 MiB string among enough stored bytes that the ratio would let it through.
    let limits = Limits::default();
    let bomb = xlsx(
        Cursor::new(Vec::new()),
        |zip| {
            zip.write_all(b"<sst><si><t>").unwrap();
            repeat(zip, b'a', 70 * MIB);
            zip.write_all(b"</t></si></sst>").unwrap();
        },
        small_sheet,
    )
    .into_inner();
    let e = refused_quickly(
        bomb,
        Limits {
            max_unpacked_bytes: u64::MAX,
            ..limits
        },
    );
    assert!(matches!(e, TableError::Unpacked { .. }), "{e:?}");
}

#[test]
fn a_sheet_padded_with_white_space_is_refused() {
    let bomb = whitespace_bomb(Cursor::new(Vec::new()), 256 * MIB).into_inner();
    let e = refused_quickly(bomb, Limits::default());
    assert!(matches!(e, TableError::Unpacked { .. }), "{e:?}");

    // Padding that stays under the total bound (the file is large enough, with a picture that
    // does not compress) still may not make one stretch of XML huge.
    let bomb = xlsx(Cursor::new(Vec::new()), plain_strings, |zip| {
        write!(zip, "{SHEET_START}{HEADER_ROW}").unwrap();
        repeat(zip, b' ', 40 * MIB);
        write!(zip, "{SHEET_END}").unwrap();
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("xl/media/image1.png", stored).unwrap();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let noise: Vec<u8> = (0..MIB)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        zip.write_all(&noise).unwrap();
    })
    .into_inner();
    let e = refused_quickly(bomb, Limits::default());
    assert_eq!(e, TableError::Unpacked { limit_bytes: 32 * MIB });
}

#[test]
fn a_sheet_with_more_rows_than_allowed_is_refused_before_its_rows_are_read() {
    let limits = Limits {
        max_rows: 1_000,
        ..Limits::default()
    };
    assert_eq!(
        read_all(many_rows(Cursor::new(Vec::new()), 999).into_inner(), limits),
        Ok(999)
    );
    let e = refused_quickly(many_rows(Cursor::new(Vec::new()), 5_000).into_inner(), limits);
    assert_eq!(e, TableError::TooManyRows { limit: 1_000 });
}

#[test]
fn a_row_numbered_beyond_the_last_row_is_refused_while_streaming() {
    let bytes = xlsx(Cursor::new(Vec::new()), plain_strings, |zip| {
        write!(
            zip,
            r#"{SHEET_START}{HEADER_ROW}<row r="5000000"><c r="A5000000"><v>1</v></c></row>{SHEET_END}"#
        )
        .unwrap();
    })
    .into_inner();
    assert_eq!(
        read_all(bytes, Limits::default()),
        Err(TableError::TooManyRows { limit: 1_048_576 })
    );
}

#[test]
fn a_cell_in_the_far_corner_is_read_without_a_grid_of_empty_cells() {
    // Calamine's whole-sheet range would be 1,048,576 × 16,384 cells.
    let bytes = xlsx(Cursor::new(Vec::new()), plain_strings, |zip| {
        write!(
            zip,
            r#"{SHEET_START}{HEADER_ROW}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>{SHEET_END}"#
        )
        .unwrap();
    })
    .into_inner();
    let rows: Vec<_> = TableReader::from_bytes(bytes, None, Limits::default())
        .unwrap()
        .collect();
    assert_eq!(
        rows,
        [Err(TableError::RowTooLong {
            line: 1_048_576,
            cells: 16_384,
            headers: 2
        })]
    );
}

#[test]
fn a_sheet_with_more_cells_than_allowed_is_refused() {
    let limits = Limits {
        max_cells: 500,
        ..Limits::default()
    };
    let e = refused_quickly(many_rows(Cursor::new(Vec::new()), 600).into_inner(), limits);
    assert_eq!(e, TableError::TooManyCells { limit: 500 });
}

#[test]
fn a_shared_string_referred_to_by_every_cell_is_refused_when_the_text_adds_up() {
    // 900 kB of text, referred to by 400 cells: 360 MB of text from a file of a few kB.
    let bytes = xlsx(
        Cursor::new(Vec::new()),
        |zip| {
            zip.write_all(b"<sst><si><t>").unwrap();
            repeat(zip, b'a', 900 * 1024);
            zip.write_all(b"</t></si></sst>").unwrap();
        },
        |zip| {
            write!(zip, "{SHEET_START}{HEADER_ROW}").unwrap();
            for i in 2..402 {
                write!(zip, r#"<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>"#).unwrap();
            }
            write!(zip, "{SHEET_END}").unwrap();
        },
    )
    .into_inner();
    let e = refused_quickly(bytes, Limits::default());
    assert_eq!(e, TableError::Unpacked { limit_bytes: 256 * MIB });
}

#[test]
fn a_container_with_thousands_of_parts_is_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", stored).unwrap();
    zip.write_all(CONTENT_TYPES.as_bytes()).unwrap();
    for i in 0..10_001 {
        zip.start_file(format!("xl/{i}.xml"), stored).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(matches!(
        read_all(bytes, Limits::default()),
        Err(TableError::NotATable { .. })
    ));
}

/// An ODS whose only sheet has the given rows.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Leden"><table:table-row><table:table-cell office:value-type="string"><text:p>naam</text:p></table:table-cell></table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn ods_repeats_count_as_the_cells_and_rows_they_stand_for() {
    // LibreOffice's trailing empty rows and columns are no cells.
    let normal = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>A</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
    );
    assert_eq!(read_all(normal, Limits::default()), Ok(1));

    let wide = ods(
        r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    let e = refused_quickly(wide, Limits::default());
    assert_eq!(e, TableError::TooManyCells { limit: 2_000_000 });

    let long = ods(
        r#"<table:table-row table:number-rows-repeated="2000000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
    );
    let e = refused_quickly(long, Limits::default());
    assert_eq!(e, TableError::TooManyRows { limit: 1_048_576 });

    let text = "x".repeat(100_000);
    let repeated_text = ods(&format!(
        r#"<table:table-row table:number-rows-repeated="3000"><table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
    ));
    let e = refused_quickly(repeated_text, Limits::default());
    assert_eq!(e, TableError::Unpacked { limit_bytes: 256 * MIB });
}

/// Writes the full-size bombs of issue 15 for measuring the CLI and the server.
#[test]
#[ignore = "writes about 20 MB of files; run by hand with MIDDENVELD_BOMB_DIR"]
fn write_full_size_bombs() {
    let Ok(dir) = std::env::var("MIDDENVELD_BOMB_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str| std::fs::File::create(dir.join(name)).unwrap();
    shared_strings_bomb(file("shared-strings-1gib.xlsx"), 1024 * MIB);
    whitespace_bomb(file("whitespace-1gib.xlsx"), 1024 * MIB);
    many_rows(file("rows-5m.xlsx"), 5_000_000);
}
