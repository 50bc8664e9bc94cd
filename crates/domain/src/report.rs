//! The annual report chapter of one objective, in the structure and headings of the province's
//! annual accounts: Context, Acties, Toelichting op voortgang (with the results), Financiën,
//! Basisinformatie. A chapter becomes a list of [`Block`]s, which the web page, Markdown and
//! the Word document each write in their own way.

use crate::accountability::{Finance, FinanceLine, FinanceLineKind};

/// The marker a progress note may hold on a line of its own: the results go there. Without it
/// they follow the note.
pub const RESULTS_MARKER: &str = "[resultaten]";

/// One piece of a report, independent of the output format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// A bold label, as "Verantwoordelijk portefeuillehouder:".
    Label(String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
}

/// What goes into a chapter; the service gathers it.
#[derive(Debug, Clone, Default)]
pub struct Chapter {
    pub code: String,
    pub name: String,
    pub context: Option<String>,
    pub actions: Vec<String>,
    pub progress_note: Option<String>,
    /// (indicator name, value as written), in the order of the actions and indicators.
    pub results: Vec<(String, String)>,
    pub finance: Option<Finance>,
    pub portfolio_holder: Option<String>,
    pub province_role: Option<String>,
    pub duration: Option<String>,
    /// The name of the reserve in "Relatie met reserve …:".
    pub reserve_name: Option<String>,
    pub reserve_relation: Option<String>,
    pub decision_references: Option<String>,
    pub website: Option<String>,
}

/// The headings of a chapter, in order.
pub const HEADINGS: [&str; 5] = [
    "Context",
    "Acties",
    "Toelichting op voortgang",
    "Financiën",
    "Basisinformatie",
];

/// Splits free text into paragraphs (blank lines between) and lists (lines starting with
/// "•", "-" or "*"; or "1." "2." …).
pub fn text_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let normalised = text.replace("\r\n", "\n");
    for para in normalised.split("\n\n") {
        let lines: Vec<&str> = para.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        let bullet = |l: &str| {
            l.strip_prefix('•')
                .or_else(|| l.strip_prefix("- "))
                .or_else(|| l.strip_prefix("* "))
                .map(|r| r.trim().to_string())
        };
        let numbered = |l: &str| {
            let (n, rest) = l.split_once(". ")?;
            (!n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())).then(|| rest.trim().to_string())
        };
        if let Some(items) = lines.iter().map(|l| bullet(l)).collect::<Option<Vec<_>>>() {
            push_list(&mut out, Block::Bullets(items));
        } else if let Some(items) = lines.iter().map(|l| numbered(l)).collect::<Option<Vec<_>>>() {
            push_list(&mut out, Block::Numbered(items));
        } else {
            out.push(Block::Paragraph(lines.join("\n")));
        }
    }
    out
}

/// Adds a list, joining it to a directly preceding list of the same kind (a list written
/// with blank lines between its items is still one list).
fn push_list(out: &mut Vec<Block>, block: Block) {
    match (out.last_mut(), block) {
        (Some(Block::Bullets(prev)), Block::Bullets(items)) => prev.extend(items),
        (Some(Block::Numbered(prev)), Block::Numbered(items)) => prev.extend(items),
        (_, block) => out.push(block),
    }
}

impl Chapter {
    /// The title of the chapter: "5.3.2 Innovatie".
    pub fn title(&self) -> String {
        format!("{} {}", self.code, self.name)
    }

