//! Acceptance of the annual report (issue 5): the demo carries the 2017 data of seed 002 and
//! the 2018 data of seed 000; the generated chapters hold every line of the seeds' chapters —
//! headings, actions, results with their figures, finances, basic information — in the
//! seeds' order, as blocks, as Markdown and in the Word document.

use crate::{TestApp, both};
use middenveld_domain::report::Block;
use middenveld_services::Actor;
use std::io::Read;

/// A chapter of the province's annual report from tests/fixtures (see its README).
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A line as compared: list markers and numbering off, whitespace collapsed.
fn normalise(line: &str) -> String {
    let mut t = line.trim();
    if let Some(r) = t.strip_prefix('•') {
        t = r.trim();
    }
    if let Some((n, rest)) = t.split_once(". ")
        && !n.is_empty()
        && n.len() <= 2
        && n.chars().all(|c| c.is_ascii_digit())
    {
        t = rest;
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn seed_lines(text: &str) -> Vec<String> {
    text.lines().map(normalise).filter(|l| !l.is_empty()).collect()
}

fn block_lines(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } | Block::Label(text) => out.push(normalise(text)),
            Block::Paragraph(t) => out.extend(t.lines().map(normalise)),
            Block::Bullets(items) | Block::Numbered(items) => out.extend(items.iter().map(|i| normalise(i))),
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Every seed line is a generated line, in the seed's order.
fn assert_in_order(seed: &[String], generated: &[String], what: &str) {
    let mut at = 0;
    for line in seed {
        match generated[at..].iter().position(|g| g == line) {
            Some(i) => at += i + 1,
            None => {
                let anywhere = generated.iter().any(|g| g == line);
                panic!(
                    "{what}: seed line {} in the generated chapter\n  {line}\n(generated has {} lines; from line {at}: {:?})",
                    if anywhere { "out of order" } else { "missing" },
                    generated.len(),
                    generated.get(at..(at + 3).min(generated.len()))
                );
            }
        }
    }
}

/// The text of each paragraph of a Word document, line by line.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    // A line break within a paragraph: compare per line, as the seeds are written.
    let xml = xml.replace("<w:br/>", "<w:t>\n</w:t>");
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let mut out = Vec::new();
    for para in xml.split("</w:p>") {
        let mut text = String::new();
        let mut rest = para;
        while let Some(start) = rest.find("<w:t") {
            let after = &rest[start..];
            // <w:t> or <w:t xml:space="preserve">, not <w:tab/> or <w:tbl>.
            let Some(close) = after.find('>') else { break };
            let tag = &after[..close];
            if !(tag == "<w:t" || tag.starts_with("<w:t ")) {
                rest = &after[close..];
                continue;
            }
            let body = &after[close + 1..];
            let end = body.find("</w:t>").unwrap_or(body.len());
            text.push_str(&unescape(&body[..end]));
            rest = &body[end..];
        }
        out.extend(text.split('\n').map(str::to_string));
    }
    out
}

async fn the_annual_report_reproduces_the_seed_chapters(app: &TestApp) {
    let s = &app.services;
    middenveld_services::demo::load_demo(s).await.unwrap();
    let actor = Actor::system("test");

    // Seed 002: the 2017 chapter of objective 5.3.2.
    let report = s.annual_report(&actor, 2017).await.unwrap();
    let (oy, chapter) = report
        .chapters
        .iter()
        .find(|(o, _)| o.objective.data.code == "5.3.2")
        .expect("chapter 5.3.2 in the 2017 report");
    let results: Vec<String> = chapter.results.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    assert_eq!(
        results,
        [
            "Aantal ontmoetingen/evenementen: >160",
            "Aantal deelnemers aan evenementen: >8000",
            "Aantal private of publiek-private consortia: >100",
            "Aantal gefaciliteerde/ondersteunde ondernemers: >500",
            "Aantal gerealiseerde spin-offs: 10",
            "Aantal ingezette trajecten rondom Overijsselse opgaven als launching customer: 3",
        ]
    );
    // The counted ones come from the register; every target of 2017 is achieved.
    for i in &oy.indicators {
        assert_eq!(
            i.status,
            middenveld_domain::accountability::TargetStatus::Achieved,
            "{}",
            i.indicator.data.name
        );
    }
    let blocks = chapter.blocks(2);
    let seed_002 = seed_lines(&fixture("jaarverslag-2017-prestatie-5.3.2.txt"));
    assert_in_order(&seed_002, &block_lines(&blocks), "2017 chapter 5.3.2");

    // The Markdown and the Word document carry the same lines.
    let md = report.markdown();
    for figure in [
        "€ 145.000",
        "€ 246.000",
        "€ 101.000",
        "€ 680.000",
        "\\>160",
        "\\>8000",
        "PS/2016/871",
    ] {
        assert!(md.contains(figure), "{figure} in the Markdown");
    }
    let docx = report.docx().unwrap();
    assert!(docx.starts_with(b"PK"));
    let paragraphs: Vec<String> = docx_paragraphs(&docx).iter().map(|p| normalise(p)).collect();
    let word_lines: Vec<String> = paragraphs.into_iter().filter(|l| !l.is_empty()).collect();
    assert_in_order(&seed_002, &word_lines, "2017 chapter 5.3.2 in Word");

    // Seed 000: the 2018 chapter of the programme on sustainability.
    let report = s.annual_report(&actor, 2018).await.unwrap();
    let (_, chapter) = report
        .chapters
        .iter()
        .find(|(o, _)| o.objective.data.code == "D.1")
        .expect("chapter D.1 in the 2018 report");
    assert_eq!(
        chapter.results,
        vec![("Aantal actieve Waardemakers netwerken".to_string(), "2".to_string())]
    );
    assert_in_order(
        &seed_lines(&fixture("jaarverslag-2018-programma-duurzaamheid.txt")),
        &block_lines(&chapter.blocks(2)),
        "2018 chapter of the programme on sustainability",
    );

    // Freezing 2017 keeps its figures: a new event of 2017 does not change the report.
    s.freeze_year(&actor, Some("2017")).await.unwrap();
    let before = s.annual_report(&actor, 2017).await.unwrap().markdown();
    let mut input = middenveld_domain::event::EventInput {
        name: "Nagekomen bijeenkomst".into(),
        kind: Some("netwerkbijeenkomst".into()),
        starts_at: Some("2017-12-20T10:00".into()),
        ..Default::default()
    };
    s.create_event(&actor, input.clone()).await.unwrap();
    let report = s.annual_report(&actor, 2017).await.unwrap();
    assert_eq!(report.markdown(), before, "a frozen year's report does not change");
    assert!(report.frozen.is_some());
    let o = report
        .chapters
        .iter()
        .find(|(o, _)| o.objective.data.code == "5.3.2")
        .unwrap();
    let events = &o.0.indicators[0];
    assert!(events.frozen);
    // Live, the register has one event more than the frozen value.
    s.unfreeze_year(&actor, 2017).await.unwrap();
    let live = s.objective_year(&actor, o.0.objective.id, 2017).await.unwrap();
    assert_eq!(live.indicators[0].realised, events.realised.map(|v| v + 1));
    input.name = "Nog een".into();
    s.create_event(&actor, input).await.unwrap();
}
both!(the_annual_report_reproduces_the_seed_chapters);

async fn the_word_report_converts_with_libreoffice(app: &TestApp) {
    let s = &app.services;
    middenveld_services::demo::load_demo(s).await.unwrap();
    let docx = s
        .annual_report(&Actor::system("test"), 2017)
        .await
        .unwrap()
        .docx()
        .unwrap();
    crate::helpers::converts_to_pdf("jaarverslag-2017", &docx);
}
both!(the_word_report_converts_with_libreoffice);
