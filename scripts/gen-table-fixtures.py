#!/usr/bin/env python3
"""Table-shape fixtures: fixtures/tables/shapes-lo.pdf (LibreOffice from a
generated FODT), fixtures/tables/shapes-rl.pdf (the same tables drawn by
ReportLab) and their expected rows, fixtures/expected/shapes-*.table.json.

    python3 scripts/gen-table-fixtures.py   # needs soffice and reportlab

Shapes: a score table with a two-row header (a cell spanning three columns
over `Tối đa | Tự đánh giá | Thẩm định`, STT and Đơn vị merged over both
header rows), a column-number row `(1) ... (5)` and a summary row whose label
spans two columns; a task table with a group row, a name merged vertically
over two rows with different leads, a cell spanning Chủ trì + Phối hợp, a
`Tổng cộng` row, and enough rows to continue on the next page without a
repeated header.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "tables"
EXP = ROOT / "fixtures" / "expected"

SCORE_TITLE = "PHỤ LỤC I KẾT QUẢ CHẤM ĐIỂM CẢI CÁCH HÀNH CHÍNH"
SCORE_UNITS = [
    ("1", "Sở Nội vụ", "10", "9,5", "9"),
    ("2", "Sở Tài chính", "10", "8", "7,5"),
    ("3", "Sở Xây dựng", "10", "9", "8,75"),
]
TASK_TITLE = "PHỤ LỤC II DANH MỤC NHIỆM VỤ NĂM 2026"
AGENCIES = ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Công an tỉnh"]


def task_rows():
    """(group or None, cells, vmerge_next, hspan_lead) in order."""
    rows = [("I. Cải cách thể chế", None)]
    rows.append((None, ["1", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Sở Tư pháp", "Các sở, ngành", "Quý I/2026"], "vm-top"))
    rows.append((None, ["1", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Quý II/2026"], "vm-below"))
    rows.append((None, ["2", "Công bố danh mục thủ tục hành chính được chuẩn hóa", "Các sở, ngành và UBND cấp xã", "", "Năm 2026"], "hspan"))
    rows.append(("II. Hiện đại hóa nền hành chính", None))
    for i in range(3, 21):
        lead = AGENCIES[i % len(AGENCIES)]
        partner = AGENCIES[(i + 2) % len(AGENCIES)]
        name = (f"Triển khai nhiệm vụ số {i} về chuyển đổi số trong cơ quan hành chính, "
                f"bảo đảm kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin của tỉnh")
        rows.append((None, [str(i), name, lead, partner, f"Tháng {(i % 12) + 1}/2026"], None))
    return rows


def cell(text, style="C", span=None, vspan=None):
    attrs = f' table:style-name="{style}" office:value-type="string"'
    if span:
        attrs += f' table:number-columns-spanned="{span}"'
    if vspan:
        attrs += f' table:number-rows-spanned="{vspan}"'
    return f"<table:table-cell{attrs}><text:p>{escape(text)}</text:p></table:table-cell>"


COVERED = "<table:covered-table-cell/>"


def score_table():
    x = ['<table:table table:name="Diem" table:style-name="T">',
         '<table:table-column table:style-name="c1"/><table:table-column table:style-name="c2"/>',
         '<table:table-column table:style-name="c3" table:number-columns-repeated="3"/>']
    x.append("<table:table-row>" + cell("STT", vspan=2) + cell("Đơn vị", vspan=2) + cell("Điểm", span=3) + COVERED * 2 + "</table:table-row>")
    x.append("<table:table-row>" + COVERED * 2 + cell("Tối đa") + cell("Tự đánh giá") + cell("Thẩm định") + "</table:table-row>")
    x.append("<table:table-row>" + "".join(cell(f"({i})") for i in range(1, 6)) + "</table:table-row>")
    for r in SCORE_UNITS:
        x.append("<table:table-row>" + "".join(cell(c) for c in r) + "</table:table-row>")
    x.append("<table:table-row>" + cell("Điểm trung bình", span=2) + COVERED + cell("10") + cell("8,83") + cell("8,42") + "</table:table-row>")
    x.append("</table:table>")
    return "".join(x)


def tasks_table():
    x = ['<table:table table:name="NhiemVu" table:style-name="T">',
         '<table:table-column table:style-name="c1"/><table:table-column table:style-name="c4"/>',
         '<table:table-column table:style-name="c3" table:number-columns-repeated="3"/>']
    x.append("<table:table-row>" + "".join(cell(h) for h in ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]) + "</table:table-row>")
    for g, cells, *shape in task_rows():
        if cells is None:
            stt, name = g.split(". ", 1)
            x.append("<table:table-row>" + cell(stt) + cell(name, span=4) + COVERED * 3 + "</table:table-row>")
            continue
        shape = shape[0] if shape else None
        if shape == "vm-top":
            x.append("<table:table-row>" + cell(cells[0], vspan=2) + cell(cells[1], vspan=2) + "".join(cell(c) for c in cells[2:]) + "</table:table-row>")
        elif shape == "vm-below":
            x.append("<table:table-row>" + COVERED * 2 + "".join(cell(c) for c in cells[2:]) + "</table:table-row>")
        elif shape == "hspan":
            x.append("<table:table-row>" + cell(cells[0]) + cell(cells[1]) + cell(cells[2], span=2) + COVERED + cell(cells[4]) + "</table:table-row>")
        else:
            x.append("<table:table-row>" + "".join(cell(c) for c in cells) + "</table:table-row>")
    x.append("<table:table-row>" + cell("Tổng cộng", span=2) + COVERED + cell("20 nhiệm vụ", span=3) + COVERED * 2 + "</table:table-row>")
    x.append("</table:table>")
    return "".join(x)


def fodt():
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-size="11pt" fo:language="vi" fo:country="VN"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/></style:page-layout>
<style:style style:name="T" style:family="table"><style:table-properties style:width="16.5cm" table:align="left"/></style:style>
<style:style style:name="c1" style:family="table-column"><style:table-column-properties style:column-width="1.2cm"/></style:style>
<style:style style:name="c2" style:family="table-column"><style:table-column-properties style:column-width="6.3cm"/></style:style>
<style:style style:name="c3" style:family="table-column"><style:table-column-properties style:column-width="3cm"/></style:style>
<style:style style:name="c4" style:family="table-column"><style:table-column-properties style:column-width="6.3cm"/></style:style>
<style:style style:name="C" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm" style:vertical-align="middle"/></style:style>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="B" style:family="paragraph"><style:paragraph-properties fo:break-before="page" fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
<text:p text:style-name="P">{escape(SCORE_TITLE)}</text:p>
{score_table()}
<text:p text:style-name="B">{escape(TASK_TITLE)}</text:p>
{tasks_table()}
</office:text></office:body></office:document>
"""


