//! Streaming CSV: guesses the encoding and delimiter, decodes to UTF-8 on the fly and yields raw
//! rows with the physical line where each starts, in constant memory.

use std::collections::VecDeque;
use std::io::{self, Read, Seek, SeekFrom};

use encoding_rs::{DecoderResult, Encoding};

use crate::detect::utf16_without_bom;
use crate::error::TableError;
use crate::reader::{Dialect, Limits, Source};

/// Delimiters we recognise, in order of preference when the evidence is equal.
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];
/// Records looked at to decide the delimiter.
const SNIFF_RECORDS: usize = 50;
const RAW_CHUNK: usize = 16 * 1024;

/// The encodings we read, as named in [`Dialect::encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextEncoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Windows1252 => "windows-1252",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The decoder to UTF-8, or `None` when the bytes are UTF-8 already.
    fn decoder(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => None,
            TextEncoding::Windows1252 => Some(encoding_rs::WINDOWS_1252),
            TextEncoding::Utf16Le => Some(encoding_rs::UTF_16LE),
            TextEncoding::Utf16Be => Some(encoding_rs::UTF_16BE),
        }
    }
}

/// Raw rows of a CSV file: cells as found, with the line where the record starts.
pub(crate) struct CsvRows {
    reader: csv::Reader<Decode<Counted<Source>>>,
    record: csv::ByteRecord,
    dialect: Dialect,
    max_cell_bytes: usize,
    total: u64,
    /// Line breaks counted so far (before the start of the last record).
    breaks_before: u64,
    last_line: u64,
}

impl CsvRows {
    /// Prepares reading `source`, whose first bytes are `head`.
    pub(crate) fn new(mut source: Source, head: &[u8], total: u64, limits: Limits) -> Result<CsvRows, TableError> {
        let (encoding, bom_len) = sniff_encoding(&mut source, head)?;
        source.seek(SeekFrom::Start(bom_len as u64))?;

        let head_text = decode_head(encoding, head.get(bom_len..).unwrap_or_default());
        let head_is_whole_file = head.len() as u64 >= total;
        let delimiter = sniff_delimiter(&head_text, head_is_whole_file).unwrap_or(
            if matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be) {
                b'\t'
            } else {
                b';'
            },
        );

