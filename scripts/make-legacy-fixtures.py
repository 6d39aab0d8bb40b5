#!/usr/bin/env python3
"""Legacy-encoding and scanned fixtures (fixtures/legacy, fixtures/scan).

  python3 scripts/make-legacy-fixtures.py            # all three
  python3 scripts/make-legacy-fixtures.py --no-scan  # only the legacy fonts

* fixtures/legacy/seed-002-tcvn3.pdf: seed 002 typeset in TCVN3 (ABC) like an
  old Word + Distiller file: simple TrueType fonts /.VnTime (lower case and
  untoned capitals) and /.VnTimeH (capitals font: capital glyphs at the
  lower-case codes, used for upper-case words with toned capitals),
  /WinAnsiEncoding, /Widths, no ToUnicode, not embedded.
* fixtures/legacy/seed-000-vni.pdf: seed 000 in VNI-Windows (base letter + mark
  byte), /BaseFont /VNI-Times, WinAnsi, no ToUnicode.
* fixtures/legacy/*.txt: expected text = the paragraphs as typeset (taken from
  fixtures/expected/<seed>.txt, which follows fixtures/README.md), NFC.
* fixtures/scan/tasks-2024-scan.pdf: fixtures/pdf/tasks-2024.pdf rendered at
  200 dpi grayscale (pdftoppm), JPEG, wrapped page by page into an image-only
  PDF (ReportLab, invariant); expected text/table: fixtures/expected/tasks-2024.*

Stdlib PDF writer for the legacy files; deterministic (no dates, fixed /ID).
"""
import argparse
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --------------------------------------------------------------------------
# TCVN3: bytes 0xA1-0xFE (glibc TCVN5712-1; same table as src/legacy/tcvn3.rs)
HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
assert len(HIGH) == 96
# ABC one-byte fonts: lower-case toned letters + the 7 untoned capitals.
TCVN3 = {}
for i, ch in enumerate(HIGH):
    b = 0xA0 + i
    if b == 0xA0 or unicodedata.combining(ch):
        continue
    if ch.islower() or 0xA1 <= b <= 0xA7:
        TCVN3[ch] = b


def win_byte(ch):
    """WinAnsi byte of a non-Vietnamese character (ASCII, punctuation)."""
    b = ch.encode("cp1252")
    assert len(b) == 1, ch
    return b[0]


def tcvn3_runs(line):
    """Encodes a line into runs [(font, bytes)]; font 'F1' = .VnTime,
    'F2' = .VnTimeH. A word containing a toned capital that .VnTime lacks
    is drawn with .VnTimeH at the lower-case codes (the whole word, as a
    typist switching the font for an upper-case heading would)."""
    runs = []

    def push(font, bs):
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + bs)
        else:
            runs.append((font, bs))

    for k, word in enumerate(line.split(" ")):
        if k:
            push(runs[-1][0] if runs else "F1", b" ")
        need_h = any(c.isupper() and ord(c) > 127 and c not in TCVN3 for c in word)
        if need_h:
            w = word.lower()
            push("F2", bytes(TCVN3[c] if c in TCVN3 else win_byte(c) for c in w))
        else:
            push("F1", bytes(TCVN3[c] if c in TCVN3 else win_byte(c) for c in word))
    return runs


# --------------------------------------------------------------------------
# VNI-Windows
TONE = {"\u0301": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}
TONE_MARK = "ùøûõï"  # sắc huyền hỏi ngã nặng
CIRC_MARK = "áàåãä"  # mũ + tone
BREVE_MARK = "éèúüë"  # trăng + tone
I_SINGLE = {0: "í", 1: "ì", 2: "æ", 3: "ó", 4: "ò"}


def vni_char(ch):
    if ord(ch) < 128:
        return ch
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    if not base.isascii() or not base.isalpha():
        win_byte(ch)
        return ch
    up = base.isupper()
    tone = None
    mod = None
    for m in marks:
        if m in TONE:
            tone = TONE[m]
        elif m in ("\u0302", "\u0306", "\u031b"):
            mod = m
        else:
            raise ValueError(repr(ch))

    def mk(s):
        return s.upper() if up else s

    if mod == "\u031b":  # horn: ơ ư single bytes, then tone mark
        b = {"o": "ô", "O": "Ô", "u": "ö", "U": "Ö"}[base]
        return b + ("" if tone is None else mk(TONE_MARK[tone]))
    if mod == "\u0302":
        return base + (mk("â") if tone is None else mk(CIRC_MARK[tone]))
    if mod == "\u0306":
        return base + (mk("ê") if tone is None else mk(BREVE_MARK[tone]))
    if tone is None:
        raise ValueError(repr(ch))
    if base in "iI":
        return mk(I_SINGLE[tone])
    if base in "yY" and tone == 4:
        return mk("î")
    return base + mk(TONE_MARK[tone])


