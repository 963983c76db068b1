//! Documents of kinds nianbao does not read, told by their bytes, so that
//! the refusal says what the file is and how to turn it into one nianbao
//! reads — instead of a reader's confusion ("JSON syntax error" of an RTF
//! file, "damaged workbook" of an .odt).
//!
//! Reports are published as RTF, OpenDocument text (`.odt`), OFD (China's
//! fixed-layout format) and scanned images,
//! besides the formats nianbao reads.

use nianbao_model::Message;

/// A kind of document nianbao does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// Rich Text Format.
    Rtf,
    /// OpenDocument text (LibreOffice Writer).
    Odt,
    /// OFD, China's fixed-layout document format.
    Ofd,
    /// A picture: a scan or a photo of a report.
    Image,
}

/// The kind of document `bytes` are, when nianbao does not read it.
pub fn foreign(bytes: &[u8]) -> Option<Foreign> {
    let head = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if head.trim_ascii_start().starts_with(b"{\\rtf") {
        return Some(Foreign::Rtf);
    }
    if head.starts_with(b"PK\x03\x04") {
        // OpenDocument puts its media type first, stored: `mimetype` at
        // byte 30, the type right after it.
        if head.get(30..38) == Some(b"mimetype") {
            let ty = &head[38..head.len().min(38 + 64)];
            return ty
                .starts_with(b"application/vnd.oasis.opendocument.text")
                .then_some(Foreign::Odt);
        }
        let ooxml = memchr::memmem::find(bytes, b"[Content_Types].xml").is_some();
        return (!ooxml && memchr::memmem::find(bytes, b"OFD.xml").is_some())
            .then_some(Foreign::Ofd);
    }
    let image = [
        &b"\x89PNG\r\n\x1a\n"[..],
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"II*\0",
        b"MM\0*",
        b"BM",
    ];
    if image.iter().any(|m| head.starts_with(m)) && !is_text_like(head) {
        return Some(Foreign::Image);
    }
    None
}

/// Whether the first bytes read as text (`BM…` may start a line of text).
fn is_text_like(head: &[u8]) -> bool {
    let start = &head[..head.len().min(64)];
    std::str::from_utf8(start).is_ok_and(|s| !s.contains('\0'))
}

impl Foreign {
    /// What the file is and how to make of it a file nianbao reads.
    pub fn message(self) -> Message {
        let (zh, en) = match self {
            Foreign::Rtf => (
                "这是 RTF 格式的文件，nianbao 读取 .docx：请在 Word/WPS 中“另存为”.docx，或用 LibreOffice 转换（soffice --headless --convert-to docx 文件名）",
                "this is an RTF file; nianbao reads .docx: save it as .docx in Word or WPS, or convert it with LibreOffice (soffice --headless --convert-to docx FILE)",
            ),
            Foreign::Odt => (
                "这是 OpenDocument 文本（.odt）文件，nianbao 读取 .docx：请另存为 .docx（soffice --headless --convert-to docx 文件名）",
                "this is an OpenDocument text (.odt) file; nianbao reads .docx: save it as .docx (soffice --headless --convert-to docx FILE)",
            ),
            Foreign::Ofd => (
                "这是 OFD 版式文件，nianbao 不读取 OFD：请用 OFD 阅读器（如数科、福昕）将其导出或打印为 PDF 后再读取",
                "this is an OFD file (China's fixed-layout format), which nianbao does not read: export or print it to PDF with an OFD reader first",
            ),
            Foreign::Image => (
                "这是一张图片（扫描件或照片），没有可读取的文字：请找原 Word/PDF 文件或网页，或先做文字识别（OCR）",
                "this is a picture (a scan or a photo) with no text to read: find the original Word or PDF file or the web page, or run OCR on it first",
            ),
        };
        Message::new(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_their_bytes() {
        assert_eq!(foreign(b"{\\rtf1\\ansi"), Some(Foreign::Rtf));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.resize(30, 0);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(foreign(&odt), Some(Foreign::Odt));
        let mut ods = odt[..38].to_vec();
        ods.extend_from_slice(b"application/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(foreign(&ods), None, "a spreadsheet goes on");
        assert_eq!(foreign(b"PK\x03\x04....OFD.xml...."), Some(Foreign::Ofd));
        assert_eq!(foreign(b"PK\x03\x04....[Content_Types].xml..OFD.xml"), None);
        assert_eq!(foreign(b"\x89PNG\r\n\x1a\n\0\0"), Some(Foreign::Image));
        assert_eq!(foreign("BM 某局2023年".as_bytes()), None);
        assert_eq!(foreign("{\"organ\":1}".as_bytes()), None);
    }
}