        let counted = Counted {
            inner: source,
            count: bom_len as u64,
            limit: limits.max_file_bytes,
            over_limit: false,
        };
        let decode = Decode::new(counted, encoding.decoder(), delimiter);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .double_quote(true)
            .quoting(true)
            .from_reader(decode);
        Ok(CsvRows {
            reader,
            record: csv::ByteRecord::new(),
            dialect: Dialect {
                delimiter,
                encoding: encoding.name(),
            },
            max_cell_bytes: limits.max_cell_bytes,
            total,
            breaks_before: 0,
            last_line: 1,
        })
    }

    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Bytes of the file read so far, and its size.
    pub(crate) fn progress(&self) -> (u64, u64) {
        let read = self.reader.get_ref().inner.count;
        (read.min(self.total), self.total)
    }

    /// The next record, or `None` at the end of the file.
    pub(crate) fn next_raw(&mut self) -> Option<Result<(u64, Vec<String>), TableError>> {
        let found = match self.reader.read_byte_record(&mut self.record) {
            Ok(found) => found,
            Err(e) => return Some(Err(self.read_error(e))),
        };
        let line = if found {
            let parse_start = self.record.position().map_or(0, |p| p.byte());
            self.start_line(parse_start)
        } else {
            self.last_line
        };
        self.last_line = line;
        let decode = self.reader.get_ref();
        if decode.at_end && decode.quotes == QuoteState::InQuoted {
            return Some(Err(TableError::Truncated { line: Some(line) }));
        }
        if !found {
            return None;
        }
        Some(self.cells(line))
    }

    /// The physical line where the record whose parse began at byte `parse_start` of the
    /// decoded text really starts. The csv crate's own line numbers count from the end of the
    /// previous record, which is off after blank lines and with CRLF line ends, so we count
    /// the line breaks (LF, CRLF or a lone CR) that the decoder saw before the record's first
    /// byte: a parse skips only blank lines before it, made of CR and LF bytes alone.
    fn start_line(&mut self, parse_start: u64) -> u64 {
        let breaks = &mut self.reader.get_mut().breaks;
        let mut first_byte = parse_start;
        for &(offset, _) in breaks.iter().skip_while(|(offset, _)| *offset < parse_start) {
            if offset != first_byte {
                break;
            }
            first_byte += 1;
        }
        while let Some(&(offset, byte)) = breaks.front() {
            if offset >= first_byte {
                break;
            }
            breaks.pop_front();
            let crlf = byte == b'\r' && breaks.front() == Some(&(offset + 1, b'\n'));
            if !crlf {
                self.breaks_before += 1;
            }
        }
        self.breaks_before + 1
    }

    fn read_error(&self, e: csv::Error) -> TableError {
        let counted = &self.reader.get_ref().inner;
        if counted.over_limit {
            TableError::TooLarge {
                limit_bytes: counted.limit,
            }
        } else {
            TableError::Io(e.to_string())
        }
    }

    fn cells(&self, line: u64) -> Result<(u64, Vec<String>), TableError> {
        let mut cells = Vec::with_capacity(self.record.len());
        let mut newlines_before = 0;
        for (i, field) in self.record.iter().enumerate() {
            if field.len() > self.max_cell_bytes {
                return Err(TableError::CellTooLarge {
                    line: line + newlines_before,
                    column: i + 1,
                });
            }
            match std::str::from_utf8(field) {
                Ok(text) => cells.push(text.to_owned()),
                Err(e) => {
                    let within = count_newlines(&field[..e.valid_up_to()]);
                    return Err(TableError::Encoding {
                        line: line + newlines_before + within,
                    });
                }
            }
            newlines_before += count_newlines(field);
        }
        Ok((line, cells))
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Chooses the encoding from the byte order mark, or else from the first non-ASCII character
/// in the file: valid UTF-8 means the file is UTF-8 (and later invalid bytes are an error on
/// their line), anything else means Windows-1252, what Dutch Excel writes as plain "CSV".
/// Returns the encoding and the length of its byte order mark.
fn sniff_encoding(source: &mut Source, head: &[u8]) -> Result<(TextEncoding, usize), TableError> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Ok((TextEncoding::Utf8Bom, 3));
    }
    if head.starts_with(b"\xFF\xFE") {
        return Ok((TextEncoding::Utf16Le, 2));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok((TextEncoding::Utf16Be, 2));
    }
    if let Some(utf16) = utf16_without_bom(head) {
        let encoding = if utf16 == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        return Ok((encoding, 0));
    }
    Ok((first_non_ascii_encoding(source)?, 0))
}

/// Scans from the start of the file to its first non-ASCII byte; stops there, so in the usual
/// case only the first few kilobytes are read, and never holds more than two chunks.
fn first_non_ascii_encoding(source: &mut Source) -> Result<TextEncoding, TableError> {
    source.seek(SeekFrom::Start(0))?;
    let mut chunk = vec![0u8; RAW_CHUNK];
    // Up to 3 bytes carried over from the previous chunk, for a character split between two.
    let mut window: Vec<u8> = Vec::with_capacity(RAW_CHUNK + 4);
    loop {
        let n = read_some(source, &mut chunk)?;
        let at_end = n == 0;
        window.extend_from_slice(&chunk[..n]);
        if let Some(pos) = window.iter().position(|b| !b.is_ascii()) {
            let need = utf8_sequence_len(window[pos]);
            if need == 0 {
                return Ok(TextEncoding::Windows1252);
            }
            if window.len() >= pos + need {
                return Ok(if std::str::from_utf8(&window[pos..pos + need]).is_ok() {
                    TextEncoding::Utf8
                } else {
                    TextEncoding::Windows1252
                });
            }
            if at_end {
                return Ok(TextEncoding::Windows1252);
            }
            window.drain(..pos);
        } else {
            if at_end {
                return Ok(TextEncoding::Utf8);
            }
            window.clear();
        }
    }
}