def vni_runs(line):
    return [("F1", "".join(vni_char(c) for c in line).encode("cp1252"))]


# --------------------------------------------------------------------------
# Widths: Times-Roman AFM widths of the letter each code draws.
def times_widths():
    from_rl = None
    try:
        from reportlab.pdfbase import pdfmetrics

        f = pdfmetrics.getFont("Times-Roman")
        from_rl = lambda c: f.stringWidth(c, 1000) if c.isascii() else None
    except Exception:
        pass
    return from_rl


def char_width(ch, rl):
    """Advance of a Unicode letter (base letter's Times-Roman width)."""
    base = unicodedata.normalize("NFD", ch)[0]
    if base.isascii() and rl:
        return int(round(rl(base)))
    if rl:
        try:
            import reportlab.pdfbase.pdfmetrics as pm

            return int(round(pm.getFont("Times-Roman").stringWidth(base, 1000)))
        except Exception:
            pass
    return 500


def widths_tcvn3(upper):
    rl = times_widths()
    out = []
    for b in range(32, 256):
        if b >= 0xA1 and HIGH[b - 0xA0] and not unicodedata.combining(HIGH[b - 0xA0]):
            ch = HIGH[b - 0xA0]
        else:
            ch = bytes([b]).decode("cp1252", errors="replace")
        if upper:
            ch = ch.upper()
        if unicodedata.combining(ch):
            out.append(0)
        else:
            out.append(char_width(ch if len(ch) == 1 else " ", rl))
    return out


def widths_vni():
    rl = times_widths()
    marks = set(TONE_MARK + CIRC_MARK + BREVE_MARK + "âê")
    marks |= {m.upper() for m in marks}
    single = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
              "æ": "i", "Æ": "I", "ó": "i", "Ó": "I", "ò": "i", "Ò": "I",
              "î": "y", "Î": "Y", "í": "i", "Í": "I", "ì": "i", "Ì": "I"}
    out = []
    for b in range(32, 256):
        ch = bytes([b]).decode("cp1252", errors="replace")
        if ch in single:
            out.append(char_width(single[ch], rl))
        elif ch in marks:
            # Mark glyphs are drawn over the preceding letter: no advance.
            out.append(0)
        else:
            out.append(char_width(ch, rl))
    return out


# --------------------------------------------------------------------------
# Minimal PDF writer
PAGE_W, PAGE_H = 595, 842
MARGIN_L, MARGIN_T, MARGIN_B = 72, 64, 64
SIZE, LEADING, PARA_GAP, INDENT = 13, 16, 7, 28
WRAP = 80


def pdf_string(bs):
    out = bytearray(b"(")
    for b in bs:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b >= 127:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def text_width(s):
    rl = times_widths()
    return sum(char_width(c, rl) for c in s) * SIZE / 1000.0


def wrap(para):
    """Greedy wrap at ~WRAP characters, and never wider than the text area
    (upper-case headings are wide)."""
    avail = PAGE_W - MARGIN_L - 60
    lines, cur = [], ""
    for w in para.split(" "):
        cand = w if not cur else cur + " " + w
        indent = INDENT if not lines else 0
        if cur and (len(cand) > WRAP or text_width(cand) + indent > avail):
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def typeset(paragraphs, encode):
    """Returns the content streams of the pages: one BT…ET per line; font
    switches inside a line give one Tj per run."""
    pages, cur = [], []
    y = PAGE_H - MARGIN_T

    def new_page():
        nonlocal cur, y
        if cur:
            pages.append(cur)
        cur, y = [], PAGE_H - MARGIN_T

    for para in paragraphs:
        lines = wrap(para)
        if y - LEADING * len(lines[:2]) < MARGIN_B:
            new_page()
        for i, line in enumerate(lines):
            if y < MARGIN_B:
                new_page()
            x = MARGIN_L + (INDENT if i == 0 else 0)
            ops = [b"BT %d %d Td" % (x, y)]
            for font, bs in encode(line):
                ops.append(b"/%s %d Tf %s Tj" % (font.encode(), SIZE, pdf_string(bs)))
            ops.append(b"ET")
            cur.append(b" ".join(ops))
            y -= LEADING
        y -= PARA_GAP
    new_page()
    # Page numbers from page 2 on, centred at the top (as the other fixtures).
    out = []
    for n, lines in enumerate(pages, 1):
        if n > 1:
            num = str(n).encode()
            lines = [b"BT /F1 %d Tf %d %d Td %s Tj ET" % (SIZE, PAGE_W // 2 - 4, PAGE_H - 36, pdf_string(num))] + lines
        out.append(b"\n".join(lines) + b"\n")
    return out


def write_pdf(path, streams, fonts, title):
    """fonts: [(resource name, BaseFont, widths)]."""
    objs = []  # index i -> object i+1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    pages_id = add(None)
    font_ids = []
    for name, base, widths in fonts:
        fd = add(
            b"<< /Type /FontDescriptor /FontName /%s /Flags 34 /FontBBox [-170 -250 1010 950]"
            b" /ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 80 >>" % base.encode()
        )
        w = b" ".join(b"%d" % x for x in widths)
        fid = add(
            b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 32 /LastChar 255"
            b" /Widths [%s] /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
            % (base.encode(), w, fd)
        )
        font_ids.append((name, fid))
    res = b"<< /Font << %s >> /ProcSet [/PDF /Text] >>" % b" ".join(
        b"/%s %d 0 R" % (n.encode(), i) for n, i in font_ids
    )
    page_ids = []
    for s in streams:
        cid = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(s), s))
        pid = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (pages_id, PAGE_W, PAGE_H, res, cid)
        )
        page_ids.append(pid)
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % p for p in page_ids),
        len(page_ids),
    )
    info = add(
        b"<< /Title %s /Creator (Microsoft Word - %s.doc) /Producer (Acrobat Distiller 5.0 \\(Windows\\))"
        b" /CreationDate (D:20050314093000+07'00') >>" % (pdf_string(title.encode()), title.encode())
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    fid = hashlib.md5(title.encode()).hexdigest().encode()
    out += (
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, catalog, info, fid, fid, xref)
    )
    with open(path, "wb") as f:
        f.write(out)