def expected():
    score = {
        "title": SCORE_TITLE,
        "caption": "",
        "header": ["STT", "Đơn vị", "Điểm Tối đa", "Điểm Tự đánh giá", "Điểm Thẩm định"],
        "groups": [],
        "rows": [{"group": "", "cells": list(r)} for r in SCORE_UNITS],
    }
    rows, group = [], ""
    groups = []
    for g, cells, *_ in task_rows():
        if cells is None:
            group = g
            stt, name = g.split(". ", 1)
            groups.append({"stt": stt, "name": name})
            continue
        rows.append({"group": group, "cells": cells})
    tasks = {"title": TASK_TITLE, "caption": "",
             "header": ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"],
             "groups": groups, "rows": rows}
    return score, tasks


def reportlab_pdf(path):
    """The same two tables drawn by ReportLab: spans by SPAN, the task
    table split over pages without a repeated header (repeatRows=0)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVuSerif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVuSerifB", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"))
    body = ParagraphStyle("b", fontName="DejaVuSerif", fontSize=10, leading=13)
    head = ParagraphStyle("h", fontName="DejaVuSerifB", fontSize=11, leading=14, alignment=1)
    P = lambda t: Paragraph(escape(t), body)
    base = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), "DejaVuSerif")]
    # score table
    data = [[P("STT"), P("Đơn vị"), P("Điểm"), "", ""], ["", "", P("Tối đa"), P("Tự đánh giá"), P("Thẩm định")],
            [P(f"({i})") for i in range(1, 6)]]
    data += [[P(c) for c in r] for r in SCORE_UNITS]
    data.append([P("Điểm trung bình"), "", P("10"), P("8,83"), P("8,42")])
    n = len(data)
    score = Table(data, colWidths=[1.2 * cm, 6.3 * cm, 3 * cm, 3 * cm, 3 * cm], repeatRows=0)
    score.setStyle(TableStyle(base + [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0)),
                                      ("SPAN", (0, n - 1), (1, n - 1))]))
    # task table
    data = [[P(h) for h in ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]]]
    spans = []
    for g, cells, *shape in task_rows():
        r = len(data)
        if cells is None:
            stt, name = g.split(". ", 1)
            data.append([P(stt), P(name), "", "", ""])
            spans.append(("SPAN", (1, r), (4, r)))
            continue
        shape = shape[0] if shape else None
        row = [P(c) for c in cells]
        if shape == "vm-top":
            spans += [("SPAN", (0, r), (0, r + 1)), ("SPAN", (1, r), (1, r + 1))]
        elif shape == "vm-below":
            row[0] = row[1] = ""
        elif shape == "hspan":
            row[3] = ""
            spans.append(("SPAN", (2, r), (3, r)))
        data.append(row)
    r = len(data)
    data.append([P("Tổng cộng"), "", P("20 nhiệm vụ"), "", ""])
    spans += [("SPAN", (0, r), (1, r)), ("SPAN", (2, r), (4, r))]
    tasks = Table(data, colWidths=[1.2 * cm, 6.3 * cm, 3 * cm, 3 * cm, 3 * cm], repeatRows=0)
    tasks.setStyle(TableStyle(base + spans))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, invariant=1)
    doc.build([Paragraph(escape(SCORE_TITLE), head), score, PageBreak(), Paragraph(escape(TASK_TITLE), head), tasks])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "shapes-lo.fodt"
        src.write_text(fodt(), encoding="utf-8")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(OUT), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    score, tasks = expected()
    reportlab_pdf(OUT / "shapes-rl.pdf")
    for stem, v in (("shapes-score", score), ("shapes-tasks", tasks)):
        (EXP / f"{stem}.table.json").write_text(json.dumps(v, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", OUT / "shapes-lo.pdf", file=sys.stderr)


if __name__ == "__main__":
    main()
