"""Small images made on the spot, for logo scenarios."""

from io import BytesIO

from PIL import Image

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" rx="6" fill="#2a5db0"/></svg>'
)


def tiny_png(width: int = 40, height: int = 20, colour: str = "#2a5db0") -> bytes:
    """A real PNG of one colour."""
    out = BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()
