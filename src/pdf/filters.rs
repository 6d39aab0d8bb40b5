//! Stream filters (PDF 32000-1 §7.4): every standard filter under its full
//! name and under the abbreviation that inline images use and that some
//! producers (pdfFactory) also write in ordinary streams (`/Fl`, `/AHx`,
//! `/A85`, `/LZW`, `/RL`, `/CCF`, `/DCT`), filter arrays with their
//! `/DecodeParms` arrays, and the Flate/LZW predictors.
//!
//! Decoding is bounded: the caller gives the most bytes it accepts, and a
//! stream that would produce more stops there with [`FilterError::TooLarge`]
//! and the bytes decoded so far. A damaged stream likewise keeps what was
//! readable before the damage, so a page keeps its first part.
//!
//! Image codecs (CCITT fax, DCT/JPEG, JBIG2, JPX) are recognised but not
//! decoded: no text is ever drawn from their output.

use lopdf::{Dictionary, Document, Object};

/// The most filters a stream may chain; files use one or two.
const MAX_FILTERS: usize = 8;

/// A standard filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    Flate,
    Lzw,
    Ascii85,
    AsciiHex,
    RunLength,
    CcittFax,
    Dct,
    Jbig2,
    Jpx,
    Crypt,
}

impl Filter {
    /// The filter for a name, full (`FlateDecode`) or abbreviated (`Fl`).
    pub(crate) fn from_name(name: &[u8]) -> Option<Filter> {
        Some(match name {
            b"FlateDecode" | b"Fl" => Filter::Flate,
            b"LZWDecode" | b"LZW" => Filter::Lzw,
            b"ASCII85Decode" | b"A85" => Filter::Ascii85,
            b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
            b"RunLengthDecode" | b"RL" => Filter::RunLength,
            b"CCITTFaxDecode" | b"CCF" => Filter::CcittFax,
            b"DCTDecode" | b"DCT" => Filter::Dct,
            b"JBIG2Decode" => Filter::Jbig2,
            b"JPXDecode" => Filter::Jpx,
            b"Crypt" => Filter::Crypt,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Filter::Flate => "FlateDecode",
            Filter::Lzw => "LZWDecode",
            Filter::Ascii85 => "ASCII85Decode",
            Filter::AsciiHex => "ASCIIHexDecode",
            Filter::RunLength => "RunLengthDecode",
            Filter::CcittFax => "CCITTFaxDecode",
            Filter::Dct => "DCTDecode",
            Filter::Jbig2 => "JBIG2Decode",
            Filter::Jpx => "JPXDecode",
            Filter::Crypt => "Crypt",
        }
    }
}

/// Why a stream could not be decoded (completely).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum FilterError {
    #[error("unknown filter /{0}")]
    Unknown(String),
    #[error("/Filter is neither a name nor an array of names")]
    BadFilter,
    #[error("{count} chained filters (at most {MAX_FILTERS} are decoded)")]
    TooManyFilters { count: usize },
    #[error("{0} data damaged: {1}")]
    Damaged(&'static str, String),
    #[error("decodes to more than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("image data ({0}) holds no text")]
    Image(&'static str),
    #[error("unsupported predictor {0}")]
    Predictor(i64),
}

/// The result of decoding: the bytes (complete, or what was readable) and
/// what stopped the decoding, if anything.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub bytes: Vec<u8>,
    pub error: Option<FilterError>,
}

/// Where a stream's dictionary is: a stream object or an inline image,
/// whose keys may be abbreviated (`/F`, `/DP`) — in a stream object `/F`
/// names an external file instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DictKind {
    Stream,
    InlineImage,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn deref<'a>(doc: Option<&'a Document>, obj: &'a Object) -> &'a Object {
    match (doc, obj) {
        (Some(doc), Object::Reference(_)) => doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj),
        _ => obj,
    }
}

fn get<'a>(
    doc: Option<&'a Document>,
    dict: &'a Dictionary,
    key: &[u8],
    short: &[u8],
    kind: DictKind,
) -> Option<&'a Object> {
    let obj = dict.get(key).ok().or_else(|| {
        (kind == DictKind::InlineImage)
            .then(|| dict.get(short).ok())
            .flatten()
    })?;
    Some(deref(doc, obj))
}

