//! Two reports compared cell by cell (`nianbao diff A B`): every number of
//! the wide table's columns ([`crate::dataset::columns`]) that differs,
//! with the change, so reports of the two editions of the form compare
//! where they share a cell. Rendered as text and as a page in the style of
//! the review ([`crate::review::html`]).

use crate::dataset::columns;
use crate::review::html::{esc, page};
use nianbao_model::{Lang, Report, Value};

/// One number that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The SQL-safe column name.
    pub name: String,
    /// The Chinese label.
    pub label: String,
    /// The value in A.
    pub a: Option<Value>,
    /// The value in B.
    pub b: Option<Value>,
}

impl Change {
    /// B − A when both are whole numbers.
    pub fn delta(&self) -> Option<i128> {
        let n = |v: Option<Value>| match v? {
            Value::Count(n) => Some(i128::from(n)),
            Value::Signed(n) => Some(i128::from(n)),
            Value::Amount(_) => None,
        };
        Some(n(self.b)? - n(self.a)?)
    }
}

/// The values of `r` by wide column.
fn wide(r: &Report) -> Vec<Option<Value>> {
    let cols = columns();
    let mut out = vec![None; cols.columns.len()];
    for (v, &c) in r.values().iter().zip(cols.of(r.form)) {
        out[c] = *v;
    }
    out
}

/// Every number that differs between `a` and `b`, in the order of the form.
pub fn diff(a: &Report, b: &Report) -> Vec<Change> {
    let (wa, wb) = (wide(a), wide(b));
    columns()
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| wa[*i] != wb[*i])
        .map(|(i, c)| Change {
            name: c.name.clone(),
            label: c.label.clone(),
            a: wa[i],
            b: wb[i],
        })
        .collect()
}

fn show(v: Option<Value>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

fn delta(c: &Change) -> String {
    c.delta()
        .map(|d| {
            if d > 0 {
                format!("+{d}")
            } else {
                d.to_string()
            }
        })
        .unwrap_or_default()
}

fn who(r: &Report) -> String {
    format!(
        "{} {}",
        r.organ,
        r.year.map(|y| y.to_string()).unwrap_or_default()
    )
}

/// The comparison as text: a heading line, then one line per change.
pub fn text(a: (&str, &Report), b: (&str, &Report), changes: &[Change], lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "A：{}（{}）\nB：{}（{}）\n{} 个数字不同\n",
            a.0,
            who(a.1),
            b.0,
            who(b.1),
            changes.len()
        ),
        Lang::En => format!(
            "A: {} ({})\nB: {} ({})\n{} number(s) differ\n",
            a.0,
            who(a.1),
            b.0,
            who(b.1),
            changes.len()
        ),
    };
    for c in changes {
        let name = match lang {
            Lang::Zh => &c.label,
            Lang::En => &c.name,
        };
        s.push_str(&format!(
            "{name}: {} → {} {}\n",
            show(c.a),
            show(c.b),
            delta(c)
        ));
    }
    s
}

/// The comparison as a self-contained page.
pub fn html(a: (&str, &Report), b: (&str, &Report), changes: &[Change], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut body = String::new();
    body.push_str(&format!(
        "<p>A：{}（{}）<br>B：{}（{}）</p><p>{}</p>",
        esc(a.0),
        esc(&who(a.1)),
        esc(b.0),
        esc(&who(b.1)),
        if zh {
            format!("{} 个数字不同", changes.len())
        } else {
            format!("{} number(s) differ", changes.len())
        }
    ));
    body.push_str("<table><thead><tr>");
    for h in if zh {
        ["单元格", "列名", "A", "B", "变化"]
    } else {
        ["cell", "column", "A", "B", "change"]
    } {
        body.push_str(&format!("<th>{h}</th>"));
    }
    body.push_str("</tr></thead><tbody>");
    for c in changes {
        body.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(&c.label),
            esc(&c.name),
            esc(&show(c.a)),
            esc(&show(c.b)),
            esc(&delta(c))
        ));
    }
    body.push_str("</tbody></table>");
    let title = if zh {
        "年报对比"
    } else {
        "Report comparison"
    };
    page(title, lang, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_model::FormVersion;

    #[test]
    fn only_differences_are_listed() {
        let mut a = Report::empty(FormVersion::V2021);
        let id = a.form_def().cell("applications", "new", "natural").unwrap();
        a.set(id, Some(Value::Count(3)));
        let mut b = a.clone();
        b.set(id, Some(Value::Count(5)));
        let d = diff(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].name, "applications_new_natural");
        assert_eq!(d[0].delta(), Some(2));
        let t = text(("a", &a), ("b", &b), &d, Lang::En);
        assert!(t.contains("applications_new_natural: 3 → 5 +2"), "{t}");
    }
}
