//! Output: every command builds one [`Report`] value and hands it to a [`Renderer`], which
//! prints it either as JSON (exactly the serialised value) or as tables for people.
//!
//! Figures are computed by the libraries and carried in the report; the table code only
//! formats them (thousands separators, fixed decimals), it never derives new numbers.

use std::fmt::Display;
use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::cli::GlobalArgs;

/// A command's result: serialisable as JSON, and renderable as titled tables.
pub trait Report: Serialize {
    /// The human rendering: one or more sections, each a table with a title and notes.
    fn sections(&self, style: &Style) -> Vec<Section>;
}

/// One titled table plus free-text notes printed under it.
#[derive(Debug)]
pub struct Section {
    /// Printed above the table; empty for none.
    pub title: String,
    /// The table itself (build it with [`Style::table`]).
    pub table: Table,
    /// Lines printed after the table (units, caveats, theoretical bounds).
    pub notes: Vec<String>,
}

impl Section {
    /// A section with a title and a table, and no notes.
    pub fn new(title: impl Into<String>, table: Table) -> Self {
        Self { title: title.into(), table, notes: Vec::new() }
    }

    /// Adds a note line printed under the table.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// How tables look: colour or plain.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether ANSI styling (bold headers) is used.
    pub color: bool,
}

impl Style {
    /// A table with the project's look and the given header row. Columns whose header is in
    /// `numeric` are right-aligned, the way people compare numbers.
    pub fn table<S: AsRef<str>>(&self, headers: &[S]) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Disabled);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let header: Vec<Cell> = headers
            .iter()
            .map(|h| {
                let cell = Cell::new(h.as_ref());
                if self.color { cell.add_attribute(Attribute::Bold) } else { cell }
            })
            .collect();
        table.set_header(header);
        table
    }
}

/// A left-aligned text cell.
pub fn text(value: impl Display) -> Cell {
    Cell::new(value)
}

/// A right-aligned number cell (already formatted, e.g. by [`int`] or [`fixed`]).
pub fn num(value: impl Display) -> Cell {
    Cell::new(value).set_alignment(CellAlignment::Right)
}

/// An integer with thousands separators: `83803` → `83,803`.
pub fn int(value: impl Into<i128>) -> String {
    let value: i128 = value.into();
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A float with a fixed number of decimals; non-finite values print as `-`.
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_finite() { format!("{value:.decimals$}") } else { "-".to_owned() }
}

/// A percentage with a fixed number of decimals and a `%` sign; `value` is already in percent.
pub fn pct(value: f64, decimals: usize) -> String {
    if value.is_finite() { format!("{value:.decimals$}%") } else { "-".to_owned() }
}

/// Prints reports the way the global flags ask for.
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    /// Print JSON instead of tables.
    pub json: bool,
    /// Table styling.
    pub style: Style,
}

impl Renderer {
    /// The renderer for stdout under the global flags (`--json`, `--color`, NO_COLOR).
    pub fn from_global(global: &GlobalArgs) -> Self {
        Self { json: global.json, style: Style { color: global.color.stdout() } }
    }

    /// Renders a report to a string: pretty JSON, or the sections separated by blank lines.
    pub fn render<R: Report + ?Sized>(&self, report: &R) -> String {
        if self.json {
            let mut out = serde_json::to_string_pretty(report)
                .unwrap_or_else(|err| format!("{{\"error\": \"report did not serialise: {err}\"}}"));
            out.push('\n');
            return out;
        }
        let mut out = String::new();
        for (i, section) in report.sections(&self.style).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if !section.title.is_empty() {
                out.push_str(&section.title);
                out.push('\n');
            }
            out.push_str(&section.table.to_string());
            out.push('\n');
            for note in &section.notes {
                out.push_str(note);
                out.push('\n');
            }
        }
        out
    }

    /// Renders a report to stdout. A closed pipe (`veysi ... | head`) is not an error.
    pub fn print<R: Report + ?Sized>(&self, report: &R) -> io::Result<()> {
        let rendered = self.render(report);
        let mut stdout = io::stdout().lock();
        match stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()) {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Demo {
        rows: Vec<(String, u64)>,
    }

    impl Report for Demo {
        fn sections(&self, style: &Style) -> Vec<Section> {
            let mut table = style.table(&["name", "keys"]);
            for (name, keys) in &self.rows {
                table.add_row(vec![text(name), num(int(*keys))]);
            }
            vec![Section::new("Demo", table).note("a note")]
        }
    }

    fn demo() -> Demo {
        Demo { rows: vec![("a".into(), 83_803), ("b".into(), 5)] }
    }

    #[test]
    fn int_groups_thousands() {
        assert_eq!(int(0u8), "0");
        assert_eq!(int(999u16), "999");
        assert_eq!(int(1_000u32), "1,000");
        assert_eq!(int(83_803u64), "83,803");
        assert_eq!(int(-1_234_567i64), "-1,234,567");
    }

    #[test]
    fn fixed_and_pct_format_non_finite_as_dash() {
        assert_eq!(fixed(1.23456, 2), "1.23");
        assert_eq!(pct(83.8, 1), "83.8%");
        assert_eq!(fixed(f64::NAN, 2), "-");
        assert_eq!(pct(f64::INFINITY, 1), "-");
    }

    #[test]
    fn json_rendering_is_exactly_the_serialised_value() {
        let r = Renderer { json: true, style: Style { color: false } };
        let out = r.render(&demo());
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed, serde_json::json!({"rows": [["a", 83803], ["b", 5]]}));
    }

    #[test]
    fn table_rendering_has_title_rows_and_notes_without_ansi_when_plain() {
        let r = Renderer { json: false, style: Style { color: false } };
        let out = r.render(&demo());
        assert!(out.starts_with("Demo\n"), "{out}");
        assert!(out.contains("83,803"), "{out}");
        assert!(out.trim_end().ends_with("a note"), "{out}");
        assert!(!out.contains('\u{1b}'), "plain output must carry no escape codes: {out:?}");
    }

    #[test]
    fn coloured_tables_use_ansi_styling() {
        let r = Renderer { json: false, style: Style { color: true } };
        assert!(r.render(&demo()).contains('\u{1b}'));
    }
}