/// The filters of a stream with the parameters of each, in decoding order.
pub(crate) fn filter_chain<'a>(
    doc: Option<&'a Document>,
    dict: &'a Dictionary,
    kind: DictKind,
) -> Result<Vec<(Filter, Option<&'a Dictionary>)>, FilterError> {
    let Some(filter) = get(doc, dict, b"Filter", b"F", kind) else {
        return Ok(Vec::new());
    };
    let names: Vec<&[u8]> = match filter {
        Object::Name(n) => vec![n.as_slice()],
        Object::Array(a) => {
            let mut v = Vec::new();
            for o in a {
                match deref(doc, o) {
                    Object::Name(n) => v.push(n.as_slice()),
                    _ => return Err(FilterError::BadFilter),
                }
            }
            v
        }
        Object::Null => Vec::new(),
        _ => return Err(FilterError::BadFilter),
    };
    if names.len() > MAX_FILTERS {
        return Err(FilterError::TooManyFilters { count: names.len() });
    }
    let params = get(doc, dict, b"DecodeParms", b"DP", kind);
    let mut chain = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let f = Filter::from_name(n)
            .ok_or_else(|| FilterError::Unknown(String::from_utf8_lossy(n).into_owned()))?;
        let p = match params {
            Some(Object::Array(ps)) => ps.get(i).map(|o| deref(doc, o)),
            Some(o) if i == 0 || names.len() == 1 => Some(o),
            _ => None,
        }
        .and_then(|o| o.as_dict().ok());
        chain.push((f, p));
    }
    Ok(chain)
}

/// Decodes `data` through the filters named in `dict`, producing at most
/// `limit` bytes.
pub(crate) fn decode(
    doc: Option<&Document>,
    dict: &Dictionary,
    kind: DictKind,
    data: &[u8],
    limit: usize,
) -> Decoded {
    let chain = match filter_chain(doc, dict, kind) {
        Ok(c) => c,
        Err(e) => {
            return Decoded {
                bytes: Vec::new(),
                error: Some(e),
            }
        }
    };
    decode_chain(&chain, data, limit)
}

/// Decodes `data` through `chain` (see [`decode`]).
pub(crate) fn decode_chain(
    chain: &[(Filter, Option<&Dictionary>)],
    data: &[u8],
    limit: usize,
) -> Decoded {
    if chain.is_empty() {
        let n = data.len().min(limit);
        return Decoded {
            bytes: data.get(..n).unwrap_or_default().to_vec(),
            error: (data.len() > limit).then_some(FilterError::TooLarge { limit }),
        };
    }
    let mut cur: Option<Vec<u8>> = None;
    for (i, &(f, params)) in chain.iter().enumerate() {
        let input: &[u8] = cur.as_deref().unwrap_or(data);
        let step = decode_one(f, params, input, limit);
        if step.error.is_some() {
            // What was readable is kept only from the last filter: half a
            // layer fed to the next decoder is noise.
            return if i + 1 == chain.len() {
                step
            } else {
                Decoded {
                    bytes: Vec::new(),
                    error: step.error,
                }
            };
        }
        cur = Some(step.bytes);
    }
    Decoded {
        bytes: cur.unwrap_or_default(),
        error: None,
    }
}

fn decode_one(f: Filter, params: Option<&Dictionary>, input: &[u8], limit: usize) -> Decoded {
    match f {
        Filter::Flate => {
            let (bytes, error) = inflate(input, limit);
            with_predictor(bytes, error, params, limit)
        }
        Filter::Lzw => {
            let early = params
                .and_then(|p| p.get(b"EarlyChange").ok())
                .and_then(|o| o.as_i64().ok())
                .is_none_or(|v| v != 0);
            let (bytes, error) = lzw(input, early, limit);
            with_predictor(bytes, error, params, limit)
        }
        Filter::Ascii85 => ascii85(input, limit),
        Filter::AsciiHex => ascii_hex(input, limit),
        Filter::RunLength => run_length(input, limit),
        // Decryption already happened when the document was loaded; an
        // /Identity crypt filter passes the data through.
        Filter::Crypt => decode_chain(&[], input, limit),
        img => Decoded {
            bytes: Vec::new(),
            error: Some(FilterError::Image(img.name())),
        },
    }
}

