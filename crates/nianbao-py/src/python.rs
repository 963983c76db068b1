//! The extension module `nianbao._nianbao`: argument and result conversion
//! only. The Python package (`python/nianbao/__init__.py`) wraps these
//! functions with the public API, docstrings and the pandas / pyarrow
//! assembly; the type stubs are beside it.
//!
//! Every read releases the GIL (`Python::detach`): a report is read while
//! other Python threads run, and `dataset` reads on rayon's threads.

use crate::frame::{Builder, Column, Shape};
use nianbao::Format;
use nianbao_batch::Outcome;
use nianbao_model::{Diagnostic, Lang, Location, Report, Severity};
use pyo3::create_exception;
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList};
use rayon::prelude::*;
use std::path::PathBuf;

create_exception!(
    nianbao,
    RefusedError,
    PyValueError,
    "The input is not read as a report. `.diagnostics` lists every problem \
     found (rule, severity, message, location); `.source` names the input."
);

fn lang_of(lang: &str) -> PyResult<Lang> {
    match lang {
        "zh" | "zh-CN" | "zh_CN" | "cn" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(PyValueError::new_err(format!(
            "lang must be \"zh\" or \"en\", not {lang:?}"
        ))),
    }
}

fn format_of(format: Option<&str>) -> PyResult<Option<Format>> {
    format
        .map(|f| {
            crate::format_named(f).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown format {f:?}: one of txt, json, csv, xlsx, html, docx, pdf"
                ))
            })
        })
        .transpose()
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A diagnostic as a dict: the JSON object of the command line's contract
/// (`severity, rule, location, message`) plus the cell it is about.
fn diagnostic<'py>(
    py: Python<'py>,
    d: &Diagnostic,
    lang: Lang,
    source: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    if let Some(s) = source {
        out.set_item("source", s)?;
    }
    out.set_item("severity", severity(d.severity))?;
    out.set_item("rule", &d.rule)?;
    out.set_item("message", d.message.get(lang))?;
    let location = match &d.location {
        None => None,
        Some(Location::Text { line, column, .. }) => {
            let l = PyDict::new(py);
            l.set_item("line", line)?;
            l.set_item("column", column)?;
            Some(l)
        }
        Some(Location::Cell { sheet, cell }) => {
            let l = PyDict::new(py);
            l.set_item("sheet", sheet)?;
            l.set_item("cell", cell)?;
            Some(l)
        }
    };
    out.set_item("location", location)?;
    out.set_item(
        "cell",
        d.cell.map(|c| nianbao_model::form::cell_def(c).path()),
    )?;
    Ok(out)
}

fn diagnostics<'py>(
    py: Python<'py>,
    ds: &[Diagnostic],
    lang: Lang,
) -> PyResult<Bound<'py, PyList>> {
    let items = ds
        .iter()
        .map(|d| diagnostic(py, d, lang, None))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// The error raised for a refused input.
