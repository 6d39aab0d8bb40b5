//! Fonts and CMaps: the input is used as the ToUnicode CMap of a simple
//! font, and as both the ToUnicode and the embedded encoding CMap of a
//! Type0 font, on a page that shows text with both; the page is read.
//! libFuzzer's mutations then go straight at the CMap parser and the font
//! decoding instead of the PDF syntax around them.
#![no_main]

use kehoach::pdf::{Limits, PdfFile};
use libfuzzer_sys::fuzz_target;

fn pdf_around(cmap: &[u8]) -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (ABC\x80\xff) Tj /F2 12 Tf 0 -20 Td <0041004200C30001FFFF> Tj [<01> 10 <0203>] TJ ET";
    let stream = |extra: &str, data: &[u8]| {
        let mut s = format!("<< /Length {} {extra}>>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    };
    let objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>".to_vec(),
        stream("", content),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /.VnTime /Encoding /WinAnsiEncoding /ToUnicode 8 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding 8 0 R /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [0 [500 600] 65 70 400] >>".to_vec(),
        stream("/Type /CMap ", cmap),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
            .as_bytes(),
    );
    out
}

fuzz_target!(|data: &[u8]| {
    let bytes = pdf_around(data);
    if let Ok(pdf) = PdfFile::open(&bytes, Limits::default()) {
        let _ = pdf.page(0);
    }
});