def paragraphs_of(seed):
    with open(os.path.join(ROOT, "fixtures/expected", seed + ".txt"), encoding="utf-8") as f:
        text = unicodedata.normalize("NFC", f.read())
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return [p for p in paras if p]


def write_expected(path, paras):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(paras) + "\n")


def make_legacy():
    d = os.path.join(ROOT, "fixtures/legacy")
    os.makedirs(d, exist_ok=True)
    # TCVN3 — seed 002
    paras = paragraphs_of("seed-002")
    streams = typeset(paras, tcvn3_runs)
    write_pdf(
        os.path.join(d, "seed-002-tcvn3.pdf"),
        streams,
        [("F1", ".VnTime", widths_tcvn3(False)), ("F2", ".VnTimeH", widths_tcvn3(True))],
        "KH-STP-2024",
    )
    write_expected(os.path.join(d, "seed-002-tcvn3.txt"), paras)
    # VNI — seed 000
    paras = paragraphs_of("seed-000")
    streams = typeset(paras, vni_runs)
    write_pdf(
        os.path.join(d, "seed-000-vni.pdf"),
        streams,
        [("F1", "VNI-Times", widths_vni())],
        "KH-seed000",
    )
    write_expected(os.path.join(d, "seed-000-vni.txt"), paras)


def make_scan():
    from reportlab.pdfgen import canvas
    from reportlab.lib.utils import ImageReader

    src = os.path.join(ROOT, "fixtures/pdf/tasks-2024.pdf")
    d = os.path.join(ROOT, "fixtures/scan")
    os.makedirs(d, exist_ok=True)
    out = os.path.join(d, "tasks-2024-scan.pdf")
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run(
            ["pdftoppm", "-r", "200", "-gray", src, os.path.join(tmp, "p")],
            check=True,
        )
        imgs = sorted(f for f in os.listdir(tmp) if f.endswith(".pgm"))
        c = canvas.Canvas(out, invariant=1, pageCompression=1)
        c.setCreator("scanner")
        for f in imgs:
            path = os.path.join(tmp, f)
            # pdftoppm -jpeg writes 3 components even with -gray: encode a
            # true 1-component JPEG with Pillow (a ReportLab dependency).
            from PIL import Image

            buf = io.BytesIO()
            Image.open(path).convert("L").save(buf, "JPEG", quality=75, optimize=True)
            data = buf.getvalue()
            # From bytes, so that the temporary path does not name the XObject.
            img = ImageReader(io.BytesIO(data))
            w, h = img.getSize()
            pw, ph = w * 72.0 / 200, h * 72.0 / 200
            c.setPageSize((pw, ph))
            c.drawImage(img, 0, 0, pw, ph)
            c.showPage()
        c.save()
    finally:
        shutil.rmtree(tmp)
    print(out, os.path.getsize(out), "bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-scan", action="store_true")
    a = ap.parse_args()
    make_legacy()
    if not a.no_scan:
        make_scan()


if __name__ == "__main__":
    sys.exit(main())
