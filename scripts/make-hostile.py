#!/usr/bin/env python3
"""Builds the hostile PDFs in fixtures/hostile/ (Python stdlib only).

The two encrypted files are made with qpdf from fixtures/pdf/seed-002.pdf
when qpdf is installed (they are committed, so this is only needed to
re-make them):  qpdf --encrypt user owner 256 / qpdf --encrypt "" owner 256.
Usage: python3 scripts/make-hostile.py
"""
import os
import re
import shutil
import subprocess
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "hostile")
SEED = os.path.join(ROOT, "fixtures", "pdf", "seed-002.pdf")


def build(objects, root=1, extra_trailer=b""):
    """A PDF with a correct xref from {num: body bytes}."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        if n in offsets:
            out += b"%010d 00000 n \n" % offsets[n]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root,
        extra_trailer,
        xref,
    )
    return bytes(out)


def stream(data, compress=True, extra=b""):
    if compress:
        data = zlib.compress(data, 9)
        extra = b"/Filter /FlateDecode " + extra
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_content(lines):
    out = b"BT /F1 12 Tf 72 770 Td 14 TL\n"
    for line in lines:
        out += b"(" + line.encode("latin-1") + b") Tj T*\n"
    return out + b"ET\n"


def simple_doc(contents, media=b"[0 0 595 842]", page_extra=b""):
    """Catalog 1, Pages 2, font 3, then one page + content per entry."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    n = 4
    for c in contents:
        objs[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R %s>>" % (media, n + 1, page_extra)
        )
        objs[n + 1] = c
        kids.append(b"%d 0 R" % n)
        n += 2
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return build(objs)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    seed = open(SEED, "rb").read()

    write("empty.pdf", b"")
    write(
        "not-a-pdf.pdf",
        b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        b"<body><h1>Not Found</h1></body></html>\n",
    )
    # Only the head of the file: header and a few objects, no page tree, no xref.
    write("truncated.pdf", seed[:4096])

    # Every in-use xref offset is wrong (shifted by 7): lopdf must rebuild it.
    def shift(m):
        return b"%010d %s n" % (int(m.group(1)) + 7, m.group(2))

    xref_at = seed.rindex(b"\nxref") + 1
    broken = seed[:xref_at] + re.sub(rb"(\d{10}) (\d{5}) n", shift, seed[xref_at:])
    assert broken != seed
    write("bad-xref.pdf", broken)

    # Page 2 of 3 has a Flate stream whose middle is garbage.
    good1 = stream(text_content(["Trang A: các phòng có tên và là hai"]))
    good3 = stream(text_content(["Trang C: tôi là anh và em là chào các"]))
    z = bytearray(zlib.compress(text_content(["Hostile page two: never readable"] * 40), 9))
    for i in range(10, len(z) - 10):
        z[i] ^= 0x5A
    bad2 = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + bytes(z) + b"\nendstream"
    write("corrupt-page2.pdf", simple_doc([good1, bad2, good3]))

    # Page tree with no kids.
    write(
        "no-pages.pdf",
        build({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}),
    )
    # Page tree whose nodes are each other's kids (and their own).
    write(
        "cyclic-pages.pdf",
        build(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>",
                3: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
            }
        ),
    )
    # 20 000 nested arrays in an object, and 20 000 nested dictionaries
    # in the Info dictionary; plus deep nesting inside the content stream.
    depth = 20_000
    deep_arr = b"[" * depth + b"]" * depth
    deep_dict = b"<< /A " * depth + b"1" + b" >>" * depth
    content = stream(
        text_content(["Deeply nested objects"]) + b"[" * depth + b"]" * depth + b" pop\n"
        + b"<< /A " * depth + b" >>" * depth + b" pop\n"
    )
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: FONT,
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        5: content,
        6: deep_arr,
        7: deep_dict,
    }
    write("deep-nesting.pdf", build(objs, extra_trailer=b"/Info 7 0 R "))

    # A page 1e30 points wide whose text is placed far outside it.
    write(
        "huge-mediabox.pdf",
        simple_doc(
            # PDF numbers have no exponent: the largest in plain digits.
            [stream(text_content(["Enormous page size"]) + b"BT /F1 100000000 Tf 900000000 900000000 Td (X) Tj ET\n")],
            media=b"[-1000000000 -1000000000 1000000000 1000000000]",
        ),
    )
    # A content stream that inflates to 80 MB of spaces (> 64 MB stream limit).
    bomb = zlib.compressobj(9)
    body = bomb.compress(text_content(["Flate bomb ahead"]))
    chunk = b" " * (1 << 20)
    for _ in range(80):
        body += bomb.compress(chunk)
    body += bomb.flush()
    write(
        "flate-bomb.pdf",
        simple_doc([b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"]),
    )
    # 3 million operators on one page (limit: 2 million).
    ops = text_content(["Millions of operators"]) + b"q Q\n" * 3_000_000
    write("million-ops.pdf", simple_doc([stream(ops)]))
    # A stream that declares a /Length of 10^15 bytes.
    huge_len = simple_doc([stream(text_content(["Absurd stream length"]), compress=False)])
    huge_len = re.sub(rb"/Length \d+ ", b"/Length 999999999999999 ", huge_len, count=1)
    write("huge-length.pdf", huge_len)

    if shutil.which("qpdf"):
        for name, user in (("encrypted-user.pdf", "user"), ("encrypted-owner-only.pdf", "")):
            subprocess.run(
                ["qpdf", "--static-id", "--encrypt", user, "owner", "256", "--", SEED, os.path.join(OUT, name)],
                check=True,
            )


if __name__ == "__main__":
    main()
