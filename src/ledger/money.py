"""Money and quantity arithmetic: Decimal only, rounded half up where SPEC says."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ZERO_MONEY = Decimal("0.00")
CENT = Decimal("0.01")
TEN_THOUSANDTH = Decimal("0.0001")
SECONDS_PER_HOUR = Decimal(3600)


def round2(value: Decimal) -> Decimal:
    """Round money to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round4(value: Decimal) -> Decimal:
    """Round a quantity to four decimals, half up."""
    return value.quantize(TEN_THOUSANDTH, rounding=ROUND_HALF_UP)


def hours(seconds: int) -> Decimal:
    """Hours as a quantity: round4(seconds / 3600)."""
    return round4(Decimal(seconds) / SECONDS_PER_HOUR)


def cost_of_time(seconds: int, hourly_rate: Decimal) -> Decimal:
    """What `seconds` at `hourly_rate` cost: computed exactly, rounded once."""
    return round2(Decimal(seconds) * hourly_rate / SECONDS_PER_HOUR)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """What a line or a priced expense costs: round2(quantity × unit price), the one rule (SPEC §3, §6)."""
    return round2(quantity * unit_price)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return round2(amount * percent / 100)


def round_seconds(seconds: int, minutes: int, mode: str) -> int:
    """Round a duration to a multiple of `minutes`: "up", "down" or "nearest" (half up)."""
    step = Decimal(minutes * 60)
    rounding = {"up": ROUND_CEILING, "down": ROUND_FLOOR, "nearest": ROUND_HALF_UP}[mode]
    return int((Decimal(seconds) / step).quantize(Decimal(1), rounding=rounding) * step)