fn with_predictor(
    bytes: Vec<u8>,
    error: Option<FilterError>,
    params: Option<&Dictionary>,
    limit: usize,
) -> Decoded {
    let int = |k: &[u8], d: i64| {
        params
            .and_then(|p| p.get(k).ok())
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(d)
    };
    let predictor = int(b"Predictor", 1);
    if predictor <= 1 {
        return Decoded { bytes, error };
    }
    let colors = int(b"Colors", 1).clamp(1, 32) as usize;
    let bpc = int(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let columns = int(b"Columns", 1).clamp(1, 1 << 20) as usize;
    let row = (columns * colors * bpc).div_ceil(8);
    let bpp = (colors * bpc).div_ceil(8).max(1);
    match predictor {
        2 => {
            let mut bytes = bytes;
            if bpc == 8 {
                for r in bytes.chunks_mut(row) {
                    for i in colors..r.len() {
                        r[i] = r[i].wrapping_add(r[i - colors]);
                    }
                }
                Decoded { bytes, error }
            } else {
                Decoded {
                    bytes,
                    error: error.or(Some(FilterError::Predictor(2))),
                }
            }
        }
        10..=15 => {
            let out = png_unpredict(&bytes, row, bpp, limit);
            Decoded { bytes: out, error }
        }
        p => Decoded {
            bytes,
            error: error.or(Some(FilterError::Predictor(p))),
        },
    }
}

/// Undoes the PNG predictors: each row starts with its filter type byte.
fn png_unpredict(data: &[u8], row: usize, bpp: usize, limit: usize) -> Vec<u8> {
    // The row buffers are sized from /Columns, which the file states: a
    // row longer than the data is just the data (only one, partial, row).
    let row = row.min(data.len()).max(1);
    let mut out: Vec<u8> = Vec::with_capacity(data.len().min(limit));
    let mut prev = vec![0u8; row];
    let mut cur = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let Some((&kind, line)) = chunk.split_first() else {
            break;
        };
        cur.iter_mut().for_each(|b| *b = 0);
        if let Some(dst) = cur.get_mut(..line.len()) {
            dst.copy_from_slice(line);
        }
        for i in 0..row {
            let a = if i >= bpp { cur[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            let x = cur[i];
            cur[i] = match kind {
                1 => x.wrapping_add(a),
                2 => x.wrapping_add(b),
                3 => x.wrapping_add(((a as u16 + b as u16) / 2) as u8),
                4 => {
                    let p = a as i16 + b as i16 - c as i16;
                    let (pa, pb, pc) = (
                        (p - a as i16).abs(),
                        (p - b as i16).abs(),
                        (p - c as i16).abs(),
                    );
                    let pred = if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    };
                    x.wrapping_add(pred)
                }
                _ => x,
            };
        }
        let take = line.len().min(row);
        if out.len() + take > limit {
            break;
        }
        out.extend_from_slice(cur.get(..take).unwrap_or_default());
        std::mem::swap(&mut prev, &mut cur);
    }
    out
}

/// Inflates a zlib stream (or, failing that, raw deflate), returning what
/// was readable and the error that stopped it, if any.
pub(crate) fn inflate(data: &[u8], limit: usize) -> (Vec<u8>, Option<FilterError>) {
    use std::io::Read;
    fn run<R: Read>(mut dec: R, out: &mut Vec<u8>, limit: usize) -> Option<FilterError> {
        let mut buf = [0u8; 32 * 1024];
        loop {
            match dec.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => {
                    out.extend_from_slice(buf.get(..n).unwrap_or_default());
                    if out.len() > limit {
                        out.truncate(limit);
                        return Some(FilterError::TooLarge { limit });
                    }
                }
                Err(e) => return Some(FilterError::Damaged("Flate", e.to_string())),
            }
        }
    }
    // Capacity from the data is a guess bounded by the limit, never a size
    // taken from the file on trust.
    let mut out = Vec::with_capacity(data.len().saturating_mul(2).min(limit).min(1 << 20));
    let err = run(flate2::read::ZlibDecoder::new(data), &mut out, limit);
    if err.is_some() && out.is_empty() {
        // Some producers write raw deflate without the zlib header.
        let mut raw = Vec::new();
        if run(flate2::read::DeflateDecoder::new(data), &mut raw, limit).is_none() {
            return (raw, None);
        }
    }
    (out, err)
}

