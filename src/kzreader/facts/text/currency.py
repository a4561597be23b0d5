"""Currencies as news reports write them: signs, codes and names -> ISO 4217 codes.

``$`` is the US dollar, except in the copy of an outlet whose web domain is in a country with a
dollar of its own (``local_dollar``: news.com.au -> AUD), where a bare ``$`` is that dollar and
the US dollar is written "US$" or "$US".  A sign lost in encoding ("a? 110 billion", "�25.7bn")
names no currency: such figures are not read.  "pound" is money only as "£", "sterling" or
after a scale ("93.6 billion pound"); "won" only right after a figure ("5 billion won").
"""

from __future__ import annotations

SIGNS: dict[str, str] = {
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₸": "KZT",
    "₩": "KRW", "₺": "TRY", "₪": "ILS", "₦": "NGN",
}  # fmt: skip
PREFIXED_DOLLARS: dict[str, str] = {
    "us": "USD", "a": "AUD", "au": "AUD", "aud": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD",
    "hk": "HKD", "s": "SGD", "nt": "TWD",
}  # fmt: skip
"""Letters glued before or after ``$``: "US$13.9bn", "$US1 million", "A$43bn"."""
CODES: frozenset[str] = frozenset(
    {"usd", "eur", "gbp", "jpy", "chf", "aud", "cad", "nzd", "cny", "rmb", "hkd", "inr", "sgd",
     "sek", "nok", "dkk", "rub", "krw", "zar", "brl", "mxn", "try", "aed", "sar", "qar", "kzt",
     "ils"}
)  # fmt: skip
PREFIX_WORDS: dict[str, str] = {"dh": "AED", "rs": "INR", "euro": "EUR", "eur": "EUR"}
"""Abbreviations written before a figure: "Dh472.72bn", "Rs 500 crore", "euro110 billion"."""
NAMES: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "dlrs": "USD", "dlr": "USD", "euro": "EUR",
    "euros": "EUR", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "tenge": "KZT", "francs": "CHF", "franc": "CHF", "lira": "TRY",
    "dirham": "AED", "dirhams": "AED", "riyal": "SAR", "riyals": "SAR", "shekel": "ILS",
    "shekels": "ILS", "rand": "ZAR", "reais": "BRL", "pesos": "MXN", "peso": "MXN",
    "kronor": "SEK", "krona": "SEK", "naira": "NGN", "won": "KRW",
    "pound": "GBP", "pounds": "GBP",
}  # fmt: skip
"""Currency names written after a figure ("twelve million dollars", "30bn euros")."""
WEAK_NAMES = frozenset(["pound", "pounds", "won", "rand"])
"""Names that are money only after a scale or with "sterling" (a 200-pound man, a game won)."""
CENTS: dict[str, float] = {"cents": 0.01, "cent": 0.01, "pence": 0.01, "p": 0.01}
DOLLAR_ADJECTIVES: dict[str, str] = {
    "australian": "AUD", "canadian": "CAD", "hong": "HKD", "singapore": "SGD",
    "zealand": "NZD", "taiwan": "TWD", "us": "USD", "american": "USD",
}  # fmt: skip
"""A word before "dollars" that names whose dollar: "Australian dollars"."""
_LOCAL_DOLLARS = {"au": "AUD", "ca": "CAD", "nz": "NZD", "sg": "SGD", "hk": "HKD", "tw": "TWD"}
LOST_SIGNS = frozenset(["?", "\ufffd"])


def local_dollar(outlet: str | None, url: str | None = None) -> str:
    """The currency a bare "$" names in an outlet's copy: the dollar of the country of its web
    domain (abc.net.au -> AUD, theglobeandmail.ca -> CAD), else the US dollar."""
    for host in (outlet, url):
        if not host:
            continue
        name = host.lower().split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        tld = name.rsplit(".", 1)[-1] if "." in name else ""
        if tld in _LOCAL_DOLLARS:
            return _LOCAL_DOLLARS[tld]
    return "USD"