fn refused(py: Python<'_>, source: Option<&str>, ds: &[Diagnostic], lang: Lang) -> PyErr {
    let first = ds
        .iter()
        .find(|d| d.is_error())
        .or(ds.first())
        .map(|d| {
            let at = d
                .location
                .as_ref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            format!("[{}]{at}: {}", d.rule, d.message.get(lang))
        })
        .unwrap_or_default();
    let more = ds.len().saturating_sub(1);
    let name = source.unwrap_or("<bytes>");
    let text = match (lang, more) {
        (Lang::Zh, 0) => format!("无法读取 {name}：{first}"),
        (Lang::Zh, n) => format!("无法读取 {name}：{first}（另有 {n} 处问题）"),
        (Lang::En, 0) => format!("cannot read {name}: {first}"),
        (Lang::En, n) => format!("cannot read {name}: {first} (and {n} more)"),
    };
    let err = RefusedError::new_err(text);
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("diagnostics", diagnostics(py, ds, lang)?)?;
        value.setattr("source", source)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// One report, read and checked.
#[pyclass(module = "nianbao", name = "Report", frozen)]
pub struct PyReport {
    report: Report,
    diagnostics: Vec<Diagnostic>,
    source: Option<String>,
    lang: Lang,
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

#[pymethods]
impl PyReport {
    /// The title line, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        non_empty(&self.report.title)
    }

    /// The organ (机关) the report is of, or None when the title names none.
    #[getter]
    fn organ(&self) -> Option<&str> {
        non_empty(&self.report.organ)
    }

    /// The year reported on, or None.
    #[getter]
    fn year(&self) -> Option<u16> {
        self.report.year
    }

    /// The edition of the form: "2021" or "2019".
    #[getter]
    fn form(&self) -> &'static str {
        self.report.form.name()
    }

    /// Where the report was read from (a path), or None for bytes.
    #[getter]
    fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The language of messages: "zh" or "en".
    #[getter]
    fn lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Every finding: the reader's warnings, then the consistency rules.
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        diagnostics(py, &self.diagnostics, self.lang)
    }

    /// Number of errors among the findings.
    #[getter]
    fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings among the findings.
    #[getter]
    fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The report as JSON in the shape of FORM.md.
    fn to_json(&self) -> PyResult<String> {
        self.text(Format::Json)
    }

    /// The report as long CSV (one line per number).
    fn to_csv(&self) -> PyResult<String> {
        self.text(Format::Csv)
    }

    /// The report as canonical text.
    fn to_text(&self) -> PyResult<String> {
        self.text(Format::Text)
    }

    /// The report as a dict in the JSON shape of FORM.md. Blank cells are
    /// None; the fee is a float, or an exact `decimal.Decimal` with
    /// `decimal=True`.
    #[pyo3(signature = (decimal=false))]
    fn to_dict<'py>(&self, py: Python<'py>, decimal: bool) -> PyResult<Bound<'py, PyAny>> {
        let json = py.import("json")?;
        let text = self.to_json()?;
        if decimal {
            let kwargs = PyDict::new(py);
            kwargs.set_item("parse_float", py.import("decimal")?.getattr("Decimal")?)?;
            json.call_method("loads", (text,), Some(&kwargs))
        } else {
            json.call_method1("loads", (text,))
        }
    }

    /// Writes the report as the official spreadsheet form, the cells the
    /// findings are about marked; with no path, returns the bytes.
    #[pyo3(signature = (path=None))]
    fn to_xlsx<'py>(
        &self,
        py: Python<'py>,
        path: Option<PathBuf>,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        self.write_to(py, Format::Xlsx, path)
    }

    /// Writes the report as a Word file; with no path, returns the bytes.
    /// Raises ValueError while nianbao does not write Word files.
    #[pyo3(signature = (path=None))]
    fn to_docx<'py>(
        &self,
        py: Python<'py>,
        path: Option<PathBuf>,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        self.write_to(py, Format::Docx, path)
    }

    /// The number in a cell, by its wide column name
    /// (`report["applications_new_total"]`): an int, an exact
    /// `decimal.Decimal` for an amount, or None for a blank.
    fn __getitem__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let cells = self.report.form_def().cells();
        let Some(cell) = cells.iter().find(|c| crate::frame::column_name(c) == name) else {
            return Err(PyKeyError::new_err(name.to_owned()));
        };
        match self.report.get(cell.id) {
            None => Ok(py.None().into_bound(py)),
            Some(nianbao_model::Value::Count(n)) => Ok(n.into_pyobject(py)?.into_any()),
            Some(nianbao_model::Value::Signed(n)) => Ok(n.into_pyobject(py)?.into_any()),
            Some(nianbao_model::Value::Amount(d)) => py
                .import("decimal")?
                .getattr("Decimal")?
                .call1((d.to_string(),)),
        }
    }

    /// The wide column names of this report's cells, in form order.
    fn keys(&self) -> Vec<String> {
        self.report
            .form_def()
            .cells()
            .iter()
            .map(crate::frame::column_name)
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<nianbao.Report {} {} form={} errors={} warnings={}>",
            non_empty(&self.report.organ).unwrap_or("?"),
            self.report
                .year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "?".into()),
            self.report.form.name(),
            self.errors(),
            self.warnings()
        )
    }
}

impl PyReport {
    fn bytes(&self, format: Format) -> PyResult<Vec<u8>> {
        nianbao::write(&self.report, &self.diagnostics, format)
            .map_err(|e| PyValueError::new_err(e.0.get(self.lang).to_owned()))
    }

    fn text(&self, format: Format) -> PyResult<String> {
        String::from_utf8(self.bytes(format)?).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    fn write_to<'py>(
        &self,
        py: Python<'py>,
        format: Format,
        path: Option<PathBuf>,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let bytes = py.detach(|| self.bytes(format))?;
        match path {
            Some(p) => {
                py.detach(|| std::fs::write(&p, &bytes))?;
                Ok(None)
            }
            None => Ok(Some(PyBytes::new(py, &bytes))),
        }
    }
}