fn lzw(data: &[u8], early_change: bool, limit: usize) -> (Vec<u8>, Option<FilterError>) {
    use weezl::{decode::Decoder, BitOrder, LzwStatus};
    let mut dec = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 32 * 1024];
    let mut input = data;
    loop {
        let r = dec.decode_bytes(input, &mut buf);
        input = input.get(r.consumed_in..).unwrap_or_default();
        out.extend_from_slice(buf.get(..r.consumed_out).unwrap_or_default());
        if out.len() > limit {
            out.truncate(limit);
            return (out, Some(FilterError::TooLarge { limit }));
        }
        match r.status {
            Ok(LzwStatus::Done) => return (out, None),
            Ok(LzwStatus::NoProgress) => {
                // Input ended without an end-of-data code: what was read stands.
                return (out, None);
            }
            Ok(LzwStatus::Ok) => {
                if input.is_empty() && r.consumed_out == 0 {
                    return (out, None);
                }
            }
            Err(e) => return (out, Some(FilterError::Damaged("LZW", e.to_string()))),
        }
    }
}

fn ascii85(data: &[u8], limit: usize) -> Decoded {
    let mut out = Vec::with_capacity(data.len().min(limit).min(1 << 20));
    let mut group = [0u32; 5];
    let mut n = 0usize;
    let mut error = None;
    let mut i = 0;
    // An optional `<~` prefix (PostScript style).
    if data.starts_with(b"<~") {
        i = 2;
    }
    while let Some(&c) = data.get(i) {
        i += 1;
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group[n] = (c - b'!') as u32;
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |acc, &d| acc * 85 + d as u64);
                    if v > u32::MAX as u64 {
                        error = Some(FilterError::Damaged("ASCII85", "group out of range".into()));
                        break;
                    }
                    out.extend_from_slice(&(v as u32).to_be_bytes());
                    n = 0;
                }
            }
            c if is_ws(c) => {}
            _ => {
                error = Some(FilterError::Damaged(
                    "ASCII85",
                    format!("byte 0x{c:02X} is not ASCII85"),
                ));
                break;
            }
        }
        if out.len() > limit {
            out.truncate(limit);
            return Decoded {
                bytes: out,
                error: Some(FilterError::TooLarge { limit }),
            };
        }
    }
    if n > 1 && error.is_none() {
        for d in group.iter_mut().skip(n) {
            *d = 84;
        }
        let v = group
            .iter()
            .fold(0u64, |acc, &d| acc * 85 + d as u64)
            .min(u32::MAX as u64) as u32;
        out.extend_from_slice(v.to_be_bytes().get(..n - 1).unwrap_or_default());
    }
    out.truncate(limit);
    Decoded { bytes: out, error }
}

fn ascii_hex(data: &[u8], limit: usize) -> Decoded {
    let mut out = Vec::with_capacity((data.len() / 2).min(limit));
    let mut hi: Option<u8> = None;
    let mut error = None;
    for &c in data {
        if c == b'>' {
            break;
        }
        if is_ws(c) {
            continue;
        }
        let Some(v) = super::hex_digit(c) else {
            error = Some(FilterError::Damaged(
                "ASCIIHex",
                format!("byte 0x{c:02X} is not a hex digit"),
            ));
            break;
        };
        match hi.take() {
            Some(h) => out.push(h << 4 | v),
            None => hi = Some(v),
        }
        if out.len() >= limit {
            break;
        }
    }
    if let Some(h) = hi {
        if out.len() < limit {
            out.push(h << 4);
        }
    }
    Decoded { bytes: out, error }
}

