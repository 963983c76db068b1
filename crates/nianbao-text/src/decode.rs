//! Encoding detection: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM,
//! GB18030/GBK; any line ends.

/// Decoded text and the encoding it was found in.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, BOM removed, line ends as in the source.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GB18030`, …).
    pub encoding: &'static str,
}

/// Why bytes are not a report's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not text at all.
    #[error("not a text file (binary content at byte {offset})")]
    Binary {
        /// Where the first binary byte is.
        offset: usize,
    },
    /// Declares an encoding (BOM) the bytes do not follow.
    #[error("invalid {encoding} at byte {offset}")]
    Invalid {
        /// The declared encoding.
        encoding: &'static str,
        /// Where the first invalid sequence starts.
        offset: usize,
    },
}

/// Detects the encoding of `bytes` and decodes them.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let _ = bytes;
    todo!("decode")
}
