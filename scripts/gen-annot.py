#!/usr/bin/env python3
"""Builds fixtures/annot/esigned-widget.pdf (Python stdlib only,
byte-reproducible): a one-page report whose number and date exist only
in the appearance streams of signature widgets, as VNPT SmartCA / Ban Cơ
yếu e-signing tools stamp them.

* Page content: the header block without number and date, title, body,
  signature block; one Type0 /Identity-H font whose codes are the
  characters' Unicode values, with a ToUnicode CMap (no font program).
* Widget 1 (/FT /Sig, /F 4 print): `Số: 329/BC-UBND`, its appearance's
  /BBox twice the size of its /Rect (drawn at half size, ISO 32000-1
  §12.5.5), with a /Matrix that translates.
* Widget 2: `Hậu Giang, ngày 19 tháng 12 năm 2025`, an appearance
  dictionary of states (/On, /Off) chosen by /AS /On; /Off holds a wrong
  date.
* A hidden widget (/F 2) and a no-view, not printed one (/F 32) over the
  number, with wrong numbers, which must not be read; a /Popup and a /Link
  without appearance.

Expected: number 329/BC-UBND, date 2025-12-19.
Usage: python3 scripts/gen-annot.py
"""
import os
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "annot", "esigned-widget.pdf")


def hexstr(s):
    return b"<" + "".join("%04X" % ord(c) for c in s).encode() + b">"


def stream(data, extra=b""):
    data = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text(x, y, size, s):
    return b"BT /F1 %g Tf %g %g Td %s Tj ET\n" % (size, x, y, hexstr(s))


def centred(cx, y, size, s):
    return text(cx - len(s) * size * 0.25, y, size, s)


def to_unicode(chars):
    lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
             b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    chars = sorted(chars)
    for k in range(0, len(chars), 100):
        chunk = chars[k:k + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        for c in chunk:
            lines.append(b"<%04X> <%04X>" % (ord(c), ord(c)))
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines) + b"\n"


BODY = [
    "Thực hiện Kế hoạch số 182/KH-UBND ngày 20/10/2021 của Ủy ban nhân dân tỉnh",
    "về chuyển đổi số, Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện năm 2025",
    "như sau:",
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Hạ tầng số",
    "Hoàn thành nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã.",
    "2. Dữ liệu số",
    "Đưa vào sử dụng kho dữ liệu dùng chung của tỉnh.",
    "II. NHIỆM VỤ NĂM 2026",
    "Tiếp tục triển khai các nhiệm vụ chuyển đổi số theo kế hoạch.",
]


def main():
    content = b""
    content += centred(150, 800, 12, "ỦY BAN NHÂN DÂN")
    content += centred(150, 785, 12, "TỈNH HẬU GIANG")
    content += centred(420, 800, 12, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    content += centred(420, 785, 12, "Độc lập - Tự do - Hạnh phúc")
    content += centred(297, 700, 14, "BÁO CÁO")
    content += centred(297, 682, 13, "Kết quả thực hiện chuyển đổi số năm 2025")
    y = 650
    for line in BODY:
        content += text(72, y, 13, line)
        y -= 20
    content += centred(420, y - 20, 12, "TM. ỦY BAN NHÂN DÂN")
    content += centred(420, y - 35, 12, "CHỦ TỊCH")
    content += centred(420, y - 110, 12, "Nguyễn Văn An")

    number = "Số: 329/BC-UBND"
    date = "Hậu Giang, ngày 19 tháng 12 năm 2025"
    wrong = ["Số: 999/BC-SAI", "Số: 888/BC-SAI", "Hậu Giang, ngày 01 tháng 01 năm 2001"]
    chars = set("".join(BODY) + number + date + "".join(wrong) + " ")
    for s in ["ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Kết quả thực hiện chuyển đổi số năm 2025",
              "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]:
        chars |= set(s)

    res = b"<< /Font << /F1 5 0 R >> >>"
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [10 0 R 12 0 R 15 0 R 17 0 R] /SigFlags 3 >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        4: stream(content),
        5: b"<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRomanPSMT /Encoding /Identity-H "
           b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        6: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRomanPSMT "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
           b"/FontDescriptor 8 0 R /DW 500 >>",
        7: stream(to_unicode(chars)),
        8: b"<< /Type /FontDescriptor /FontName /TimesNewRomanPSMT /Flags 34 "
           b"/FontBBox [-170 -250 1010 950] /ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 80 >>",
    }
    # Widget 1: Rect 190 x 20 at (60, 752); BBox 380 x 40 (drawn at half
    # size); the Matrix moves the BBox by (-100, -50), which §12.5.5 undoes.
    objs[10] = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /F 4 "
                b"/Rect [60 752 250 772] /P 3 0 R /AP << /N 11 0 R >> >>")
    objs[11] = stream(b"q " + text(140, 62, 24, number) + b"Q\n",
                      b"/Type /XObject /Subtype /Form /BBox [100 50 480 90] /Matrix [1 0 0 1 -100 -50] "
                      b"/Resources " + res + b" ")
    # Widget 2: states; /AS /On.
    objs[12] = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /F 4 /AS /On "
                b"/Rect [300 752 560 772] /P 3 0 R /AP << /N << /On 13 0 R /Off 14 0 R >> >> >>")
    objs[13] = stream(text(20, 6, 12, date), b"/Type /XObject /Subtype /Form /BBox [0 0 260 20] /Resources " + res + b" ")
    objs[14] = stream(text(20, 6, 12, wrong[2]), b"/Type /XObject /Subtype /Form /BBox [0 0 260 20] /Resources " + res + b" ")
    # Hidden and not-viewed-not-printed widgets with wrong numbers.
    objs[15] = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (Hidden) /F 6 "
                b"/Rect [60 730 250 750] /P 3 0 R /AP << /N 16 0 R >> >>")
    objs[16] = stream(text(10, 6, 12, wrong[0]), b"/Type /XObject /Subtype /Form /BBox [0 0 190 20] /Resources " + res + b" ")
    objs[17] = (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (NoView) /F 32 "
                b"/Rect [60 730 250 750] /P 3 0 R /AP << /N 18 0 R >> >>")
    objs[18] = stream(text(10, 6, 12, wrong[1]), b"/Type /XObject /Subtype /Form /BBox [0 0 190 20] /Resources " + res + b" ")
    objs[19] = b"<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Border [0 0 0] >>"
    objs[20] = b"<< /Type /Annot /Subtype /Popup /Rect [400 400 500 500] /Open false >>"
    objs[3] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + res +
               b" /Contents 4 0 R /Annots [10 0 R 12 0 R 15 0 R 17 0 R 19 0 R 20 0 R] >>")

    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(pdf)
        pdf += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        pdf += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    open(OUT, "wb").write(bytes(pdf))
    print(OUT, len(pdf))


if __name__ == "__main__":
    main()
