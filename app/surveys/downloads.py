"""The one-time download of a code batch: a ZIP with the codes as CSV, a printable A4 page of
letter inserts, and an SVG and a PNG QR code per code. It is built in memory from the plain
codes, in the response to the request that made them; the codes are stored nowhere else."""

from __future__ import annotations

import csv
import io
import zipfile

import segno
from flask import render_template

from app.surveys.services import format_code


def batch_zip(codes: list[str], address_for, municipality_name: str, period: str,
              group_label: str, answer_address: str) -> bytes:
    """``address_for(code)`` gives the address a code's QR code points to."""
    buffer = io.BytesIO()
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["kode", "adresse"])
    inserts = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for code in codes:
            shown, address = format_code(code), address_for(code)
            writer.writerow([shown, address])
            qr = segno.make(address, error="m")
            svg = io.BytesIO()
            qr.save(svg, kind="svg", scale=4, border=2, title=shown)
            png = io.BytesIO()
            qr.save(png, kind="png", scale=6, border=2)
            archive.writestr(f"qr/{code}.svg", svg.getvalue())
            archive.writestr(f"qr/{code}.png", png.getvalue())
            inserts.append((shown, qr.svg_inline(scale=3, border=2)))
        archive.writestr("koder.csv", "\ufeff" + rows.getvalue())
        archive.writestr("indstik.html", render_template(
            "surveys/download/inserts.html", inserts=inserts, municipality_name=municipality_name,
            period=period, group_label=group_label, answer_address=answer_address))
    return buffer.getvalue()


def qr_svg(address: str) -> bytes:
    out = io.BytesIO()
    segno.make(address, error="m").save(out, kind="svg", scale=10, border=4)
    return out.getvalue()
