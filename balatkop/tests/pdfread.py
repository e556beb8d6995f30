"""Read generated PDFs back in tests: the text of each page and the QR codes drawn on it."""

from __future__ import annotations

import io
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import ContentStream


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page."""
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(data: bytes) -> str:
    """All pages' text, with line breaks and repeated spaces folded to single spaces."""
    return " ".join(" ".join(page.split()) for page in pdf_pages(data))


def qr_matrix(data: bytes, page_number: int = 0) -> list[list[bool]]:
    """Rebuild the QR module grid from the filled squares ``DocumentPDF.qr_code`` draws.

    Its rectangles all share one height (a module); their bounding box is the whole symbol
    (the finder patterns sit in three corners).
    """
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[page_number]
    operations = ContentStream(page.get_contents(), reader).operations
    rects, path = [], []
    for operands, operator in operations:
        if operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            path.append((x, max(y, y + h), abs(w), abs(h)))
            continue
        if operator == b"f":  # only filled rectangles: table borders are stroked
            rects.extend(path)
        path = []
    if not rects:
        return []
    module = Counter(round(r[3], 2) for r in rects).most_common(1)[0][0]
    squares = [r for r in rects if abs(r[3] - module) < 0.02]
    left = min(r[0] for r in squares)
    top = max(r[1] for r in squares)
    size = round((max(r[0] + r[2] for r in squares) - left) / module)
    grid = [[False] * size for _ in range(size)]
    for x, y, w, _h in squares:
        row = round((top - y) / module)
        start = round((x - left) / module)
        for column in range(start, start + round(w / module)):
            grid[row][column] = True
    return grid


def segno_matrix(payload: str, *, error: str = "m") -> list[list[bool]]:
    """The module grid segno makes for ``payload`` (what the documents encode)."""
    import segno

    return [[bool(v) for v in row] for row in segno.make(payload, error=error).matrix]


def qr_image_matrices(data: bytes, page_number: int) -> list[list[list[bool]]]:
    """The module grids of the QR images (``balatkop.pdf.qr_png``) embedded in one page,
    read from the image pixels themselves: the centre pixel of every module."""
    from balatkop.pdf import QR_PNG_BORDER, QR_PNG_SCALE

    reader = PdfReader(io.BytesIO(data))
    grids = []
    for embedded in reader.pages[page_number].images:
        image = embedded.image.convert("L")
        size = image.width // QR_PNG_SCALE - 2 * QR_PNG_BORDER
        centre = QR_PNG_SCALE // 2 + QR_PNG_BORDER * QR_PNG_SCALE
        grids.append(
            [
                [image.getpixel((centre + c * QR_PNG_SCALE, centre + r * QR_PNG_SCALE)) < 128
                 for c in range(size)]
                for r in range(size)
            ]
        )  # fmt: skip
    return grids
