#!/usr/bin/env python3
"""Builds fixtures/legacy/seed-002-tcvn3-fl.pdf: the TCVN3 fixture
seed-002-tcvn3.pdf rewritten the way pdfFactory writes born-digital
TCVN3 files (Python stdlib only, byte-reproducible):

* every font becomes a Type0 font (/Identity-H, 2-byte glyph codes) over a
  CIDFontType2 with the original widths, so its text can only be read
  through its ToUnicode CMap, which maps each glyph code to the Latin-1
  character of the TCVN3 byte (`KÕ ho¹ch`);
* the ToUnicode CMaps and the content streams use the abbreviated filter
  name `/Fl` (FlateDecode); one page's content is `[/AHx /Fl]` and one
  font's ToUnicode `[/A85 /Fl]`, filter arrays with abbreviated names.

Expected: `text_source = tcvn3` with no OCR, text = expected/seed-002.txt.
Usage: python3 scripts/gen-legacy-fl.py
"""
import base64
import os
import re
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "fixtures", "legacy", "seed-002-tcvn3.pdf")
OUT = os.path.join(ROOT, "fixtures", "legacy", "seed-002-tcvn3-fl.pdf")


def unescape(lit):
    """Bytes of a PDF literal string body."""
    out = bytearray()
    i = 0
    while i < len(lit):
        c = lit[i]
        if c == 0x5C:  # backslash
            i += 1
            e = lit[i]
            if e in b"01234567":
                j = i
                while j < len(lit) and j < i + 3 and lit[j] in b"01234567":
                    j += 1
                out.append(int(lit[i:j], 8) & 0xFF)
                i = j
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}.get(e, e))
        else:
            out.append(c)
        i += 1
    return bytes(out)


def gid(b):
    """A glyph code as a subsetting producer numbers glyphs."""
    return 3 + b


def recode(content):
    """(...) Tj literal strings → <hex> strings of 2-byte glyph codes."""
    def repl(m):
        data = unescape(m.group(1))
        return b"<" + b"".join(b"%04X" % gid(b) for b in data) + b">"
    return re.sub(rb"\(((?:\\.|[^\\()])*)\)", repl, content)


def latin1_char(b):
    # What a Latin-1/WinAnsi reading of the TCVN3 byte gives.
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


def to_unicode():
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    entries = [(gid(b), latin1_char(b)) for b in range(32, 256)]
    for k in range(0, len(entries), 100):
        chunk = entries[k:k + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        for code, ch in chunk:
            lines.append(b"<%04X> <%s>" % (code, ch.encode("utf-16-be").hex().upper().encode()))
        lines.append(b"endbfchar")
    lines += [b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    return b"\n".join(lines) + b"\n"


def stream(data, filt):
    """A stream with the filter array `filt` (names, in decoding order)."""
    enc = data
    for f in reversed(filt):
        if f == b"Fl":
            enc = zlib.compress(enc, 9)
        elif f == b"AHx":
            enc = enc.hex().encode() + b">"
        elif f == b"A85":
            enc = base64.a85encode(enc) + b"~>"
    fl = b"/" + filt[0] if len(filt) == 1 else b"[" + b" ".join(b"/" + f for f in filt) + b"]"
    return b"<< /Length %d /Filter %s >>\nstream\n" % (len(enc), fl) + enc + b"\nendstream"


def main():
    src = open(SRC, "rb").read()
    objs = {int(n): body.strip() for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", src, re.S)}
    out = {}
    nxt = max(objs) + 1
    content_ids = []
    for n, body in sorted(objs.items()):
        if body.startswith(b"<< /Type /Font /"):
            base = re.search(rb"/BaseFont /(\S+)", body).group(1)
            widths = [int(w) for w in re.search(rb"/Widths \[([^\]]*)\]", body).group(1).split()]
            first = int(re.search(rb"/FirstChar (\d+)", body).group(1))
            desc = int(re.search(rb"/FontDescriptor (\d+) 0 R", body).group(1))
            w = b" ".join(b"%d" % x for x in widths)
            cid, tu = nxt, nxt + 1
            nxt += 2
            tu_filter = [b"A85", b"Fl"] if base == b".VnTimeH" else [b"Fl"]
            out[cid] = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "
                        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                        b"/FontDescriptor %d 0 R /DW 500 /W [%d [%s]] /CIDToGIDMap /Identity >>"
                        % (base, desc, gid(first), w))
            out[tu] = stream(to_unicode(), tu_filter)
            out[n] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
                      b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (base, cid, tu))
        elif b"stream\n" in body:
            data = body.split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0]
            content_ids.append(n)
            out[n] = (n, recode(data.rstrip(b"\n")))
        else:
            out[n] = body
    for k, n in enumerate(content_ids):
        _, data = out[n]
        out[n] = stream(data, [b"AHx", b"Fl"] if k == 1 else [b"Fl"])
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(out):
        offsets[n] = len(pdf)
        pdf += b"%d 0 obj\n" % n + out[n] + b"\nendobj\n"
    size = max(out) + 1
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        pdf += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    pdf += (b"trailer\n<< /Size %d /Root 1 0 R /Info << /Producer (pdfFactory Pro 6.25 \\(Windows 7\\)) >> >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (size, xref))
    open(OUT, "wb").write(bytes(pdf))
    print(OUT, len(pdf))


if __name__ == "__main__":
    main()
