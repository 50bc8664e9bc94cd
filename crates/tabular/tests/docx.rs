//! The annual report chapter as a Word document: every part in the package, the text in order
//! and escaped, headings Word knows as headings; and LibreOffice opening it, where installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use middenveld_tabular::{DocxBlock, DocxDocument, write_docx};

const PARTS: [&str; 9] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/_rels/document.xml.rels",
    "docProps/core.xml",
    "docProps/app.xml",
];

fn chapter() -> DocxDocument {
    let s = String::from;
    DocxDocument {
        title: s("Jaarverslag 2024 – Circulaire economie & innovatie"),
        language: s("nl-NL"),
        blocks: vec![
            DocxBlock::Title(s("Jaarverslag 2024")),
            DocxBlock::Heading {
                level: 1,
                text: s("1. Programma Circulaire Economie"),
            },
            DocxBlock::Label(s("Verantwoordelijk portefeuillehouder:")),
            DocxBlock::Paragraph(s("Gedeputeerde Jansen")),
            DocxBlock::Heading {
                level: 2,
                text: s("1.1 Wat hebben we bereikt?"),
            },
            DocxBlock::Paragraph(s(
                "Er is € 145.000 besteed aan vouchers voor R&D.\nTweede regel met <script>alert('x')</script> als tekst.",
            )),
            DocxBlock::Paragraph(s("  met spaties eromheen\u{7}  ")),
            DocxBlock::Bullets(vec![s("Biobased bouwen"), s("Kunststofketen & recycling")]),
            DocxBlock::Heading {
                level: 3,
                text: s("Activiteiten"),
            },
            DocxBlock::Numbered(vec![s("Netwerkbijeenkomst"), s("Matchmaking")]),
            DocxBlock::Numbered(vec![s("Voucherregeling"), s("Evaluatie")]),
            DocxBlock::Table {
                header: vec![s("Project"), s("Bedrag"), s("Status")],
                rows: vec![
                    vec![s("Circulair Twente"), s("€ 145.000"), s("lopend")],
                    vec![s("Regio \"Zwolle\" & 't Gooi"), s("€ 12.500")],
                ],
            },
            DocxBlock::PageBreak,
            DocxBlock::Heading {
                level: 1,
                text: s("2. Bijlagen"),
            },
        ],
    }
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            assert_eq!(
                file.compression(),
                zip::CompressionMethod::Deflated,
                "{name} is not deflated"
            );
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            (name, xml)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, xml)| xml.as_str())
        .unwrap_or_else(|| panic!("{name} is missing"))
}

/// Checks that `xml` is one balanced element tree: tags matched with a stack, attribute values
/// quoted, entities known, no character XML 1.0 cannot hold.
fn assert_well_formed(name: &str, xml: &str) {
    XmlCheck { name, xml }.run();
}

struct XmlCheck<'a> {
    name: &'a str,
    xml: &'a str,
}

