"""Dates, numbers and money as the workspace's locale writes them (SPEC §13), by Babel.

`de_DE` writes `1.234,56 €` and `02.11.2026`, `en_US` writes `€1,234.56` and `Nov 2, 2026`,
`fr_FR` writes `1 234,56 €` and `2 nov. 2026`. Money always shows two decimals (the ledger's
amounts have two whatever the currency). Quantities show at most four decimals; hours at least
two (`7.50 h`), or hours and minutes (`7:30`) when the workspace asks for them.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from ledger.workspace import QuantityFormat

HOURS = "h"
# At least two decimals for hours, none needed otherwise; never more than the ledger keeps (4).
HOURS_PATTERN = "#,##0.00##"
QUANTITY_PATTERN = "#,##0.####"
MONEY_PATTERN = "#,##0.00"


@dataclass(frozen=True)
class Formats:
    """How one document writes its values: a locale, a currency and a quantity format."""

    locale_name: str
    currency: str
    quantity_format: QuantityFormat = QuantityFormat.DECIMAL
    _locale: Locale = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_locale", Locale.parse(self.locale_name))

    def money(self, amount: Decimal) -> str:
        """An amount with its currency, as the locale writes it: `1.234,56 €`."""
        return format_currency(amount, self.currency, locale=self._locale, currency_digits=False)

    def number(self, amount: Decimal) -> str:
        """An amount without currency, two decimals: `1.234,56` (table cells, under a currency header)."""
        return format_decimal(amount, MONEY_PATTERN, locale=self._locale)

    def quantity(self, quantity: Decimal, unit: str | None) -> str:
        """A line's quantity with its unit: `7.50 h` or `7:30` for hours, `120.5 km` otherwise."""
        if unit == HOURS:
            if self.quantity_format is QuantityFormat.HM:
                return hours_minutes(quantity)
            return f"{format_decimal(quantity, HOURS_PATTERN, locale=self._locale)} {unit}"
        text = format_decimal(quantity, QUANTITY_PATTERN, locale=self._locale)
        return f"{text} {unit}" if unit else text

    def percent(self, percent: Decimal) -> str:
        """A percentage as given, in the locale's way: `19 %` in German, `7.5%` in English."""
        return format_percent(percent / 100, locale=self._locale, decimal_quantization=False)

    def date(self, day: date) -> str:
        """A date in the locale's medium format: `02.11.2026`, `Nov 2, 2026`, `2 nov. 2026`."""
        return format_date(day, "medium", locale=self._locale)

    def country(self, code: str) -> str:
        """A country's name in the locale's language (`DE` is `Deutschland` in German)."""
        return str(self._territories.get(code, code))

    @cached_property
    def _territories(self) -> dict[str, str]:
        return dict(self._locale.territories)


def hours_minutes(hours: Decimal) -> str:
    """Hours as `h:mm`, to the nearest minute (half a minute up): 7.5 is `7:30`, 1.3333 is `1:20`."""
    sign = "-" if hours < 0 else ""
    minutes = int((abs(hours) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"
