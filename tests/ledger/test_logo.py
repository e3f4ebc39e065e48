"""The workspace's logo (SPEC §13): checked for real, recorded by hash, its bytes kept for ever."""

import hashlib

import pytest

from ledger.application import Ledger
from ledger.commands import AddLine
from ledger.errors import Forbidden, InvalidImage, TooLarge
from ledger.logo import MAX_LOGO_BYTES, checked_logo
from ledger.workspace import Logo, Workspace
from support.images import SVG_LOGO, tiny_png
from support.world import given_world

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">%s</svg>'


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("image/png", tiny_png()),
        ("image/png; charset=binary", tiny_png(400, 100)),
        ("image/svg+xml", SVG_LOGO),
        (
            "image/svg+xml",
            SVG % b'<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/>',
        ),
    ],
)
def test_a_png_or_an_svg_that_keeps_to_itself_is_a_logo(content_type: str, content: bytes) -> None:
    logo = checked_logo(content_type, content)

    assert logo == Logo(content_type.split(";")[0], hashlib.sha256(content).hexdigest(), len(content))


@pytest.mark.parametrize(
    ("content_type", "content", "message"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\nnot really", "not a readable PNG image"),
        ("image/png", SVG_LOGO, "not a readable PNG image"),
        ("image/png", b"", "empty"),
        ("image/jpeg", tiny_png(), "image/png or image/svg+xml, not image/jpeg"),
        ("image/svg+xml", tiny_png(), "not a readable SVG image"),
        ("image/svg+xml", b"<html><body/></html>", "root element is not <svg>"),
        ("image/svg+xml", SVG % b"<script>alert(1)</script>", "must not contain <script>"),
        (
            "image/svg+xml",
            SVG % b"<foreignObject><p>x</p></foreignObject>",
            "must not contain <foreignObject>",
        ),
        ("image/svg+xml", SVG % b'<image href="https://example.com/a.png"/>', "refer to anything outside"),
        ("image/svg+xml", SVG % b'<use xlink:href="file:///etc/passwd#x"/>', "refer to anything outside"),
        (
            "image/svg+xml",
            SVG % b'<rect style="fill: url(http://example.com/p)"/>',
            "refer to anything outside",
        ),
        ("image/svg+xml", SVG % b"<style>@import url(x.css);</style>", "style must not import"),
        ("image/svg+xml", SVG % b'<rect onload="alert(1)"/>', "event handlers"),
        (
            "image/svg+xml",
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "must not declare a DTD or entities",
        ),
        (
            "image/svg+xml",
            b'<?xml-stylesheet href="https://example.com/s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "processing instructions",
        ),
    ],
)
def test_anything_else_is_an_invalid_image_saying_why(
    content_type: str, content: bytes, message: str
) -> None:
    with pytest.raises(InvalidImage) as refused:
        checked_logo(content_type, content)

    assert message in refused.value.detail
    assert refused.value.slug == "invalid-image"


def test_a_logo_over_512_kb_is_too_large_before_it_is_even_read() -> None:
    with pytest.raises(TooLarge) as refused:
        checked_logo("image/png", b"\0" * (MAX_LOGO_BYTES + 1))

    assert refused.value.slug == "payload-too-large"


def test_a_png_of_too_many_pixels_is_refused_without_decoding_it() -> None:
    with pytest.raises(InvalidImage, match="too many for a logo"):
        checked_logo("image/png", tiny_png(6000, 5000))


def test_putting_a_logo_records_its_hash_and_keeps_its_bytes(ledger: Ledger) -> None:
    world = given_world(ledger)
    png = tiny_png()

    settings = ledger.change_logo(world.owner, "image/png", png)

    digest = hashlib.sha256(png).hexdigest()
    assert settings.logo == Logo("image/png", digest, len(png))
    workspace: Workspace = ledger.repository.get(world.owner.workspace_id)
    assert isinstance(list(ledger.events.get(workspace.id))[-1], Workspace.LogoChanged)
    assert ledger.index.logo_content(workspace.id, digest) == png


def test_the_same_logo_again_records_nothing(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_logo(world.owner, "image/svg+xml", SVG_LOGO)
    version = ledger.get_workspace(world.owner).version

    ledger.change_logo(world.owner, "image/svg+xml", SVG_LOGO)

    assert ledger.get_workspace(world.owner).version == version


def test_an_invoice_at_an_earlier_version_keeps_the_logo_it_had(ledger: Ledger) -> None:
    world = given_world(ledger)
    first, second = tiny_png(colour="#ff0000"), tiny_png(colour="#00ff00")
    ledger.change_logo(world.owner, "image/png", first)
    invoice = world.invoice(world.client())
    ledger.add_item(world.owner, invoice, AddLine(description="Design", quantity="1", unit_price="10.00"))
    ledger.change_logo(world.owner, "image/png", second)
    ledger.add_item(world.owner, invoice, AddLine(description="Build", quantity="1", unit_price="10.00"))

    then = ledger.document_inputs(world.owner.workspace_id, invoice, version=2)
    now = ledger.invoice_document_inputs(world.owner, invoice)

    assert then.logo is not None and then.logo.content == first
    assert now.logo is not None and now.logo.content == second


def test_removing_the_logo_leaves_documents_without_one(ledger: Ledger) -> None:
    world = given_world(ledger)
    ledger.change_logo(world.owner, "image/svg+xml", SVG_LOGO)
    invoice = world.invoice(world.client())

    settings = ledger.remove_logo(world.owner)

    assert settings.logo is None
    assert ledger.invoice_document_inputs(world.owner, invoice).logo is None


def test_only_owners_and_admins_change_the_logo(ledger: Ledger) -> None:
    world = given_world(ledger)

    with pytest.raises(Forbidden):
        ledger.change_logo(world.member(), "image/svg+xml", SVG_LOGO)