fn utf8_sequence_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

fn read_some(source: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match source.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn decode_head(encoding: TextEncoding, bytes: &[u8]) -> String {
    match encoding.decoder() {
        None => String::from_utf8_lossy(bytes).into_owned(),
        Some(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Picks the delimiter that splits the first records into the same number of cells, counting
/// only delimiters outside quotes. Returns `None` when no candidate occurs in the header.
fn sniff_delimiter(text: &str, whole_file: bool) -> Option<u8> {
    let mut best: Option<(usize, usize, u8)> = None;
    for &delimiter in &DELIMITERS {
        let mut counts = delimiter_counts(text.as_bytes(), delimiter);
        if !whole_file && counts.len() > 1 {
            counts.pop(); // the last record may be cut off by the end of the head
        }
        let Some(&header) = counts.first() else {
            continue;
        };
        if header == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == header).count();
        let better = match best {
            None => true,
            Some((best_agreeing, best_header, _)) => (agreeing, header) > (best_agreeing, best_header),
        };
        if better {
            best = Some((agreeing, header, delimiter));
        }
    }
    best.map(|(_, _, delimiter)| delimiter)
}

/// Per record (records may span lines inside quotes; blank lines are skipped), how many times
/// `delimiter` occurs outside quotes.
fn delimiter_counts(text: &[u8], delimiter: u8) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut state = QuoteState::StartField;
    let mut count = 0;
    let mut record_has_content = false;
    for &b in text {
        let was_quoted = state == QuoteState::InQuoted;
        let ends_record = !was_quoted && (b == b'\n' || b == b'\r');
        if ends_record {
            if record_has_content {
                counts.push(count);
                if counts.len() == SNIFF_RECORDS {
                    return counts;
                }
            }
            count = 0;
            record_has_content = false;
        } else {
            record_has_content = true;
            if !was_quoted && b == delimiter {
                count += 1;
            }
        }
        state = state.next(b, delimiter);
    }
    if record_has_content {
        counts.push(count);
    }
    counts
}

/// Where the parser is with respect to quotes, mirroring the csv crate's reading rules: a quote
/// opens a quoted cell only at the start of a cell, and a doubled quote inside stands for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

impl QuoteState {
    fn next(self, b: u8, delimiter: u8) -> QuoteState {
        let ends_field = b == delimiter || b == b'\n' || b == b'\r';
        match self {
            QuoteState::InQuoted if b == b'"' => QuoteState::QuoteInQuoted,
            QuoteState::InQuoted => QuoteState::InQuoted,
            QuoteState::QuoteInQuoted if b == b'"' => QuoteState::InQuoted,
            _ if ends_field => QuoteState::StartField,
            QuoteState::StartField if b == b'"' => QuoteState::InQuoted,
            _ => QuoteState::InField,
        }
    }
}

/// Counts the bytes read from the file, and refuses to read past the size limit.
struct Counted<R> {
    inner: R,
    count: u64,
    limit: u64,
    over_limit: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        if self.count > self.limit {
            self.over_limit = true;
            return Err(io::Error::other("file larger than the limit"));
        }
        Ok(n)
    }
}

/// Decodes the file to UTF-8 for the CSV parser (or passes UTF-8 through), and follows the
/// quotes in what it hands over, so that an unterminated quote at the end can be reported.
/// Bytes that are invalid in a multi-byte encoding become an invalid UTF-8 byte, so the row
/// check reports them on their line.
struct Decode<R> {
    inner: R,
    decoder: Option<encoding_rs::Decoder>,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    inner_done: bool,
    decoded: Vec<u8>,
    decoded_pos: usize,
    decoder_done: bool,
    delimiter: u8,
    quotes: QuoteState,
    at_end: bool,
    /// Bytes handed to the parser so far.
    offset: u64,
    /// Offsets of the CR and LF bytes handed over that are not yet assigned to a line.
    breaks: VecDeque<(u64, u8)>,
}

impl<R: Read> Decode<R> {
    fn new(inner: R, encoding: Option<&'static Encoding>, delimiter: u8) -> Decode<R> {
        Decode {
            inner,
            decoder: encoding.map(|e| e.new_decoder_without_bom_handling()),
            raw: vec![0; RAW_CHUNK],
            raw_start: 0,
            raw_end: 0,
            inner_done: false,
            decoded: Vec::with_capacity(RAW_CHUNK * 3 + 16),
            decoded_pos: 0,
            decoder_done: false,
            delimiter,
            quotes: QuoteState::StartField,
            at_end: false,
            offset: 0,
            breaks: VecDeque::new(),
        }
    }

    /// Fills `decoded` with the next piece of UTF-8; leaves it empty at the end.
    fn refill(&mut self) -> io::Result<()> {
        self.decoded.clear();
        self.decoded_pos = 0;
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        while !self.decoder_done {
            if self.raw_start == self.raw_end && !self.inner_done {
                self.raw_start = 0;
                self.raw_end = read_some(&mut self.inner, &mut self.raw)?;
                self.inner_done = self.raw_end == 0;
            }
            let last = self.inner_done;
            self.decoded.resize(RAW_CHUNK * 3 + 16, 0);
            let (result, read, written) = decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_start..self.raw_end],
                &mut self.decoded,
                last,
            );
            self.raw_start += read;
            self.decoded.truncate(written);
            match result {
                DecoderResult::InputEmpty => self.decoder_done = last,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => self.decoded.push(0xFF),
            }
            if !self.decoded.is_empty() {
                break;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = if self.decoder.is_none() {
            self.inner.read(buf)?
        } else {
            if self.decoded_pos == self.decoded.len() {
                self.refill()?;
            }
            let available = &self.decoded[self.decoded_pos..];
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            self.decoded_pos += n;
            n
        };
        if n == 0 && !buf.is_empty() {
            self.at_end = true;
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            self.quotes = self.quotes.next(b, self.delimiter);
            if b == b'\n' || b == b'\r' {
                self.breaks.push_back((self.offset + i as u64, b));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_when_the_stream_passes_the_size_limit() {
        let mut bytes = b"a;b\n".to_vec();
        for _ in 0..10_000 {
            bytes.extend_from_slice(b"1;2\n");
        }
        let limits = Limits {
            max_file_bytes: 1000,
            ..Limits::default()
        };
        let head = bytes[..100].to_vec();
        let source = Source::Memory(io::Cursor::new(bytes));
        let mut rows = CsvRows::new(source, &head, 1000, limits).expect("a fine CSV head");
        let error = std::iter::from_fn(|| rows.next_raw()).find_map(Result::err);
        assert_eq!(error, Some(TableError::TooLarge { limit_bytes: 1000 }));
    }

    #[test]
    fn the_delimiter_is_the_one_that_splits_every_line_alike() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n", true), Some(b';'));
        assert_eq!(sniff_delimiter("a,b\n\"x;y\",2\n", true), Some(b','));
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n", true), Some(b'\t'));
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", true), Some(b'|'));
        assert_eq!(sniff_delimiter("naam\nx\n", true), None);
        // Commas in amounts vary per line; the semicolon is the same everywhere.
        assert_eq!(sniff_delimiter("naam;bedrag\nA;1,5\nB;1\nC;2,25\n", true), Some(b';'));
        // A quoted cell spanning lines counts as one record.
        assert_eq!(sniff_delimiter("a,b\n\"x\ny;z\",1\n2,3\n", true), Some(b','));
    }

    #[test]
    fn quotes_are_followed_like_the_parser_does() {
        let end = |s: &[u8]| s.iter().fold(QuoteState::StartField, |q, &b| q.next(b, b','));
        assert_eq!(end(b"a,\"b"), QuoteState::InQuoted);
        assert_eq!(end(b"a,\"b\"\"c\""), QuoteState::QuoteInQuoted);
        assert_eq!(end(b"5\" disk,x"), QuoteState::InField);
        assert_eq!(end(b"a,\"b\nc\",d\n"), QuoteState::StartField);
    }
}
