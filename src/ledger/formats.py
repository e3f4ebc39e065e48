"""One number format everywhere: JSON, CSV and reports write numbers through these (SPEC §12).

Money has 2 decimals (`"0.00"`), quantities 4 (`"7.5000"`), percentages are as given without
trailing zeros (`"19"`, `"7.5"`); a time CSV adds hours with 2 decimals and `h:mm`.
The annotated types attach the formats to the fields of typed views.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema

from ledger.money import round2, round4


def money_text(amount: Decimal) -> str:
    return str(round2(amount))


def quantity_text(quantity: Decimal) -> str:
    return str(round4(quantity))


def percent_text(percent: Decimal) -> str:
    """ "19", "7.5": no trailing zeros, and never an exponent ("20", not "2E+1")."""
    text = format(percent, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_text(seconds: int) -> str:
    """Hours with 2 decimals: 27,000 s is "7.50"."""
    return money_text(Decimal(seconds) / 3600)


def hours_minutes_text(seconds: int) -> str:
    """Hours and minutes, to the nearest minute: 27,000 s is "7:30"."""
    minutes = (seconds + 30) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _schema(example: str, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "examples": [example], "description": description}, mode="serialization"
    )


MoneyOut = Annotated[
    Decimal, PlainSerializer(money_text, return_type=str), _schema("150.00", "Money, 2 decimals")
]
QuantityOut = Annotated[
    Decimal, PlainSerializer(quantity_text, return_type=str), _schema("7.5000", "Quantity, 4 decimals")
]
PercentOut = Annotated[
    Decimal, PlainSerializer(percent_text, return_type=str), _schema("19", "Percent, no trailing zeros")
]