/// What `source` names: bytes to read, or a path.
enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

fn source_of(source: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(b) = source.cast::<PyBytes>() {
        return Ok(Source::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = source.cast::<PyByteArray>() {
        return Ok(Source::Bytes(b.to_vec()));
    }
    source.extract::<PathBuf>().map(Source::Path).map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err("expected a path (str or os.PathLike) or bytes")
    })
}

/// Reads one report; raises RefusedError when it is not read, OSError when
/// the file cannot be opened.
#[pyfunction]
#[pyo3(name = "read", signature = (source, format=None, lang="zh"))]
fn read_report(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: Option<&str>,
    lang: &str,
) -> PyResult<PyReport> {
    let lang = lang_of(lang)?;
    let format = format_of(format)?;
    let src = source_of(source)?;
    let (name, outcome) = py.detach(|| -> std::io::Result<_> {
        Ok(match src {
            Source::Bytes(b) => {
                let format = format.unwrap_or_else(|| nianbao::sniff_bytes(&b));
                (None, nianbao::read(&b, format))
            }
            Source::Path(p) => {
                // A path that is not there is an OSError in Python
                // (FileNotFoundError), not a refusal. Not opened here: the
                // front door opens it once (it may be a pipe).
                std::fs::metadata(&p)?;
                (
                    Some(p.display().to_string()),
                    nianbao::read_path(&p, format),
                )
            }
        })
    })?;
    let outcome = outcome.map(|read| (nianbao::check(&read), read.report));
    match outcome {
        Ok((diagnostics, report)) => Ok(PyReport {
            report,
            diagnostics,
            source: name,
            lang,
        }),
        Err(refusal) => Err(refused(py, name.as_deref(), &refusal.diagnostics, lang)),
    }
}

/// The consolidated report (汇总) of `reports`; raises RefusedError when
/// they cannot be summed exactly.
#[pyfunction]
#[pyo3(name = "sum", signature = (reports, organ="", allow_mixed_years=false, lang="zh"))]
fn sum_reports(
    py: Python<'_>,
    reports: Vec<Bound<'_, PyReport>>,
    organ: &str,
    allow_mixed_years: bool,
    lang: &str,
) -> PyResult<PyReport> {
    let lang = lang_of(lang)?;
    let mut summer = nianbao_batch::sum::Summer::default();
    for (i, r) in reports.iter().enumerate() {
        let r = r.get();
        let name = r.source.clone().unwrap_or_else(|| format!("#{}", i + 1));
        summer.add(&name, &r.report, &r.diagnostics);
    }
    let options = nianbao_batch::sum::SumOptions {
        organ: organ.to_owned(),
        allow_mixed_years,
    };
    match summer.finish(&options) {
        Ok(c) => {
            let mut diagnostics = c.warnings;
            diagnostics.extend(nianbao_model::rules::check(&c.report, None));
            Ok(PyReport {
                report: c.report,
                diagnostics,
                source: None,
                lang,
            })
        }
        Err(why) => Err(refused(py, None, &why, lang)),
    }
}

/// One column crossing to Python: `(name, kind, data, extra)`.
///
/// - `"int"`: data = int64 bytes, extra = validity bytes (1 = present)
/// - `"float"`: data = float64 bytes, extra = validity bytes
/// - `"dict"`: data = int32 codes (−1 missing), extra = list of categories
/// - `"text"`: data = list of str or None, extra = None
fn column<'py>(py: Python<'py>, name: String, c: Column) -> PyResult<Bound<'py, PyAny>> {
    fn bytes<'py, T: Copy, const N: usize>(
        py: Python<'py>,
        v: &[T],
        to: impl Fn(T) -> [u8; N],
    ) -> PyResult<Bound<'py, PyByteArray>> {
        PyByteArray::new_with(py, v.len() * N, |buf| {
            for (chunk, &x) in buf.chunks_exact_mut(N).zip(v) {
                chunk.copy_from_slice(&to(x));
            }
            Ok(())
        })
    }
    let valid = |py, v: &[bool]| bytes(py, v, |b| [u8::from(b)]);
    let t = match c {
        Column::Int { values, valid: ok } => (
            name,
            "int",
            bytes(py, &values, i64::to_ne_bytes)?.into_any(),
            valid(py, &ok)?.into_any(),
        ),
        Column::Float { values, valid: ok } => (
            name,
            "float",
            bytes(py, &values, f64::to_ne_bytes)?.into_any(),
            valid(py, &ok)?.into_any(),
        ),
        Column::Dict { codes, categories } => (
            name,
            "dict",
            bytes(py, &codes, i32::to_ne_bytes)?.into_any(),
            PyList::new(py, categories)?.into_any(),
        ),
        Column::Text(v) => (
            name,
            "text",
            PyList::new(py, v)?.into_any(),
            py.None().into_bound(py),
        ),
    };
    t.into_pyobject(py).map(|t| t.into_any())
}

