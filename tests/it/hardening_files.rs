//! Spreadsheets built to exhaust the server (decompression bombs, padded sheets, too many
//! rows) are refused at upload, with a clear Dutch message, within seconds, several at once.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use crate::{TestApp, both};
use middenveld_domain::Role;
use reqwest::StatusCode;
use zip::write::SimpleFileOptions;

const MIB: usize = 1024 * 1024;

/// A minimal XLSX whose shared strings and sheet are written by the closures.
fn xlsx(shared_strings: impl FnOnce(&mut dyn Write), sheet: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ] {
        zip.start_file(name, deflated).expect("zip");
        zip.write_all(text.as_bytes()).expect("zip");
    }
    zip.start_file("xl/sharedStrings.xml", deflated).expect("zip");
    shared_strings(&mut zip);
    zip.start_file("xl/worksheets/sheet1.xml", deflated).expect("zip");
    sheet(&mut zip);
    zip.finish().expect("zip").into_inner()
}

const SHEET_START: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Naam</t></is></c></row>"#;

fn padding(out: &mut dyn Write, byte: u8, len: usize) {
    let chunk = vec![byte; MIB];
    for _ in 0..len / MIB {
        out.write_all(&chunk).expect("zip");
    }
}

/// Shared strings of 64 MiB that compress to about 64 kB.
fn shared_strings_bomb() -> Vec<u8> {
    xlsx(
        |w| {
            w.write_all(b"<sst><si><t>").expect("zip");
            padding(w, b'a', 64 * MIB);
            w.write_all(b"</t></si></sst>").expect("zip");
        },
        |w| write!(w, "{SHEET_START}</sheetData></worksheet>").expect("zip"),
    )
}

/// A sheet padded with 64 MiB of white space.
fn whitespace_bomb() -> Vec<u8> {
    xlsx(
        |w| w.write_all(b"<sst></sst>").expect("zip"),
        |w| {
            w.write_all(SHEET_START.as_bytes()).expect("zip");
            padding(w, b' ', 64 * MIB);
            w.write_all(b"</sheetData></worksheet>").expect("zip");
        },
    )
}

/// A sheet with 1,100,000 rows, more than Excel's 1,048,576.
fn too_many_rows() -> Vec<u8> {
    xlsx(
        |w| w.write_all(b"<sst></sst>").expect("zip"),
        |w| {
            let mut text = String::from(SHEET_START);
            for i in 2..1_100_002 {
                text.push_str(&format!(r#"<row r="{i}"><c r="A{i}"><v>1</v></c></row>"#));
            }
            text.push_str("</sheetData></worksheet>");
            w.write_all(text.as_bytes()).expect("zip");
        },
    )
}

async fn bombs_are_refused_at_upload_with_a_clear_message(app: &TestApp) {
    let b = app.browser("beleid", Role::Editor).await;
    let bombs = [
        ("gedeelde-teksten.xlsx", shared_strings_bomb(), "uitgepakt groter dan"),
        ("witruimte.xlsx", whitespace_bomb(), "uitgepakt groter dan"),
        ("rijen.xlsx", too_many_rows(), "meer dan 1.048.576 rijen"),
    ];
    for (name, bytes, _) in &bombs {
        assert!(bytes.len() < 8 * MIB, "{name} is {} bytes", bytes.len());
    }
    // All three at once.
    let started = Instant::now();
    let upload = |i: usize| b.upload("/import", &[("soort", "organisaties")], bombs[i].0, &bombs[i].1);
    let (a, c, d) = tokio::join!(upload(0), upload(1), upload(2));
    let answers = [a, c, d];
    let took = started.elapsed();
    for ((name, _, expected), (status, page, _)) in bombs.iter().zip(answers) {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {page}");
        assert!(page.contains(expected), "{name}: {page}");
    }
    assert!(took < Duration::from_secs(30), "the refusals took {took:?}");
    // The server goes on serving, and nothing was written.
    let api = app.api("koppeling", Role::Editor).await;
    assert_eq!(api.get("/organisaties").await.body["totaal"], 0);
}
both!(bombs_are_refused_at_upload_with_a_clear_message);
