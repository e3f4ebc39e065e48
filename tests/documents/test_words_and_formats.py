"""Words and formats of documents (SPEC §13): Babel's locale data, our label sets, the workspace's labels."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from documents.labels import BUILT_IN, ENGLISH, GERMAN, Words, words_for
from documents.locale import Formats, hours_minutes
from ledger.commands import ChangeLabels
from ledger.workspace import Labels, QuantityFormat


@pytest.mark.parametrize(
    ("locale", "money", "negative", "day", "percent", "country"),
    [
        ("de_DE", "1.234,56 €", "-30,00 €", "02.11.2026", "19 %", "Frankreich"),
        ("en_US", "€1,234.56", "-€30.00", "Nov 2, 2026", "19%", "France"),
        ("fr_FR", "1 234,56 €", "-30,00 €", "2 nov. 2026", "19 %", "France"),
        ("en_GB", "€1,234.56", "-€30.00", "2 Nov 2026", "19%", "France"),
    ],
)
def test_money_dates_percentages_and_countries_follow_the_locale(
    locale: str, money: str, negative: str, day: str, percent: str, country: str
) -> None:
    formats = Formats(locale, "EUR")
    plain = {"\u00a0": " ", "\u202f": " "}

    def read(text: str) -> str:
        return text.translate(str.maketrans(plain))

    assert read(formats.money(Decimal("1234.56"))) == money
    assert read(formats.money(Decimal("-30.00"))) == negative
    assert formats.date(date(2026, 11, 2)) == day
    assert read(formats.percent(Decimal("19"))) == percent
    assert formats.country("FR") == country


def test_money_keeps_two_decimals_whatever_the_currency() -> None:
    assert Formats("en_US", "JPY").money(Decimal("1234.50")) == "¥1,234.50"


@pytest.mark.parametrize(
    ("quantity", "unit", "decimal", "hm"),
    [
        ("7.5", "h", "7.50 h", "7:30"),
        ("1.3333", "h", "1.3333 h", "1:20"),
        ("0.0083", "h", "0.0083 h", "0:00"),  # 29.9 seconds: under half a minute
        ("0.0084", "h", "0.0084 h", "0:01"),  # 30.2 seconds: half a minute or more rounds up
        ("1234.25", "h", "1,234.25 h", "1234:15"),
        ("120.5", "km", "120.5 km", "120.5 km"),
        ("3", "month", "3 month", "3 month"),
        ("1", None, "1", "1"),
        ("-2", "h", "-2.00 h", "-2:00"),
    ],
)
def test_quantities_show_hours_as_decimals_or_as_hours_and_minutes(
    quantity: str, unit: str | None, decimal: str, hm: str
) -> None:
    assert Formats("en_US", "EUR").quantity(Decimal(quantity), unit) == decimal
    assert Formats("en_US", "EUR", QuantityFormat.HM).quantity(Decimal(quantity), unit) == hm


def test_hours_and_minutes_round_half_a_minute_up() -> None:
    assert [hours_minutes(Decimal(h)) for h in ("0.5", "0.25", "2.991666", "2.9917")] == [
        "0:30",
        "0:15",
        "2:59",
        "3:00",
    ]


def test_every_label_the_settings_take_is_a_word_of_documents_and_of_every_language() -> None:
    names = {field.name for field in dataclasses.fields(Words)}

    assert {field.name for field in dataclasses.fields(Labels)} == names
    assert set(ChangeLabels.model_fields) == names
    assert set(BUILT_IN) == {"en", "de", "fr"}
    for words in BUILT_IN.values():
        assert all(dataclasses.asdict(words).values())


@pytest.mark.parametrize(
    ("locale", "invoice"),
    [
        ("de_DE", "Rechnung"),
        ("de_AT", "Rechnung"),
        ("fr_CA", "Facture"),
        ("es_ES", "Invoice"),
        ("en_US", "Invoice"),
    ],
)
def test_the_locales_language_picks_the_built_in_words(locale: str, invoice: str) -> None:
    assert words_for(locale, Labels()).invoice == invoice


def test_labels_set_by_the_workspace_win_and_the_rest_stay_the_languages() -> None:
    words = words_for("de_DE", Labels(invoice="Honorarnote", balance_due="Zu zahlen"))

    assert (words.invoice, words.balance_due) == ("Honorarnote", "Zu zahlen")
    assert dataclasses.replace(words, invoice=GERMAN.invoice, balance_due=GERMAN.balance_due) == GERMAN
    assert words_for("en_US", Labels()) == ENGLISH
