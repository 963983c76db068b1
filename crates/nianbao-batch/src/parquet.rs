//! The wide table ([`crate::dataset`]) as Parquet, through the `parquet`
//! crate's low-level column writer (no Arrow: it would triple the build).
//!
//! Types: counts are `INT64` annotated unsigned (`UINT_64`, read by DuckDB
//! as `UBIGINT`), signed changes `INT64`, amounts (the fee, in 万元 or 元)
//! the exact decimal text (`UTF8`) — never a float; cast in SQL where a
//! float will do. Rows are buffered [`ROW_GROUP`] at a time and written as
//! one row group, so memory stays bounded whatever the size of the batch.

use crate::dataset::{columns, Lead, LEADING, TRAILING};
use crate::engine::{Item, Sink};
use crate::BatchError;
use nianbao_model::{Diagnostic, Lang, Value, ValueKind};
use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
pub const ROW_GROUP: usize = 2048;

/// The Parquet schema of the wide table.
pub fn schema() -> String {
    let mut s = String::from("message nianbao {\n");
    s.push_str("  REQUIRED BYTE_ARRAY source (UTF8);\n");
    s.push_str("  OPTIONAL BYTE_ARRAY organ (UTF8);\n");
    s.push_str("  OPTIONAL INT32 year;\n");
    s.push_str("  OPTIONAL BYTE_ARRAY form (UTF8);\n");
    s.push_str("  REQUIRED BYTE_ARRAY status (UTF8);\n");
    s.push_str("  REQUIRED INT64 errors;\n");
    s.push_str("  REQUIRED INT64 warnings;\n");
    for c in &columns().columns {
        let (ty, note) = match c.kind {
            ValueKind::Count => ("INT64", " (INTEGER(64,false))"),
            ValueKind::Signed => ("INT64", ""),
            ValueKind::Amount | ValueKind::Yuan => ("BYTE_ARRAY", " (UTF8)"),
        };
        s.push_str(&format!("  OPTIONAL {ty} {}{note};\n", c.name));
    }
    for t in TRAILING {
        s.push_str(&format!("  OPTIONAL BYTE_ARRAY {t} (UTF8);\n"));
    }
    s.push('}');
    s
}

/// One buffered row.
struct Row {
    lead: Lead,
    values: Vec<(u16, Value)>,
}

/// The Parquet sink.
pub struct ParquetSink<W: Write + Send> {
    writer: Option<SerializedFileWriter<W>>,
    rows: Vec<Row>,
    lang: Lang,
}

fn perr(e: parquet::errors::ParquetError) -> BatchError {
    BatchError::Io(std::io::Error::other(e.to_string()))
}

impl<W: Write + Send> ParquetSink<W> {
    /// A sink on `out`.
    pub fn new(out: W, lang: Lang) -> Result<Self, BatchError> {
        let schema = Arc::new(parse_message_type(&schema()).map_err(perr)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_created_by("nianbao".to_owned())
                .build(),
        );
        Ok(ParquetSink {
            writer: Some(SerializedFileWriter::new(out, schema, props).map_err(perr)?),
            rows: Vec::with_capacity(ROW_GROUP),
            lang,
        })
    }

