//! Where each number stands in a JSON or long-CSV input, so that findings
//! about a report read from those formats name a line and column too.
//!
//! This is an index of positions, not a reader: the report itself comes
//! from [`crate::json`] or [`crate::csv`], and a key the index cannot place
//! is simply left without a location.

use nianbao_model::{Location, Report, SourceMap};

/// Positions of `table.row.column` values in a JSON text of FORM.md's shape.
pub fn json(text: &str, report: &Report) -> SourceMap {
    let form = report.form_def();
    let mut map = SourceMap::new(report.form);
    let mut path: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    let (mut line, mut col) = (1u32, 1u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let (l, cl) = (line, col);
        advance(c, &mut line, &mut col);
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    advance(c, &mut line, &mut col);
                    match c {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                advance(e, &mut line, &mut col);
                                s.push(e);
                            }
                        }
                        '"' => break,
                        _ => s.push(c),
                    }
                }
                // A string followed by `:` is a key.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    advance(chars.next().unwrap_or(' '), &mut line, &mut col);
                }
                if chars.peek() == Some(&':') {
                    pending = Some(s);
                } else {
                    pending = None;
                }
            }
            '{' => path.push(pending.take().unwrap_or_default()),
            '}' => {
                path.pop();
            }
            ':' | ',' | '[' | ']' => {}
            c if c.is_whitespace() => {}
            _ => {
                // The first character of a number or a literal.
                if let (Some(key), [_, table, row]) = (pending.take(), path.as_slice()) {
                    if let Some(id) = form.cell(table, row, &key) {
                        let len = 1 + count_while(&mut chars, &mut line, &mut col);
                        map.set(
                            id,
                            Location::Text {
                                line: l,
                                column: cl,
                                len,
                            },
                        );
                    }
                }
            }
        }
    }
    map
}

fn advance(c: char, line: &mut u32, col: &mut u32) {
    if c == '\n' {
        *line += 1;
        *col = 1;
    } else {
        *col += 1;
    }
}

/// Consumes the rest of a number or literal; returns its length.
fn count_while(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    line: &mut u32,
    col: &mut u32,
) -> u32 {
    let mut n = 0;
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+') {
            advance(c, line, col);
            chars.next();
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// Positions of values in a long CSV (`section,row,col,value`): the value
/// field of each line.
pub fn csv(text: &str, report: &Report) -> SourceMap {
    let form = report.form_def();
    let mut map = SourceMap::new(report.form);
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.splitn(4, ',');
        let (Some(t), Some(r), Some(c), Some(v)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Some(id) = form.cell(t.trim_start_matches('\u{feff}'), r, c) else {
            continue;
        };
        let column = (t.chars().count() + r.chars().count() + c.chars().count() + 4) as u32;
        let len = v.trim_end_matches('\r').chars().count().max(1) as u32;
        if let Ok(line) = u32::try_from(i + 1) {
            map.set(id, Location::Text { line, column, len });
        }
    }
    map
}

/// The place of a JSON reader's error, counted in characters: serde_json
/// counts columns in bytes, diagnostics in characters.
pub fn json_error(text: &str, line: usize, byte_column: usize) -> Option<Location> {
    if line == 0 {
        return None;
    }
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    let column = line_text[..end].chars().count() + 1;
    Some(Location::text(
        u32::try_from(line).ok()?,
        u32::try_from(column).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::{FormVersion, Value};

    fn report() -> Report {
        let mut r = Report::empty(FormVersion::V2021);
        r.title = "某局 \"2023\" 年报 {x}".into();
        r.sections.overview = "含有 \"引号\"、{括号}、冒号: 和\n换行".into();
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        r.set(id, Some(Value::Count(12)));
        r
    }

    #[test]
    fn json_positions_point_at_the_values() {
        let r = report();
        let text = crate::json::to_json(&r);
        let map = json(&text, &r);
        let form = r.form_def();
        for c in form.cells() {
            let Some(Location::Text { line, column, len }) = map.get(c.id).cloned() else {
                panic!("{} not located", c.path());
            };
            let l = text.lines().nth(line as usize - 1).unwrap();
            let value: String = l
                .chars()
                .skip(column as usize - 1)
                .take(len as usize)
                .collect();
            let want = r.get(c.id).map_or("null".to_owned(), |v| v.to_string());
            assert_eq!(value, want, "{} at {line}:{column}", c.path());
            assert!(
                l.trim_start().starts_with(&format!("\"{}\"", c.column.key)),
                "{l}"
            );
        }
    }

    #[test]
    fn csv_positions_point_at_the_values() {
        let r = report();
        let text = crate::csv::to_long_csv(&r);
        let map = csv(&text, &r);
        let id = r.form_def().cell("applications", "new", "natural").unwrap();
        let Some(Location::Text { line, column, len }) = map.get(id).cloned() else {
            panic!()
        };
        let l = text.lines().nth(line as usize - 1).unwrap();
        assert_eq!(l, "applications,new,natural,12");
        assert_eq!((column, len), (26, 2));
    }
}
