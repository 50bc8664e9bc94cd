//! Writing a Word document (.docx) for the annual report chapter: headings, paragraphs, lists
//! and tables in real Word styles, so it opens in Word and LibreOffice and reads like a
//! document someone wrote there.

// `write!` into a `String` cannot fail, hence the `let _ = write!(…)` below.
use std::fmt::Write as _;
use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A Word document: its metadata and its content, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxDocument {
    /// The document title in the file's properties (what Word shows under File > Info).
    pub title: String,
    /// The language of the text as a BCP 47 tag such as `nl-NL`, for the spelling checker and
    /// hyphenation; empty leaves it to the reader's settings.
    pub language: String,
    pub blocks: Vec<DocxBlock>,
}

/// One piece of a [`DocxDocument`]. Text is plain: `'\n'` becomes a line break and `'\t'` a tab,
/// characters XML cannot hold (other control characters) are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxBlock {
    /// The document title, in the style `Title`.
    Title(String),
    /// A heading in the style `Heading1` to `Heading3`, with its outline level, so it shows in
    /// Word's navigation pane and a table of contents. Levels below 1 count as 1, above 3 as 3.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// A bold paragraph that stays on the page of what follows it, such as
    /// "Verantwoordelijk portefeuillehouder:".
    Label(String),
    /// A bulleted list, one item per string.
    Bullets(Vec<String>),
    /// A numbered list 1. 2. 3., starting at 1 for every `Numbered` block.
    Numbered(Vec<String>),
    /// A table with borders over the full text width. The header row is bold and repeats on
    /// every page the table runs onto; short rows are filled up with empty cells. A table
    /// without a header and rows is left out.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    PageBreak,
}

/// Writes the document as a .docx file (Office Open XML, deflate-compressed), A4 with 2.5 cm
/// margins, in Calibri 11 pt.
pub fn write_docx(doc: &DocxDocument) -> io::Result<Vec<u8>> {
    let body = Body::write(&doc.blocks);
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/core.xml", core_properties(doc)),
        ("docProps/app.xml", APP_PROPERTIES.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", body.xml),
        ("word/styles.xml", styles(&doc.language)),
        ("word/numbering.xml", numbering(body.numbered_lists)),
        ("word/settings.xml", SETTINGS.to_owned()),
    ];

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A4 in twentieths of a point, with 2.5 cm margins.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: u32 = 1417;
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;

/// The `w:num` of every bulleted list; numbered lists get one each after it, so each restarts.
const BULLET_NUM_ID: usize = 1;
const BULLET_ABSTRACT_ID: usize = 0;
const DECIMAL_ABSTRACT_ID: usize = 1;

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#,
    r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    r#"</Types>"#,
);

const PACKAGE_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"</Relationships>"#,
);

const DOCUMENT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    r#"</Relationships>"#,
);

const APP_PROPERTIES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
    r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    r#"<Application>Middenveld</Application>"#,
    r#"</Properties>"#,
);

// Without a compatibility mode Word opens the file as a Word 2007 document in
// "Compatibility Mode"; 15 is the current one (Word 2013 and later).
const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:defaultTabStop w:val="708"/>"#,
    r#"<w:characterSpacingControl w:val="doNotCompress"/>"#,
    r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
    r#"</w:settings>"#,
);

fn core_properties(doc: &DocxDocument) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    let _ = write!(xml, "<dc:title>{}</dc:title>", Escaped(&doc.title));
    if !doc.language.is_empty() {
        let _ = write!(xml, "<dc:language>{}</dc:language>", Escaped(&doc.language));
    }
    xml.push_str("</cp:coreProperties>");
    xml
}

/// `word/document.xml`, and how many numbered lists it holds (each needs a `w:num`).
struct Body {
    xml: String,
    numbered_lists: usize,
}