impl XmlCheck<'_> {
    fn fail(&self, what: &str, at: usize) -> ! {
        let from = self.xml.floor_char_boundary(at.saturating_sub(60));
        let to = self.xml.ceil_char_boundary(at + 60);
        panic!(
            "{} is not well-formed: {what} at byte {at}: …{}…",
            self.name,
            &self.xml[from..to]
        )
    }

    fn run(&self) {
        let xml = self.xml;
        if let Some((at, c)) = xml
            .char_indices()
            .find(|&(_, c)| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
        {
            self.fail(&format!("character U+{:04X}", c as u32), at);
        }
        let mut open: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut pos = 0;
        while pos < xml.len() {
            let Some(lt) = xml[pos..].find('<').map(|i| pos + i) else {
                if !xml[pos..].trim().is_empty() {
                    self.fail("text after the root element", pos);
                }
                break;
            };
            let text = &xml[pos..lt];
            if open.is_empty() && !text.trim().is_empty() {
                self.fail("text outside the root element", pos);
            }
            self.entities(text, pos);
            let rest = &xml[lt..];
            if rest.starts_with("<?") {
                let end = rest.find("?>").unwrap_or_else(|| self.fail("unclosed <?", lt));
                if lt != 0 || !rest.starts_with("<?xml ") {
                    self.fail("processing instruction other than the XML declaration", lt);
                }
                pos = lt + end + 2;
                continue;
            }
            if rest.starts_with("<!") {
                self.fail("comment, CDATA or DOCTYPE (never written by us)", lt);
            }
            // A tag: up to the '>' that is not inside a quoted attribute value.
            let mut quote = None;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (_, '<') => self.fail("< inside a tag", lt + i),
                    (None, '>') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.unwrap_or_else(|| self.fail("unclosed tag", lt));
            let tag = &rest[1..end];
            pos = lt + end + 1;
            if let Some(closing) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(name) if name == closing.trim_end() => {}
                    Some(name) => self.fail(&format!("</{closing}> closes <{name}>"), lt),
                    None => self.fail("closing tag without an opening one", lt),
                }
                continue;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.strip_suffix('/').unwrap_or(tag);
            let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
            let name = &tag[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
            {
                self.fail(&format!("bad element name {name:?}"), lt);
            }
            self.attributes(&tag[name_end..], lt);
            if open.is_empty() {
                roots += 1;
            }
            if !self_closing {
                open.push(name);
            }
        }
        if let Some(name) = open.last() {
            self.fail(&format!("<{name}> is never closed"), xml.len());
        }
        assert_eq!(roots, 1, "{} must have exactly one root element", self.name);
    }

    /// `name="value"` pairs, each name once.
    fn attributes(&self, mut attrs: &str, at: usize) {
        let mut seen = Vec::new();
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                return;
            }
            let eq = attrs.find('=').unwrap_or_else(|| self.fail("attribute without =", at));
            let name = attrs[..eq].trim();
            if name.is_empty() || name.contains(char::is_whitespace) || seen.contains(&name) {
                self.fail(&format!("bad or repeated attribute name {name:?}"), at);
            }
            seen.push(name);
            let value = attrs[eq + 1..].trim_start();
            let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                self.fail("unquoted attribute value", at)
            };
            let close = value[1..]
                .find(quote)
                .unwrap_or_else(|| self.fail("unclosed attribute value", at));
            self.entities(&value[1..=close], at);
            attrs = &value[close + 2..];
        }
    }

    /// Every `&` starts a known entity; no `>` (legal, but a sign that escaping went wrong).
    fn entities(&self, text: &str, at: usize) {
        for (i, _) in text.match_indices('&') {
            let rest = &text[i + 1..];
            let end = rest.find(';').unwrap_or_else(|| self.fail("& without ;", at + i));
            let entity = &rest[..end];
            let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
                || entity
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || entity
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !known {
                self.fail(&format!("unknown entity &{entity};"), at + i);
            }
        }
        if let Some(i) = text.find('>') {
            self.fail("unescaped >", at + i);
        }
    }
}

/// Positions of `needles` in `haystack`, failing when one is missing or out of order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(i) => from += i + needle.len(),
            None => panic!(
                "{needle:?} is missing or out of order (searched from byte {from}): {}",
                &haystack[from.min(haystack.len())..]
            ),
        }
    }
}

