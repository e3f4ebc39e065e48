"""The workspace's logo (SPEC §13): a PNG or an SVG of at most 512 KB, checked for real.

A PNG must decode (Pillow) and stay within a sane pixel count; an SVG must parse as XML without
entity declarations, have an `<svg>` root, and refer to nothing outside itself: no scripts, no
foreign objects, no event handlers, no `href` or `url()` but to its own fragments (`#id`). What
passes is kept by content (`Logo.sha256`) beside the events, so a document of any version finds
the logo it was made with.
"""

import hashlib
import re
from io import BytesIO

from lxml import etree
from PIL import Image, UnidentifiedImageError

from ledger.errors import InvalidImage, TooLarge
from ledger.workspace import Logo

MAX_LOGO_BYTES = 512 * 1024
PNG, SVG = "image/png", "image/svg+xml"
LOGO_TYPES = (PNG, SVG)
# A logo never needs more pixels than this; more is a decompression bomb or a mistake.
MAX_PIXELS = 25_000_000
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "embed", "object"})
# url(...) that is not url(#fragment): a reference outside the image.
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def media_type(content_type: str) -> str:
    """`image/svg+xml; charset=utf-8` is `image/svg+xml`."""
    return content_type.split(";", 1)[0].strip().lower()


def checked_logo(content_type: str, data: bytes) -> Logo:
    """The logo of these bytes, once they prove to be a safe image of `content_type`."""
    kind = media_type(content_type)
    if kind not in LOGO_TYPES:
        raise InvalidImage(f"a logo is image/png or image/svg+xml, not {kind or 'untyped'}")
    if len(data) > MAX_LOGO_BYTES:
        raise TooLarge(f"a logo is at most {MAX_LOGO_BYTES // 1024} KB; this one is {len(data) // 1024} KB")
    if not data:
        raise InvalidImage("the logo is empty")
    if kind == PNG:
        _check_png(data)
    else:
        _check_svg(data)
    return Logo(content_type=kind, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def _check_png(data: bytes) -> None:
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format != "PNG":
                raise InvalidImage(f"the logo is not a PNG image (it reads as {image.format})")
            if image.width * image.height > MAX_PIXELS:
                raise InvalidImage(f"the logo has {image.width}×{image.height} pixels: too many for a logo")
            image.verify()
        with Image.open(BytesIO(data)) as image:
            image.load()  # verify() checks the chunks; decoding proves the pixels are there
    except InvalidImage:
        raise
    except UnidentifiedImageError:
        raise InvalidImage("the logo is not a readable PNG image") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise InvalidImage(f"the logo is not a readable PNG image: {error}") from None


def _svg_parser() -> etree.XMLParser:
    # Never resolve entities, never load a DTD, never touch the network: the parse reads only the bytes.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _check_svg(data: bytes) -> None:
    try:
        tree = etree.ElementTree(etree.fromstring(data, _svg_parser()))
    except etree.XMLSyntaxError as error:
        raise InvalidImage(f"the logo is not a readable SVG image: {error}") from None
    if tree.docinfo.internalDTD is not None:
        raise InvalidImage("an SVG logo must not declare a DTD or entities")
    root = tree.getroot()
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise InvalidImage("the logo is not an SVG image: its root element is not <svg>")
    for instruction in tree.xpath("//processing-instruction()"):
        raise InvalidImage(
            f"an SVG logo must not carry processing instructions (<?{instruction.target} ...?>)"
        )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        name = etree.QName(element).localname
        if name in FORBIDDEN_ELEMENTS:
            raise InvalidImage(f"an SVG logo must not contain <{name}>")
        if name == "style" and (element.text or "") and _refers_outside_in_css(element.text or ""):
            raise InvalidImage("an SVG logo's style must not import or refer to anything outside it")
        for attribute, value in element.attrib.items():
            _check_attribute(etree.QName(attribute).localname, value)


def _refers_outside_in_css(css: str) -> bool:
    return "@import" in css.lower() or OUTSIDE_URL.search(css) is not None


def _check_attribute(name: str, value: str) -> None:
    if name.lower().startswith("on"):
        raise InvalidImage(f"an SVG logo must not carry event handlers ({name})")
    if name == "href" and not value.strip().startswith("#"):
        raise InvalidImage(f"an SVG logo must not refer to anything outside it (href={value[:60]!r})")
    if _refers_outside_in_css(value):
        raise InvalidImage(f"an SVG logo must not refer to anything outside it ({name}={value[:60]!r})")