    fn push(&mut self, row: Row) -> Result<(), BatchError> {
        self.rows.push(row);
        if self.rows.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), BatchError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let Some(w) = &mut self.writer else {
            return Ok(());
        };
        let rows = std::mem::take(&mut self.rows);
        let n = rows.len();
        // Cells column by column: per column, (row, value).
        let ncols = columns().columns.len();
        let mut by_col: Vec<Vec<(u32, Value)>> = vec![Vec::new(); ncols];
        for (r, row) in rows.iter().enumerate() {
            for &(c, v) in &row.values {
                by_col[c as usize].push((r as u32, v));
            }
        }
        let mut rg = w.next_row_group().map_err(perr)?;
        let mut k = 0usize;
        while let Some(mut col) = rg.next_column().map_err(perr)? {
            let text = |f: &dyn Fn(&Lead) -> Option<&str>| -> (Vec<ByteArray>, Vec<i16>) {
                let mut vals = Vec::new();
                let mut defs = Vec::with_capacity(n);
                for row in &rows {
                    match f(&row.lead) {
                        Some(s) => {
                            vals.push(ByteArray::from(s));
                            defs.push(1);
                        }
                        None => defs.push(0),
                    }
                }
                (vals, defs)
            };
            let ncells = columns().columns.len();
            let named = if k < LEADING.len() {
                Some(LEADING[k])
            } else if k >= LEADING.len() + ncells {
                Some(TRAILING[k - LEADING.len() - ncells])
            } else {
                None
            };
            if let Some(field) = named {
                match field {
                    "year" => {
                        let mut vals = Vec::new();
                        let mut defs = Vec::with_capacity(n);
                        for row in &rows {
                            match row.lead.year {
                                Some(y) => {
                                    vals.push(i32::from(y));
                                    defs.push(1);
                                }
                                None => defs.push(0),
                            }
                        }
                        col.typed::<Int32Type>()
                            .write_batch(&vals, Some(&defs), None)
                            .map_err(perr)?;
                    }
                    "errors" | "warnings" => {
                        let e = field == "errors";
                        let vals: Vec<i64> = rows
                            .iter()
                            .map(|r| (if e { r.lead.errors } else { r.lead.warnings }) as i64)
                            .collect();
                        col.typed::<Int64Type>()
                            .write_batch(&vals, None, None)
                            .map_err(perr)?;
                    }
                    "source" | "status" => {
                        let s = field == "source";
                        let vals: Vec<ByteArray> = rows
                            .iter()
                            .map(|r| {
                                ByteArray::from(if s {
                                    r.lead.source.as_str()
                                } else {
                                    r.lead.status
                                })
                            })
                            .collect();
                        col.typed::<ByteArrayType>()
                            .write_batch(&vals, None, None)
                            .map_err(perr)?;
                    }
                    name => {
                        let (vals, defs) = match name {
                            "organ" => text(&|l| Some(l.organ.as_str()).filter(|s| !s.is_empty())),
                            "form" => text(&|l| Some(l.form).filter(|s| !s.is_empty())),
                            "duplicate_of" => text(&|l| l.duplicate_of.as_deref()),
                            _ => text(&|l| l.reason.as_deref()),
                        };
                        col.typed::<ByteArrayType>()
                            .write_batch(&vals, Some(&defs), None)
                            .map_err(perr)?;
                    }
                }
            } else {
                let c = k - LEADING.len();
                let cells = &by_col[c];
                let mut defs = vec![0i16; n];
                for &(r, _) in cells {
                    defs[r as usize] = 1;
                }
                match columns().columns[c].kind {
                    ValueKind::Count | ValueKind::Signed => {
                        let mut vals = Vec::with_capacity(cells.len());
                        for &(_, v) in cells {
                            vals.push(match v {
                                // The unsigned annotation reads the bits back.
                                Value::Count(x) => x as i64,
                                Value::Signed(x) => x,
                                Value::Amount(_) => {
                                    return Err(BatchError::Io(std::io::Error::other(
                                        "an amount in a count column",
                                    )))
                                }
                            });
                        }
                        col.typed::<Int64Type>()
                            .write_batch(&vals, Some(&defs), None)
                            .map_err(perr)?;
                    }
                    ValueKind::Amount | ValueKind::Yuan => {
                        let vals: Vec<ByteArray> = cells
                            .iter()
                            .map(|(_, v)| ByteArray::from(v.to_string().as_str()))
                            .collect();
                        col.typed::<ByteArrayType>()
                            .write_batch(&vals, Some(&defs), None)
                            .map_err(perr)?;
                    }
                }
            }
            col.close().map_err(perr)?;
            k += 1;
        }
        rg.close().map_err(perr)?;
        Ok(())
    }
}

impl<W: Write + Send> Sink for ParquetSink<W> {
    fn report(&mut self, item: &Item<'_>) -> Result<(), BatchError> {
        let lead = Lead::of_item(item, item.duplicate_of.map(str::to_owned));
        let values = item
            .report
            .values()
            .iter()
            .zip(columns().of(item.report.form))
            .filter_map(|(v, &c)| Some((c as u16, (*v)?)))
            .collect();
        self.push(Row { lead, values })
    }
    fn unreadable(&mut self, source: &str, d: &[Diagnostic]) -> Result<(), BatchError> {
        let lead = Lead::unreadable(source, d, self.lang);
        self.push(Row {
            lead,
            values: Vec::new(),
        })
    }
    fn cross(&mut self, _: &str, _: &Diagnostic) -> Result<(), BatchError> {
        Ok(())
    }
    fn finish(&mut self) -> Result<(), BatchError> {
        self.flush()?;
        if let Some(w) = self.writer.take() {
            let mut out = w.into_inner().map_err(perr)?;
            out.flush()?;
        }
        Ok(())
    }
}