#[test]
fn the_report_chapter_is_a_complete_well_formed_word_package() {
    let bytes = write_docx(&chapter()).unwrap();
    let parts = unzip(&bytes);
    assert_eq!(parts[0].0, "[Content_Types].xml", "Content types come first");
    for name in PARTS {
        let xml = part(&parts, name);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""), "{name}");
        assert_well_formed(name, xml);
    }
    assert_eq!(
        parts.len(),
        PARTS.len(),
        "{:?}",
        parts.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );

    // Every part is declared, and every relationship points at a part that is there.
    let types = part(&parts, "[Content_Types].xml");
    for name in PARTS
        .iter()
        .filter(|n| !n.ends_with(".rels") && **n != "[Content_Types].xml")
    {
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")),
            "{name} has no content type"
        );
    }
    for target in ["word/document.xml", "docProps/core.xml", "docProps/app.xml"] {
        assert!(part(&parts, "_rels/.rels").contains(&format!("Target=\"{target}\"")));
    }
    for target in ["styles.xml", "numbering.xml", "settings.xml"] {
        assert!(part(&parts, "word/_rels/document.xml.rels").contains(&format!("Target=\"{target}\"")));
    }

    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Jaarverslag 2024 – Circulaire economie &amp; innovatie</dc:title>"));
    assert!(core.contains("<dc:language>nl-NL</dc:language>"));

    let document = part(&parts, "word/document.xml");
    assert_in_order(
        document,
        &[
            r#"<w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">Jaarverslag 2024</w:t>"#,
            r#"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">1. Programma Circulaire Economie</w:t>"#,
            r#"<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Verantwoordelijk portefeuillehouder:</w:t>"#,
            "Gedeputeerde Jansen",
            r#"<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">1.1 Wat hebben we bereikt?</w:t>"#,
            "Er is € 145.000 besteed aan vouchers voor R&amp;D.</w:t><w:br/><w:t xml:space=\"preserve\">Tweede regel met &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; als tekst.</w:t>",
            r#"<w:t xml:space="preserve">  met spaties eromheen  </w:t>"#,
            "Biobased bouwen",
            "Kunststofketen &amp; recycling",
            r#"<w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">Activiteiten</w:t>"#,
            "Netwerkbijeenkomst",
            "Matchmaking",
            "Voucherregeling",
            "Evaluatie",
            "<w:tbl>",
            r#"<w:tblStyle w:val="TableGrid"/>"#,
            "<w:tblHeader/>",
            r#"<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Project</w:t>"#,
            "Bedrag",
            "Status",
            "Circulair Twente",
            "€ 145.000",
            "lopend",
            "Regio &quot;Zwolle&quot; &amp; &apos;t Gooi",
            "€ 12.500",
            "</w:tbl>",
            r#"<w:br w:type="page"/>"#,
            r#"<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">2. Bijlagen</w:t>"#,
            r#"<w:pgSz w:w="11906" w:h="16838"/>"#,
            "</w:body>",
        ],
    );
    assert!(!document.contains("<script>") && !document.contains('\u{7}'));
    // The short row is filled up: three cells in every row.
    for row in document.split("<w:tr>").skip(1) {
        assert_eq!(row.matches("<w:tc>").count(), 3, "{row}");
    }

    // The heading styles are real headings: named as Word's own, with an outline level.
    let styles = part(&parts, "word/styles.xml");
    for level in 1..=3 {
        assert_in_order(
            styles,
            &[
                &format!(r#"w:styleId="Heading{level}"><w:name w:val="heading {level}"/>"#),
                &format!(r#"<w:outlineLvl w:val="{}"/>"#, level - 1),
                "</w:style>",
            ],
        );
    }
    for style in ["Normal", "Title", "ListParagraph", "TableGrid"] {
        assert!(
            styles.contains(&format!("w:styleId=\"{style}\"")),
            "style {style} is missing"
        );
    }
    assert!(styles.contains(r#"w:ascii="Calibri""#) && styles.contains(r#"<w:sz w:val="22"/>"#));
    assert!(styles.contains(r#"<w:lang w:val="nl-NL"/>"#));

    // Bullets share one list; each numbered list has a list of its own that starts at 1.
    let num_ids: Vec<&str> = document
        .split(r#"<w:numId w:val=""#)
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(num_ids.len(), 6);
    assert_eq!(num_ids[0], num_ids[1]);
    assert_eq!(num_ids[2], num_ids[3]);
    assert_eq!(num_ids[4], num_ids[5]);
    assert!(num_ids[0] != num_ids[2] && num_ids[2] != num_ids[4] && num_ids[0] != num_ids[4]);
    let numbering = part(&parts, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>"#));
    assert!(numbering.contains(r#"<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>"#));
    for numbered in &num_ids[2..] {
        let num = numbering
            .split("<w:num ")
            .find(|n| n.starts_with(&format!(r#"w:numId="{numbered}""#)))
            .unwrap_or_else(|| panic!("w:num {numbered} is missing"));
        assert!(num.contains(r#"<w:startOverride w:val="1"/>"#), "{num}");
    }
    let bullets = numbering
        .split("<w:num ")
        .find(|n| n.starts_with(&format!(r#"w:numId="{}""#, num_ids[0])))
        .unwrap();
    let bullet_abstract = r#"<w:abstractNumId w:val="0"/>"#;
    assert!(bullets.contains(bullet_abstract) && numbering.contains(r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>"#));
}

#[test]
fn an_empty_document_and_an_empty_table_still_make_a_valid_package() {
    let doc = DocxDocument {
        title: String::new(),
        language: String::new(),
        blocks: vec![
            DocxBlock::Table {
                header: vec![],
                rows: vec![],
            },
            DocxBlock::Paragraph(String::new()),
        ],
    };
    let parts = unzip(&write_docx(&doc).unwrap());
    for name in PARTS {
        assert_well_formed(name, part(&parts, name));
    }
    assert!(!part(&parts, "word/document.xml").contains("<w:tbl>"));
    assert!(!part(&parts, "docProps/core.xml").contains("dc:language"));
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Runs `command`, killing it when it takes longer than `limit`.
fn run_with_limit(command: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "{command:?} took longer than {limit:?}; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

/// A temporary directory of its own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
        let dir = std::env::temp_dir().join(format!("middenveld-docx-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn libreoffice_reads_the_report_chapter_as_written_and_prints_it_to_pdf() {
    let Some(soffice) = on_path("soffice").or_else(|| on_path("libreoffice")) else {
        if std::env::var("MIDDENVELD_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("MIDDENVELD_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH");
        }
        eprintln!("skipped: LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui to run this test");
        return;
    };
    let dir = TempDir::new();
    let docx = dir.path().join("jaarverslag.docx");
    std::fs::write(&docx, write_docx(&chapter()).unwrap()).unwrap();

    let pdf = convert(&soffice, &docx, "pdf", "pdf");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {:?}", &pdf[..pdf.len().min(16)]);
    // The page break makes two pages.
    let pages = pdf
        .windows(b"/Type/Page".len() + 1)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count();
    assert_eq!(pages, 2, "expected two pages in the PDF");

    // And LibreOffice read the text as meant: unescaped, with its bullets and each numbered
    // list starting at 1.
    let text = String::from_utf8(convert(&soffice, &docx, "txt:Text", "txt")).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines[0], "Jaarverslag 2024", "{text}");
    for line in [
        "Er is € 145.000 besteed aan vouchers voor R&D.",
        "Tweede regel met <script>alert('x')</script> als tekst.",
        "  met spaties eromheen  ",
        "Regio \"Zwolle\" & 't Gooi",
    ] {
        assert!(lines.contains(&line), "{line:?} is not a line of {text}");
    }
    let items: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with(['•', '1', '2']))
        .collect();
    assert_eq!(
        items,
        [
            "1. Programma Circulaire Economie",
            "1.1 Wat hebben we bereikt?",
            "• Biobased bouwen",
            "• Kunststofketen & recycling",
            "1. Netwerkbijeenkomst",
            "2. Matchmaking",
            "1. Voucherregeling",
            "2. Evaluatie",
            "2. Bijlagen",
        ],
        "{text}"
    );
}

/// Converts `docx` with LibreOffice into `dir/<stem>.<extension>` and returns that file.
fn convert(soffice: &Path, docx: &Path, filter: &str, extension: &str) -> Vec<u8> {
    let dir = docx.parent().unwrap();
    // A profile of its own, so parallel runs and root (no usable home) work.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let output = run_with_limit(
        Command::new(soffice)
            .arg(&profile)
            .args(["--headless", "--norestore", "--convert-to", filter, "--outdir"])
            .arg(dir)
            .arg(docx),
        Duration::from_secs(180),
    );
    let converted = docx.with_extension(extension);
    std::fs::read(&converted).unwrap_or_else(|e| {
        panic!(
            "no {} ({e}); soffice exited with {}; stdout: {}; stderr: {}",
            converted.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn the_well_formedness_check_refuses_broken_xml() {
    let broken = [
        "<a><b></a></b>",
        "<a><b></a>",
        "<a>",
        "</a>",
        "<a></a><b/>",
        "text<a/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a x=1/>",
        "<a x=\"<\"/>",
        "<a>R&D</a>",
        "<a>&nbsp;</a>",
        "<a>1 > 0</a>",
        "<a>\u{7}</a>",
        "<a/><?pi?>",
    ];
    for xml in broken {
        let refused = std::panic::catch_unwind(|| assert_well_formed("test", xml)).is_err();
        assert!(refused, "{xml:?} passed the check");
    }
    assert_well_formed(
        "test",
        "<?xml version=\"1.0\"?>\n<a:b x='&quot;&#10;&#x20;'><c/>t&amp;&lt;</a:b>\n",
    );
}
