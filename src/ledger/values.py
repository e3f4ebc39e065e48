"""The values commands are made of, each rule written once (SPEC §12).

Every rule is a plain function that returns the clean value or raises `ValueError` with the
message a user should read; the annotated types below attach those rules to pydantic fields,
so a command that breaks one cannot even be built, whether it came over HTTP or not.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    PlainValidator,
    Strict,
    WithJsonSchema,
)

MAX_NAME = 500
MAX_TEXT = 10_000
# Integer digits of any amount: far beyond any invoice, well inside both databases' integers (cents).
MAX_DIGITS = 12
# Line breaks and tabs belong in addresses and notes; every other control character is refused.
TEXT_CONTROLS = frozenset("\n\t")


class Unset(Enum):
    """The value of a field a partial update leaves alone (distinct from null)."""

    UNSET = "unset"


UNSET = Unset.UNSET


def _controls(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def clean_name(value: str) -> str:
    """A name or description: trimmed, not blank, one line, at most 500 characters."""
    name = value.strip()
    if not name:
        raise ValueError("must not be blank")
    if _controls(name):
        raise ValueError("must not contain control characters")
    if len(name) > MAX_NAME:
        raise ValueError(f"at most {MAX_NAME} characters")
    return name


def clean_text(value: str) -> str:
    """Free text (address, note, subject): lines and tabs allowed, no other control character."""
    text = value.replace("\r\n", "\n")
    if _controls(text, TEXT_CONTROLS):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    if len(text) > MAX_TEXT:
        raise ValueError(f"at most {MAX_TEXT} characters")
    return text


def currency_code(value: str) -> str:
    """An ISO 4217 currency code such as EUR."""
    if not re.fullmatch(r"[A-Z]{3}", value) or pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError("must be an ISO 4217 currency code such as EUR")
    return value


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 country code such as DE."""
    if not re.fullmatch(r"[A-Z]{2}", value) or pycountry.countries.get(alpha_2=value) is None:
        raise ValueError("must be an ISO 3166-1 alpha-2 country code such as DE")
    return value


def email_address(value: str) -> str:
    """A valid e-mail address, normalised (domain in lower case)."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"must be a valid e-mail address: {error}") from None


def locale_name(value: str) -> str:
    """A locale Babel knows, such as en_US, de_DE or fr_FR."""
    try:
        return str(Locale.parse(value))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError("must be a known locale such as en_US, de_DE or fr_FR") from None


def timezone_name(value: str) -> str:
    """An IANA time zone such as Europe/Berlin."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as Europe/Berlin") from None
    return value