/// Reads every report under `paths` in parallel, the GIL released, into
/// columns of `shape`. `progress(done, total)` is called between chunks.
/// Returns `(rows, columns, diagnostics or None)`.
#[pyfunction]
#[pyo3(signature = (paths, shape="wide", lang="zh", progress=None, threads=None, chunk=256, keep_diagnostics=false))]
#[allow(clippy::too_many_arguments)]
fn dataset<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    shape: &str,
    lang: &str,
    progress: Option<Bound<'py, PyAny>>,
    threads: Option<usize>,
    chunk: usize,
    keep_diagnostics: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = lang_of(lang)?;
    let shape = match shape {
        "wide" => Shape::Wide,
        "long" => Shape::Long,
        _ => {
            return Err(PyValueError::new_err(format!(
                "shape must be \"wide\" or \"long\", not {shape:?}"
            )))
        }
    };
    let pool = threads
        .map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build())
        .transpose()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let inputs = py.detach(|| nianbao_batch::walk(&paths, &crate::wanted));
    let total = inputs.len();
    if let Some(p) = &progress {
        p.call1((0, total))?;
    }
    let mut builder = Builder::new(shape, lang);
    builder.keep_diagnostics = keep_diagnostics;
    let mut done = 0;
    for part in inputs.chunks(chunk.max(1)) {
        py.detach(|| {
            let read_part = || -> Vec<(String, Outcome)> {
                part.par_iter()
                    .map(|input| {
                        let name = nianbao_batch::engine::source_name(input.path());
                        (name, read_input(input))
                    })
                    .collect()
            };
            let outcomes = match &pool {
                Some(pool) => pool.install(read_part),
                None => read_part(),
            };
            for (name, o) in &outcomes {
                builder.push(name, o);
            }
        });
        done += part.len();
        py.check_signals()?;
        if let Some(p) = &progress {
            p.call1((done, total))?;
        }
    }
    let rows = builder.rows();
    let diags = if keep_diagnostics {
        let items = builder
            .diagnostics
            .iter()
            .map(|(s, d)| diagnostic(py, d, lang, Some(s)))
            .collect::<PyResult<Vec<_>>>()?;
        Some(PyList::new(py, items)?)
    } else {
        None
    };
    let columns = builder
        .finish()
        .into_iter()
        .map(|(n, c)| column(py, n, c))
        .collect::<PyResult<Vec<_>>>()?;
    (rows, PyList::new(py, columns)?, diags)
        .into_pyobject(py)
        .map(|t| t.into_any())
}

fn read_input(input: &nianbao_batch::Input) -> Outcome {
    match input {
        nianbao_batch::Input::File(p) => nianbao_batch::read_one(p),
        nianbao_batch::Input::Unreachable(_, why) => Outcome::Unreadable(vec![Diagnostic::error(
            nianbao_batch::engine::IO_RULE,
            None,
            nianbao_model::Message::new(format!("无法读取：{why}"), format!("cannot read: {why}")),
        )]),
    }
}

/// The wide shape's column names: the leading ones, one per cell, then
/// `reason`.
#[pyfunction]
fn wide_columns() -> Vec<String> {
    crate::frame::WIDE_LEADING
        .iter()
        .map(|s| s.to_string())
        .chain(crate::frame::wide_cell_columns().iter().cloned())
        .chain(std::iter::once("reason".to_owned()))
        .collect()
}

/// The extension module.
#[pymodule]
fn _nianbao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("RefusedError", m.py().get_type::<RefusedError>())?;
    m.add_class::<PyReport>()?;
    m.add_function(wrap_pyfunction!(read_report, m)?)?;
    m.add_function(wrap_pyfunction!(sum_reports, m)?)?;
    m.add_function(wrap_pyfunction!(dataset, m)?)?;
    m.add_function(wrap_pyfunction!(wide_columns, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
