"""How numbers read in French and English, for every renderer that writes them for a person."""

from __future__ import annotations

from skillmatch.messages import translate
from skillmatch.model import Lang


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def decimal(value: float, lang: str) -> str:
    """`83.3` in English, `83,3` in French."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "fr" else text


def whole(value: float | None, lang: Lang) -> str:
    """`3 100` in French (narrow no-break space), `3,100` in English; "n. c." when unknown."""
    if value is None:
        return translate("unknown_value", lang)
    return f"{value:,.0f}".replace(",", "\u202f" if lang == "fr" else ",")


def amount(value: float | None, unit: str, lang: Lang, space: str = " ") -> str:
    """`3 100 €`, `900 h`; the unknown value alone, without a unit."""
    return f"{whole(value, lang)}{space}{unit}" if value is not None else whole(None, lang)
