//! Text → report, and report → canonical text.
//!
//! [`decode`] turns bytes in any encoding real reports come in into text;
//! [`parse`] reads a report from text in any of the layouts real reports
//! come in (tab, pipe, markdown, space-aligned, one cell per line, …);
//! [`render`] writes a report back in the official layout, so that
//! `parse(render(r)) == r`.

mod decode;
pub mod layouts;
mod parse;
mod render;

pub use decode::{decode, DecodeError, Decoded};
pub use nianbao_model::Read;
pub use parse::{parse, ParseError};
pub use render::render;

/// Decodes and parses in one step.
pub fn parse_bytes(bytes: &[u8]) -> Result<Read, ParseError> {
    let decoded = decode(bytes).map_err(ParseError::Decode)?;
    parse(&decoded.text)
}