    /// The chapter as blocks; `level` is the heading level of its title (its sections are one
    /// deeper).
    pub fn blocks(&self, level: u8) -> Vec<Block> {
        let h = |text: &str| Block::Heading {
            level: level + 1,
            text: text.to_string(),
        };
        let mut out = vec![Block::Heading {
            level,
            text: self.title(),
        }];

        out.push(h(HEADINGS[0]));
        if let Some(c) = &self.context {
            out.extend(text_blocks(c));
        }

        out.push(h(HEADINGS[1]));
        if !self.actions.is_empty() {
            out.push(Block::Numbered(self.actions.clone()));
        }

        out.push(h(HEADINGS[2]));
        let results = || {
            let mut r = Vec::new();
            if !self.results.is_empty() {
                r.push(Block::Paragraph("De resultaten:".into()));
                r.push(Block::Bullets(
                    self.results
                        .iter()
                        .map(|(name, value)| format!("{name}: {value}"))
                        .collect(),
                ));
            }
            r
        };
        match self.progress_note.as_deref() {
            Some(note) if note.lines().any(|l| l.trim() == RESULTS_MARKER) => {
                let mut before = String::new();
                let mut after = String::new();
                let mut seen = false;
                for line in note.lines() {
                    if !seen && line.trim() == RESULTS_MARKER {
                        seen = true;
                        continue;
                    }
                    let target = if seen { &mut after } else { &mut before };
                    target.push_str(line);
                    target.push('\n');
                }
                out.extend(text_blocks(&before));
                out.extend(results());
                out.extend(text_blocks(&after));
            }
            Some(note) => {
                out.extend(text_blocks(note));
                out.extend(results());
            }
            None => out.extend(results()),
        }

        out.push(h(HEADINGS[3]));
        if let Some(f) = &self.finance {
            out.extend(finance_blocks(f, level + 2));
        }

        out.push(h(HEADINGS[4]));
        let mut basis = |label: &str, value: &Option<String>| {
            if let Some(v) = value {
                out.push(Block::Label(label.to_string()));
                out.extend(text_blocks(v));
            }
        };
        basis("Verantwoordelijk portefeuillehouder:", &self.portfolio_holder);
        basis("Rol provincie:", &self.province_role);
        basis("Looptijd prestatie:", &self.duration);
        let reserve_label = format!(
            "Relatie met reserve {}:",
            self.reserve_name.as_deref().unwrap_or("van de provincie")
        );
        let reserve = match (&self.reserve_relation, &self.decision_references) {
            (None, None) => None,
            (r, d) => Some(
                [r.clone(), d.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
        };
        basis(&reserve_label, &reserve);
        basis("Project website:", &self.website);
        out
    }
}

fn finance_blocks(f: &Finance, sub_level: u8) -> Vec<Block> {
    let mut out = Vec::new();
    let mut opening = format!("Het saldo op deze prestatie bedraagt {}", f.balance.dutch());
    match &f.composition {
        Some(c) => {
            opening.push_str(" en is samengesteld uit ");
            opening.push_str(c.trim_end_matches('.'));
            opening.push('.');
        }
        None => opening.push('.'),
    }
    out.push(Block::Paragraph(opening));
    fn of<'a>(f: &'a Finance, kinds: &'a [FinanceLineKind]) -> impl Iterator<Item = &'a FinanceLine> + 'a {
        f.lines.iter().filter(move |l| kinds.contains(&l.kind))
    }
    let explaining: Vec<String> = of(
        f,
        &[
            FinanceLineKind::Underspending,
            FinanceLineKind::Shortfall,
            FinanceLineKind::ReserveWithdrawal,
            FinanceLineKind::ReserveAddition,
        ],
    )
    .map(|l| l.text.clone())
    .collect();
    if !explaining.is_empty() {
        out.push(Block::Bullets(explaining));
    }
    for l in of(f, &[FinanceLineKind::ExternalIncome, FinanceLineKind::ResultAllocation]) {
        out.extend(text_blocks(&l.text));
    }
    let amendments: Vec<_> = of(f, &[FinanceLineKind::BudgetAmendment]).collect();
    if !amendments.is_empty() {
        out.push(Block::Heading {
            level: sub_level,
            text: "Begrotingswijziging GS".into(),
        });
        for l in amendments {
            out.extend(text_blocks(&l.text));
        }
    }
    out
}

/// Markdown of blocks: headings with #, lists with "-" and "1.", text escaped where Markdown
/// would read it as markup.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading { level, text } => {
                out.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
                out.push(' ');
                out.push_str(&md_escape(text));
            }
            Block::Paragraph(t) => out.push_str(&md_escape(t).replace('\n', "  \n")),
            Block::Label(t) => {
                out.push_str("**");
                out.push_str(&md_escape(t));
                out.push_str("**");
            }
            Block::Bullets(items) => {
                let lines: Vec<String> = items.iter().map(|i| format!("- {}", md_escape(i))).collect();
                out.push_str(&lines.join("\n"));
            }
            Block::Numbered(items) => {
                let lines: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {}", n + 1, md_escape(i)))
                    .collect();
                out.push_str(&lines.join("\n"));
            }
        }
        out.push_str("\n\n");
    }
    out
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        // A line that would start a heading, a list or a quote keeps its text.
        if trimmed.starts_with(['#', '>', '-', '+', '*']) {
            out.push('\\');
        } else if let Some((n, _)) = trimmed.split_once(". ")
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
        {
            out.push_str(n);
            out.push_str("\\. ");
            out.push_str(&trimmed[n.len() + 2..]);
            continue;
        }
        for c in line.chars() {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_results_go_where_the_note_marks_them() {
        let chapter = Chapter {
            code: "5.3.2".into(),
            name: "Innovatie".into(),
            progress_note: Some("Eerste alinea.\n\n[resultaten]\n\nTweede alinea.".into()),
            results: vec![("Aantal spin-offs".into(), "10".into())],
            ..Chapter::default()
        };
        let blocks = chapter.blocks(2);
        let i = blocks
            .iter()
            .position(|b| *b == Block::Paragraph("De resultaten:".into()))
            .unwrap();
        assert_eq!(blocks[i - 1], Block::Paragraph("Eerste alinea.".into()));
        assert_eq!(blocks[i + 1], Block::Bullets(vec!["Aantal spin-offs: 10".into()]));
        assert_eq!(blocks[i + 2], Block::Paragraph("Tweede alinea.".into()));
        let headings: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level: 3, text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, HEADINGS);
    }

    #[test]
    fn lists_in_free_text_become_lists() {
        let b = text_blocks("Intro:\n\n • een\n • twee\n\n1. eerste\n2. tweede");
        assert_eq!(
            b,
            vec![
                Block::Paragraph("Intro:".into()),
                Block::Bullets(vec!["een".into(), "twee".into()]),
                Block::Numbered(vec!["eerste".into(), "tweede".into()]),
            ]
        );
    }

    #[test]
    fn markdown_keeps_text_as_text() {
        let md = markdown(&[
            Block::Paragraph("#in - Overijssel <b>".into()),
            Block::Numbered(vec!["a".into()]),
        ]);
        assert_eq!(md, "\\#in - Overijssel \\<b\\>\n\n1. a\n\n");
    }
}