def decimal_text(value: Any, places: int) -> Decimal:
    """A decimal sent as a JSON string ("150.00"): never a binary float near money."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError("must be a decimal number") from None
    else:
        raise ValueError('must be a decimal number as a string, e.g. "150.00"')
    if not number.is_finite():
        raise ValueError("must be a finite decimal number")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValueError(f"at most {places} decimals")
    if abs(number) >= Decimal(10) ** MAX_DIGITS:
        raise ValueError(f"too large: at most {MAX_DIGITS} digits before the decimal point")
    return number


SIGNS: dict[str, tuple[Callable[[Decimal], bool], str]] = {
    "any": (lambda n: True, ""),
    "not negative": (lambda n: n >= 0, "must not be negative"),
    "positive": (lambda n: n > 0, "must be more than 0"),
    "not zero": (lambda n: n != 0, "must not be zero"),
}


def decimal_rule(places: int, sign: str = "any") -> Callable[[Any], Decimal]:
    """The rule of a decimal field: at most `places` decimals, and `sign` (a key of SIGNS)."""
    holds, message = SIGNS[sign]

    def check(value: Any) -> Decimal:
        number = decimal_text(value, places)
        if not holds(number):
            raise ValueError(message)
        return number

    return check


# A decimal that is zero, however written ("0", "-0.00"): what "not zero" and "positive" refuse.
ZERO_PATTERN = r"^-?0+(\.0+)?$"


def decimal_schema(places: int, example: str, sign: str = "any") -> dict[str, Any]:
    """How a decimal field looks in the OpenAPI schema: a string with every constraint its rule
    (`decimal_rule`) enforces, so that clients and fuzzers know them."""
    minus = "" if sign in ("not negative", "positive") else "-?"
    pattern = rf"^{minus}\d{{1,{MAX_DIGITS}}}(\.\d{{1,{places}}})?$"
    schema: dict[str, Any] = {"type": "string", "pattern": pattern, "examples": [example]}
    if sign in ("positive", "not zero"):
        schema["not"] = {"pattern": ZERO_PATTERN}
    return schema


def _percent(value: Any) -> Decimal:
    number = decimal_text(value, 2)
    if not 0 <= number <= 100:
        raise ValueError("must be between 0 and 100")
    return number


def _require_str(value: Any) -> Any:
    # Pydantic would refuse non-strings too; this says so in our words, before any rule runs.
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


# Decimals: money has 2 decimals, quantities 4 (SPEC §3, §5).
Money = Annotated[Decimal, PlainValidator(decimal_rule(2)), WithJsonSchema(decimal_schema(2, "150.00"))]
NonZeroMoney = Annotated[
    Decimal,
    PlainValidator(decimal_rule(2, "not zero")),
    WithJsonSchema(decimal_schema(2, "12.50", "not zero")),
]
PositiveMoney = Annotated[
    Decimal,
    PlainValidator(decimal_rule(2, "positive")),
    WithJsonSchema(decimal_schema(2, "500.00", "positive")),
]
Rate = Annotated[
    Decimal,
    PlainValidator(decimal_rule(2, "not negative")),
    WithJsonSchema(decimal_schema(2, "120.00", "not negative")),
]
Quantity = Annotated[
    Decimal,
    PlainValidator(decimal_rule(4, "not zero")),
    WithJsonSchema(decimal_schema(4, "7.5", "not zero")),
]
PositiveQuantity = Annotated[
    Decimal,
    PlainValidator(decimal_rule(4, "positive")),
    WithJsonSchema(decimal_schema(4, "42.5", "positive")),
]
Percent = Annotated[
    Decimal,
    PlainValidator(_percent),
    # 0 to 100, at most 2 decimals: what `_percent` enforces.
    WithJsonSchema(
        {"type": "string", "pattern": r"^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$", "examples": ["19"]}
    ),
]

# Control characters (Unicode Cc) refused by `clean_name`, and by `clean_text` but for line breaks and tabs.
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
TEXT_PATTERN = r"^([^\x00-\x08\x0b-\x1f\x7f-\x9f]|\r\n)*$"

# Text. A non-string is refused in our words before any rule runs.
Name = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(clean_name),
    Field(
        min_length=1,
        max_length=MAX_NAME,
        examples=["Website relaunch"],
        # What `clean_name` enforces, for clients and fuzzers (the schema only: the messages are ours).
        json_schema_extra={"pattern": NAME_PATTERN},
    ),
]
Text = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(clean_text),
    Field(
        max_length=MAX_TEXT,
        examples=["Thank you for your business."],
        json_schema_extra={"pattern": TEXT_PATTERN},
    ),
]
Currency = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(currency_code),
    Field(pattern="^[A-Z]{3}$", examples=["EUR"], description="ISO 4217"),
]
Country = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(country_code),
    Field(pattern="^[A-Z]{2}$", examples=["DE"], description="ISO 3166-1 alpha-2"),
]
Email = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(email_address),
    Field(max_length=320, examples=["olga@example.com"], json_schema_extra={"format": "email"}),
]
LocaleName = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(locale_name),
    Field(max_length=35, examples=["de_DE"], description="A locale such as en_US, de_DE or fr_FR"),
]
Timezone = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(timezone_name),
    Field(min_length=1, max_length=64, examples=["Europe/Berlin"], description="IANA time zone"),
]
# Short identifiers people type: units ("km"), invoice numbers ("INV-0042").
Unit = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(clean_name),
    Field(min_length=1, max_length=20, json_schema_extra={"pattern": NAME_PATTERN}),
]
Number = Annotated[
    str,
    BeforeValidator(_require_str),
    AfterValidator(clean_name),
    Field(min_length=1, max_length=64, examples=["INV-0042"], json_schema_extra={"pattern": NAME_PATTERN}),
]


def iso_date(value: Any) -> Any:
    """Dates come as "YYYY-MM-DD" strings: never a number read as seconds since 1970."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


def rfc3339(value: Any) -> Any:
    """Instants come as RFC 3339 strings with an offset, e.g. 2026-10-05T09:00:00+02:00."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ].+", value):
        raise ValueError("must be an RFC 3339 date and time with an offset, e.g. 2026-10-05T09:00:00+02:00")
    return value


Day = Annotated[date, BeforeValidator(iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Instant = Annotated[
    AwareDatetime, BeforeValidator(rfc3339), WithJsonSchema({"type": "string", "format": "date-time"})
]

# Booleans are JSON booleans only: "yes" and 1 are refused.
StrictBool = Annotated[bool, Strict()]
