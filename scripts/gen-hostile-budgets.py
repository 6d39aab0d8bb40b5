#!/usr/bin/env python3
"""Builds the budget and recovery fixtures of fixtures/hostile/ (issue 15;
Python stdlib only, byte-reproducible). Each file carries a line of
Vietnamese text (Helvetica, WinAnsi) that must survive.

  cmap-bfrange-bomb.pdf   a ~3 KB file: one font's ToUnicode has 10,000
                          overlapping bfranges over <0000>-<FFFF>
  shared-cmap-fonts.pdf   2,000 Type0 fonts sharing one 200,000-entry
                          ToUnicode CMap (4-byte codes), all used on page 1
  form-bombs.pdf          20 form XObjects, each a Flate stream inflating
                          to 72 MiB, all drawn on one page
  length-missing-ref.pdf  content /Length is `99 0 R`, an object that does
                          not exist
  length-not-integer.pdf  content /Length is `5 0 R`, a string object
  rotate-1e40.pdf         /Rotate 1e40 on the page
  bad-boxes.pdf           /MediaBox with a non-number, /CropBox with 1e400
Usage: python3 scripts/gen-hostile-budgets.py
"""
import os
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "hostile")
HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def build(objects, root=1):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data, compress=True, extra=b""):
    if compress:
        data = zlib.compress(data, 9)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def helv_line(y, s):
    return b"BT /H 12 Tf 72 %d Td (%s) Tj ET\n" % (y, s.encode("latin-1"))


def page(contents_ref, res, extra=b""):
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + res +
            b" /Contents %d 0 R " % contents_ref + extra + b">>")


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(name, len(data))


def cmap_bfrange_bomb():
    ranges = b"".join(b"<0000> <FFFF> <%04X>\n" % (0x41 + (i % 26)) for i in range(10000))
    cmap = (b"/CIDInit /ProcSet findresource begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            b"10000 beginbfrange\n" + ranges + b"endbfrange\nendcmap end\n")
    content = helv_line(760, "Trang CMAP: tôi là anh và em") + b"BT /B 12 Tf 72 740 Td <00010002> Tj ET\n"
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page(4, b"<< /Font << /H 5 0 R /B 6 0 R >> >>"),
        4: stream(content),
        5: HELV,
        6: b"<< /Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
        7: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bomb /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        8: stream(cmap),
    }
    write("cmap-bfrange-bomb.pdf", build(objs))


def shared_cmap_fonts():
    n_fonts = 2000
    entries = []
    for k in range(0, 200000, 100):
        chunk = range(k, min(k + 100, 200000))
        entries.append(b"%d beginbfchar\n" % len(chunk))
        for c in chunk:
            u = c if 0x20 <= c < 0x7F or 0xA0 <= c < 0x100 else 0x4E00 + (c * 7919) % 20000
            entries.append(b"<%08X> <%04X>\n" % (c, u))
        entries.append(b"endbfchar\n")
    cmap = (b"/CIDInit /ProcSet findresource begin begincmap\n1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
            + b"".join(entries) + b"endcmap end\n")
    fonts = b" ".join(b"/F%d %d 0 R" % (i, 10 + 2 * i) for i in range(n_fonts))
    content = helv_line(800, "Trang FONTS: các phòng có tên")
    content += b"BT /F0 12 Tf 72 780 Td <" + b"".join(b"%08X" % ord(c) for c in "và là hai các phòng") + b"> Tj ET\n"
    for i in range(n_fonts):
        content += b"BT /F%d 6 Tf %d %d Td <%08X> Tj ET\n" % (i, 40 + (i % 80) * 6, 700 - (i // 80) * 8, 1000 + i)
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page(4, b"<< /Font << /H 5 0 R " + fonts + b" >> >>"),
        4: stream(content),
        5: HELV,
        6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Shared /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        7: b"<< /Type /CMap /CMapName /Shared-4 /Length 0 >>",
        8: stream(cmap),
    }
    enc = (b"/CIDInit /ProcSet findresource begin begincmap\n/CMapName /Shared-4 def\n"
           b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
           b"1 begincidrange <00000000> <0003FFFF> 0 endcidrange\nendcmap end\n")
    objs[7] = stream(enc, extra=b"/Type /CMap /CMapName /Shared-4 ")
    for i in range(n_fonts):
        objs[10 + 2 * i] = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Shared%d /Encoding 7 0 R "
                            b"/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>" % i)
    write("shared-cmap-fonts.pdf", build(objs))


def form_bombs():
    bomb = zlib.compress(b" " * (72 << 20), 9)
    n = 20
    xobjs = b" ".join(b"/X%d %d 0 R" % (i, 10 + i) for i in range(n))
    content = helv_line(780, "Trang FORM: tôi là anh")
    content += b"".join(b"q /X%d Do Q\n" % i for i in range(n))
    content += helv_line(760, "và em là chào các")
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page(4, b"<< /Font << /H 5 0 R >> /XObject << " + xobjs + b" >> >>"),
        4: stream(content),
        5: HELV,
    }
    for i in range(n):
        objs[10 + i] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d /Filter /FlateDecode >>\nstream\n"
                        % len(bomb) + bomb + b"\nendstream")
    write("form-bombs.pdf", build(objs))


def length_cases():
    content = helv_line(780, "Trang LENGTH: tôi là anh") + helv_line(760, "và em là chào các")
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page(4, b"<< /Font << /H 6 0 R >> >>"),
        4: b"<< /Length 99 0 R >>\nstream\n" + content + b"endstream",
        6: HELV,
    }
    write("length-missing-ref.pdf", build(objs))
    content = helv_line(780, "Trang STRING: các phòng có tên") + helv_line(760, "và em là chào các")
    objs[4] = b"<< /Length 5 0 R >>\nstream\n" + content + b"endstream"
    objs[5] = b"(not a number)"
    write("length-not-integer.pdf", build(objs))


def rotate_and_boxes():
    content = helv_line(780, "Trang ROTATE: tôi là anh và em")
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page(4, b"<< /Font << /H 5 0 R >> >>", b"/Rotate 1e40 "),
        4: stream(content),
        5: HELV,
    }
    write("rotate-1e40.pdf", build(objs))
    content = helv_line(780, "Trang BOXES: các phòng có tên")
    objs[3] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 (x)] /CropBox [0 0 1e400 842] "
               b"/Resources << /Font << /H 5 0 R >> >> /Contents 4 0 R >>")
    objs[4] = stream(content)
    write("bad-boxes.pdf", build(objs))


def main():
    os.makedirs(OUT, exist_ok=True)
    cmap_bfrange_bomb()
    shared_cmap_fonts()
    form_bombs()
    length_cases()
    rotate_and_boxes()


if __name__ == "__main__":
    main()