impl Body {
    fn write(blocks: &[DocxBlock]) -> Body {
        let mut body = Body {
            xml: String::from(XML_DECLARATION),
            numbered_lists: 0,
        };
        let _ = write!(body.xml, r#"<w:document xmlns:w="{W_NS}"><w:body>"#);
        for (i, block) in blocks.iter().enumerate() {
            body.block(block);
            // Word merges adjacent tables into one and wants a paragraph before the end of
            // the body, so a table there gets an empty paragraph after it.
            if matches!(block, DocxBlock::Table { .. })
                && matches!(blocks.get(i + 1), None | Some(DocxBlock::Table { .. }))
            {
                body.xml.push_str("<w:p/>");
            }
        }
        let _ = write!(
            body.xml,
            concat!(
                r#"<w:sectPr><w:pgSz w:w="{w}" w:h="{h}"/>"#,
                r#"<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="708" w:footer="708" w:gutter="0"/>"#,
                r#"<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>"#,
                "</w:body></w:document>",
            ),
            w = PAGE_WIDTH,
            h = PAGE_HEIGHT,
            m = MARGIN,
        );
        body
    }

    fn block(&mut self, block: &DocxBlock) {
        match block {
            DocxBlock::Title(text) => self.paragraph(r#"<w:pStyle w:val="Title"/>"#, text, false),
            DocxBlock::Heading { level, text } => {
                let style = format!(r#"<w:pStyle w:val="Heading{}"/>"#, (*level).clamp(1, 3));
                self.paragraph(&style, text, false);
            }
            DocxBlock::Paragraph(text) => self.paragraph("", text, false),
            DocxBlock::Label(text) => self.paragraph("<w:keepNext/>", text, true),
            DocxBlock::Bullets(items) => self.list(BULLET_NUM_ID, items),
            DocxBlock::Numbered(items) => {
                self.numbered_lists += 1;
                self.list(BULLET_NUM_ID + self.numbered_lists, items);
            }
            DocxBlock::Table { header, rows } => self.table(header, rows),
            DocxBlock::PageBreak => self.xml.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
        }
    }

    /// A paragraph; `properties` is the inside of its `w:pPr`, in schema order.
    fn paragraph(&mut self, properties: &str, text: &str, bold: bool) {
        self.xml.push_str("<w:p>");
        if !properties.is_empty() {
            let _ = write!(self.xml, "<w:pPr>{properties}</w:pPr>");
        }
        self.run(text, bold);
        self.xml.push_str("</w:p>");
    }

    fn list(&mut self, num_id: usize, items: &[String]) {
        let properties = format!(
            r#"<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>"#
        );
        for item in items {
            self.paragraph(&properties, item, false);
        }
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let columns = rows.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let column_count = u32::try_from(columns).unwrap_or(u32::MAX);
        let column_width = TEXT_WIDTH / column_count;
        let _ = write!(
            self.xml,
            concat!(
                r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{}" w:type="dxa"/>"#,
                "{}",
                r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#,
                "</w:tblPr><w:tblGrid>",
            ),
            column_width * column_count,
            TABLE_BORDERS,
        );
        for _ in 0..columns {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{column_width}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        if !header.is_empty() {
            self.table_row(header, columns, column_width, true);
        }
        for row in rows {
            self.table_row(row, columns, column_width, false);
        }
        self.xml.push_str("</w:tbl>");
    }

    fn table_row(&mut self, cells: &[String], columns: usize, column_width: u32, header: bool) {
        self.xml.push_str("<w:tr>");
        if header {
            self.xml.push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        }
        let shading = if header {
            r#"<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>"#
        } else {
            ""
        };
        for column in 0..columns {
            let text = cells.get(column).map_or("", String::as_str);
            let _ = write!(
                self.xml,
                r#"<w:tc><w:tcPr><w:tcW w:w="{column_width}" w:type="dxa"/>{shading}</w:tcPr><w:p><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>"#
            );
            self.run(text, header);
            self.xml.push_str("</w:p></w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }

    /// One run holding `text`, with line breaks and tabs as Word's own elements.
    fn run(&mut self, text: &str, bold: bool) {
        if !text.chars().any(|c| is_text_char(c) || c == '\n' || c == '\t') {
            return;
        }
        self.xml.push_str("<w:r>");
        if bold {
            self.xml.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
        }
        let mut segment = String::new();
        for c in text.chars() {
            match c {
                '\n' | '\t' => {
                    self.text(&segment);
                    segment.clear();
                    self.xml.push_str(if c == '\n' { "<w:br/>" } else { "<w:tab/>" });
                }
                c if is_text_char(c) => segment.push(c),
                _ => {}
            }
        }
        self.text(&segment);
        self.xml.push_str("</w:r>");
    }

    fn text(&mut self, segment: &str) {
        if segment.is_empty() {
            return;
        }
        // Without `preserve` XML readers may drop leading, trailing and doubled spaces.
        let _ = write!(self.xml, r#"<w:t xml:space="preserve">{}</w:t>"#, Escaped(segment));
    }
}

/// Borders repeated on every table, besides its style: LibreOffice does not always take
/// them from the style.
const TABLE_BORDERS: &str = concat!(
    "<w:tblBorders>",
    r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    r#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#,
    "</w:tblBorders>",
);

fn styles(language: &str) -> String {
    let mut xml = String::from(XML_DECLARATION);
    let _ = write!(xml, r#"<w:styles xmlns:w="{W_NS}">"#);
    let lang = if language.is_empty() {
        String::new()
    } else {
        format!(r#"<w:lang w:val="{}"/>"#, Escaped(language))
    };
    let _ = write!(
        xml,
        concat!(
            "<w:docDefaults><w:rPrDefault><w:rPr>",
            r#"<w:rFonts w:ascii="Calibri" w:eastAsia="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>"#,
            r#"<w:sz w:val="22"/><w:szCs w:val="22"/>{}"#,
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
            r#"<w:spacing w:after="160" w:line="259" w:lineRule="auto"/>"#,
            "</w:pPr></w:pPrDefault></w:docDefaults>",
        ),
        lang,
    );
    xml.push_str(concat!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#,
        r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>"#,
        r#"<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>"#,
        r#"<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>"#,
        r#"<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>"#,
        r#"<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        r#"<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>"#,
        r#"<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>"#,
        r#"<w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>"#,
        r#"<w:pPr><w:spacing w:after="240" w:line="240" w:lineRule="auto"/><w:contextualSpacing/></w:pPr>"#,
        r#"<w:rPr><w:color w:val="1F3864"/><w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr></w:style>"#,
    ));
    for (level, size, before) in [(1, 32, 360), (2, 28, 240), (3, 24, 200)] {
        let _ = write!(
            xml,
            concat!(
                r#"<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>"#,
                r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>"#,
                r#"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>"#,
                r#"<w:outlineLvl w:val="{outline}"/></w:pPr>"#,
                r#"<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#,
            ),
            level = level,
            outline = level - 1,
            size = size,
            before = before,
        );
    }
    xml.push_str(concat!(
        r#"<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>"#,
        r#"<w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>"#,
        r#"<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr></w:style>"#,
        r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>"#,
        r#"<w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr>"#,
    ));
    xml.push_str(TABLE_BORDERS);
    xml.push_str("</w:tblPr></w:style></w:styles>");
    xml
}

/// One bullet and one decimal definition; a `w:num` for the bullets and one per numbered list,
/// each starting over at 1.
fn numbering(numbered_lists: usize) -> String {
    let mut xml = String::from(XML_DECLARATION);
    let _ = write!(xml, r#"<w:numbering xmlns:w="{W_NS}">"#);
    for (abstract_id, format, text, font) in [
        (
            BULLET_ABSTRACT_ID,
            "bullet",
            "\u{2022}",
            r#"<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri" w:hint="default"/></w:rPr>"#,
        ),
        (DECIMAL_ABSTRACT_ID, "decimal", "%1.", ""),
    ] {
        let _ = write!(
            xml,
            concat!(
                r#"<w:abstractNum w:abstractNumId="{}"><w:multiLevelType w:val="singleLevel"/>"#,
                r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{}"/><w:lvlText w:val="{}"/>"#,
                r#"<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>{}</w:lvl></w:abstractNum>"#,
            ),
            abstract_id, format, text, font,
        );
    }
    let _ = write!(
        xml,
        r#"<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_ABSTRACT_ID}"/></w:num>"#
    );
    for list in 1..=numbered_lists {
        let _ = write!(
            xml,
            concat!(
                r#"<w:num w:numId="{}"><w:abstractNumId w:val="{}"/>"#,
                r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            ),
            BULLET_NUM_ID + list,
            DECIMAL_ABSTRACT_ID,
        );
    }
    xml.push_str("</w:numbering>");
    xml
}

/// Characters XML 1.0 can hold in text, less the control characters Word has no use for;
/// `'\n'` and `'\t'` are handled by the caller.
fn is_text_char(c: char) -> bool {
    !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}'
}

/// Text escaped for XML content and attribute values, with characters XML cannot hold left out.
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                c if is_text_char(c) => f.write_char(c)?,
                _ => {}
            }
        }
        Ok(())
    }
}