fn run_length(data: &[u8], limit: usize) -> Decoded {
    let mut out = Vec::with_capacity(data.len().min(limit).min(1 << 20));
    let mut i = 0;
    while let Some(&len) = data.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let n = len as usize + 1;
                let Some(run) = data.get(i..i + n) else {
                    out.extend_from_slice(data.get(i..).unwrap_or_default());
                    out.truncate(limit);
                    return Decoded {
                        bytes: out,
                        error: Some(FilterError::Damaged(
                            "RunLength",
                            "data ends inside a run".into(),
                        )),
                    };
                };
                out.extend_from_slice(run);
                i += n;
            }
            _ => {
                let Some(&b) = data.get(i) else { break };
                i += 1;
                out.extend(std::iter::repeat_n(b, 257 - len as usize));
            }
        }
        if out.len() > limit {
            out.truncate(limit);
            return Decoded {
                bytes: out,
                error: Some(FilterError::TooLarge { limit }),
            };
        }
    }
    Decoded {
        bytes: out,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn names_full_and_abbreviated() {
        for (a, b) in [
            (&b"Fl"[..], &b"FlateDecode"[..]),
            (b"AHx", b"ASCIIHexDecode"),
            (b"A85", b"ASCII85Decode"),
            (b"LZW", b"LZWDecode"),
            (b"RL", b"RunLengthDecode"),
            (b"CCF", b"CCITTFaxDecode"),
            (b"DCT", b"DCTDecode"),
        ] {
            assert_eq!(Filter::from_name(a), Filter::from_name(b));
            assert!(Filter::from_name(a).is_some());
        }
        assert_eq!(Filter::from_name(b"Foo"), None);
    }

    #[test]
    fn abbreviated_flate_and_chain() {
        let text = b"BT /F1 12 Tf (Xin chao) Tj ET";
        let d = dictionary! { "Filter" => "Fl" };
        let out = decode(None, &d, DictKind::Stream, &zlib(text), 1 << 20);
        assert_eq!(out.bytes, text);
        assert_eq!(out.error, None);
        // [/AHx /Fl]: hex of the zlib data.
        let hex: String = zlib(text).iter().map(|b| format!("{b:02x} ")).collect();
        let d = dictionary! { "Filter" => vec![Object::Name(b"AHx".to_vec()), Object::Name(b"Fl".to_vec())] };
        let out = decode(
            None,
            &d,
            DictKind::Stream,
            format!("{hex}>").as_bytes(),
            1 << 20,
        );
        assert_eq!(out.bytes, text);
    }

    #[test]
    fn ascii85_known_value() {
        // "Man is d" → 9jqo^BlbD- (Wikipedia's example, two groups), and
        // a final partial group: "Man is" → 9jqo^BlbD-"… cut to 6 bytes.
        let d = dictionary! { "Filter" => "A85" };
        let out = decode(None, &d, DictKind::Stream, b"9jqo^BlbD-~>", 100);
        assert_eq!(out.bytes, b"Man is d");
        let out = decode(None, &d, DictKind::Stream, b"9jqo^Blb~>", 100);
        assert_eq!(out.bytes, b"Man is");
        let out = decode(None, &d, DictKind::Stream, b"z~>", 100);
        assert_eq!(out.bytes, [0, 0, 0, 0]);
    }

    #[test]
    fn run_length_and_limit() {
        let d = dictionary! { "Filter" => "RL" };
        // 2 literal bytes "ab", then 'c' repeated 3 times (257-254), EOD.
        let out = decode(
            None,
            &d,
            DictKind::Stream,
            &[1, b'a', b'b', 254, b'c', 128],
            100,
        );
        assert_eq!(out.bytes, b"abccc");
        // A run bomb stops at the limit.
        let bomb: Vec<u8> = [129u8, b'x'].repeat(1000);
        let out = decode(None, &d, DictKind::Stream, &bomb, 1000);
        assert_eq!(out.bytes.len(), 1000);
        assert_eq!(out.error, Some(FilterError::TooLarge { limit: 1000 }));
    }

    #[test]
    fn lzw_round_trip_early_change() {
        let text = b"TOBEORNOTTOBEORTOBEORNOT".repeat(20);
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let data = enc.encode(&text).unwrap();
        let d = dictionary! { "Filter" => "LZW" };
        let out = decode(None, &d, DictKind::Stream, &data, 1 << 20);
        assert_eq!(out.bytes, text);
        assert_eq!(out.error, None);
    }

    #[test]
    fn png_predictor_up() {
        // Two rows of 3 columns, filter type 2 (Up).
        let raw = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let parms = dictionary! { "Predictor" => 12, "Columns" => 3 };
        let d = dictionary! { "Filter" => "Fl", "DecodeParms" => parms };
        let out = decode(None, &d, DictKind::Stream, &zlib(&raw), 100);
        assert_eq!(out.bytes, [1, 2, 3, 2, 3, 4]);
        // The same through a DecodeParms array and an inline image's /DP.
        let parms = dictionary! { "Predictor" => 12, "Columns" => 3 };
        let d = dictionary! {
            "F" => vec![Object::Name(b"Fl".to_vec())],
            "DP" => vec![Object::Dictionary(parms)],
        };
        let out = decode(None, &d, DictKind::InlineImage, &zlib(&raw), 100);
        assert_eq!(out.bytes, [1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn image_and_unknown_filters() {
        let d = dictionary! { "Filter" => "DCT" };
        let out = decode(None, &d, DictKind::Stream, b"\xFF\xD8", 100);
        assert_eq!(out.error, Some(FilterError::Image("DCTDecode")));
        let d = dictionary! { "Filter" => "Zip" };
        let out = decode(None, &d, DictKind::Stream, b"x", 100);
        assert_eq!(out.error, Some(FilterError::Unknown("Zip".into())));
    }
}
