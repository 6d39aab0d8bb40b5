#!/usr/bin/env python3
"""fixtures/turned/tasks-2024-sideways.pdf: a scan fed into the scanner the
wrong way round.

Page 3 of fixtures/scan/tasks-2024-scan.pdf (the landscape task table, 200
dpi grey JPEG) is turned a quarter turn clockwise in its pixels and placed
upright on a portrait A4 page with no /Rotate, as a portrait-only scanner
writes a landscape sheet; page 4 (the table's next page) follows upside
down, as a sheet fed the wrong way round, then page 2 turned a quarter turn
the other way. kehoach must find each turn and read the pages upright.

  python3 scripts/make-sideways-scan.py      # needs pdfimages and Pillow

Deterministic: a fixed /ID, no dates.
"""
import io
import os
import subprocess
import tempfile

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "fixtures/scan/tasks-2024-scan.pdf")
OUT = os.path.join(ROOT, "fixtures/turned/tasks-2024-sideways.pdf")


def page_image(page):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdfimages", "-j", "-f", str(page), "-l", str(page), SRC, os.path.join(tmp, "i")],
            check=True,
        )
        (name,) = os.listdir(tmp)
        return Image.open(os.path.join(tmp, name)).convert("L")


def main():
    pages = []
    for page, turn in (
        (3, Image.Transpose.ROTATE_270),
        (4, Image.Transpose.ROTATE_180),
        (2, Image.Transpose.ROTATE_90),
    ):
        img = page_image(page).transpose(turn)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        pages.append((img.width, img.height, buf.getvalue()))
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    tree = add(None)
    kids = []
    for w, h, data in pages:
        pw, ph = w * 72.0 / 200, h * 72.0 / 200
        im = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(data))
            + data
            + b"\nendstream"
        )
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        cs = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f]"
                b" /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                % (tree, pw, ph, im, cs)
            )
        )
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objs[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (
        b"trailer\n<< /Size %d /Root %d 0 R /ID [<6b65686f616368736964657761797321> "
        b"<6b65686f616368736964657761797321>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objs) + 1, catalog, xref)
    )
    with open(OUT, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
