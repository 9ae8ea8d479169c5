"""Synthetic GDELT event files of any size, deterministic from a seed.

For tests and benchmarks of coded event data: tab-separated lines without a header, in the
column order of GDELT 1.0 (58 columns) or 2.0 (61), plain, ``.gz`` or ``.zip`` by the file's
suffix. The shape is GDELT's, on purpose skewed: a few busy dyads (Russia–Iran among them, in
about 4% of the events) take a third of the events, other actors follow a Zipf-like law, a
quarter of the events lack a second actor, CAMEO codes are text with their leading zeros
(``"040"``), and several events share one source article. A few actors carry CAMEO codes that
are not ISO 3166 (``ROM``, regions such as ``EUR`` and ``MEA``). Every value is made up: the
URLs are under the reserved ``.invalid`` domain. Also available as
:func:`ruiran.testing.synthetic_gdelt`. Needs the ``events`` extra (numpy and pyarrow).

Examples:
    >>> import csv, gzip, pathlib, tempfile
    >>> path = synthetic_gdelt(pathlib.Path(tempfile.mkdtemp()) / "events.tsv.gz", 500, seed=1)
    >>> with gzip.open(path, "rt", newline="") as handle:
    ...     rows = list(csv.reader(handle, delimiter="\\t", quoting=csv.QUOTE_NONE))
    >>> len(rows), {len(row) for row in rows}
    (500, {61})
    >>> sum(1 for r in rows if {r[7], r[17]} == {"RUS", "IRN"}) > 5
    True
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any, Final

from ruiran.coded import extras
from ruiran.coded.columns import GDELT1, GDELT2, Schema

__all__ = ["BUSY_DYADS", "synthetic_gdelt"]

#: The busy dyads and their share of all events (direction is drawn at random).
BUSY_DYADS: Final[tuple[tuple[str, str, float], ...]] = (
    ("USA", "CHN", 0.08),
    ("RUS", "UKR", 0.07),
    ("USA", "RUS", 0.05),
    ("RUS", "IRN", 0.04),
    ("ISR", "IRN", 0.04),
    ("USA", "IRN", 0.03),
    ("CHN", "RUS", 0.02),
)

#: Other actor countries, busiest first (Zipf-like weights by rank). CAMEO codes, so a few are
#: not ISO 3166: ROM (Romania), and the regions EUR (Europe), MEA (Middle East), AFR (Africa).
_COUNTRIES: Final = [
    "USA",
    "RUS",
    "CHN",
    "GBR",
    "IRN",
    "FRA",
    "DEU",
    "ISR",
    "UKR",
    "IND",
    "TUR",
    "SYR",
    "JPN",
    "PAK",
    "IRQ",
    "SAU",
    "EUR",
    "AFG",
    "KOR",
    "CAN",
    "AUS",
    "EGY",
    "ITA",
    "BRA",
    "PRK",
    "MEA",
    "ESP",
    "NGA",
    "MEX",
    "POL",
    "KAZ",
    "ARM",
    "AZE",
    "BLR",
    "GEO",
    "TKM",
    "UZB",
    "TJK",
    "KGZ",
    "ROM",
    "QAT",
    "ARE",
    "LBN",
    "YEM",
    "JOR",
    "KWT",
    "OMN",
    "BHR",
    "VEN",
    "CUB",
    "ZAF",
    "AFR",
    "IDN",
    "MYS",
    "VNM",
    "THA",
    "PHL",
    "NLD",
    "BEL",
    "SWE",
    "NOR",
    "FIN",
    "GRC",
]
#: Country names as GDELT writes actor names (upper case), for the codes that have one here.
_NAMES: Final = {
    "USA": "UNITED STATES", "RUS": "RUSSIA", "CHN": "CHINA", "GBR": "UNITED KINGDOM",
    "IRN": "IRAN", "FRA": "FRANCE", "DEU": "GERMANY", "ISR": "ISRAEL", "UKR": "UKRAINE",
    "IND": "INDIA", "TUR": "TURKEY", "SYR": "SYRIA", "EUR": "EUROPE", "MEA": "MIDDLE EAST",
    "AFR": "AFRICA", "ROM": "ROMANIA", "ARM": "ARMENIA", "AZE": "AZERBAIJAN",
}  # fmt: skip
#: FIPS 10-4 country codes (GDELT's place codes) for the codes that have one here.
_FIPS: Final = {
    "USA": "US", "RUS": "RS", "CHN": "CH", "GBR": "UK", "IRN": "IR", "FRA": "FR",
    "DEU": "GM", "ISR": "IS", "UKR": "UP", "IND": "IN", "TUR": "TU", "SYR": "SY",
    "ARM": "AM", "AZE": "AJ", "ROM": "RO",
}  # fmt: skip
_ROLES: Final = ("GOV", "MIL", "BUS", "MED", "CVL", "OPP", "LEG", "JUD")
_CITIES: Final = ("Capital", "Port City", "Border Town", "Northern Province", "Old Town")

#: CAMEO event codes, their Goldstein scores (GDELT's table) and how common they are.
_EVENTS: Final[tuple[tuple[str, float, float], ...]] = (
    ("010", 0.0, 10), ("012", -0.4, 2), ("013", 0.4, 2), ("014", 0.0, 1), ("020", 3.0, 3),
    ("036", 4.0, 4), ("040", 1.0, 12), ("042", 1.9, 6), ("043", 2.8, 6), ("046", 7.0, 4),
    ("051", 3.4, 3), ("057", 8.0, 2), ("061", 6.4, 2), ("062", 7.4, 1), ("071", 7.4, 1),
    ("072", 8.3, 1), ("080", 5.0, 2), ("090", -2.0, 2), ("100", -5.0, 2), ("111", -2.0, 4),
    ("112", -2.0, 4), ("1124", -2.0, 1), ("120", -4.0, 2), ("130", -4.4, 2), ("138", -7.0, 1),
    ("141", -6.5, 1), ("163", -8.0, 2), ("172", -5.0, 1), ("173", -5.0, 2), ("190", -10.0, 3),
    ("193", -10.0, 1), ("195", -10.0, 1),
)  # fmt: skip

_SLUGS: Final = ("world", "politics", "middle-east", "europe", "asia", "business", "defence")
_CHUNK: Final = 250_000


def synthetic_gdelt(
    path: str | Path,
    n_rows: int,
    seed: int = 0,
    version: int = 2,
    *,
    start: dt.date = dt.date(2015, 2, 19),
    end: dt.date = dt.date(2025, 12, 31),
    first_id: int = 400_000_000,
) -> Path:
    """Write ``n_rows`` synthetic GDELT events to ``path``; compressed by its suffix.

    Args:
        path: The file to write: ``.gz`` is gzip, ``.zip`` a zip archive holding one member
            (the name without ``.zip``, as GDELT's own archives), anything else plain text.
            An existing file is replaced.
        n_rows: How many events (lines).
        seed: The same seed, size and version give the same bytes.
        version: 2 (61 columns, ``DATEADDED`` as YYYYMMDDHHMMSS) or 1 (58 columns, YYYYMMDD).
        start: The first event date drawn.
        end: The last event date drawn.
        first_id: The GLOBALEVENTID of the first line; the others follow in order.

    Returns:
        The path written.

    Raises:
        ValueError: for a negative ``n_rows``, a version other than 1 or 2, or ``end`` before
            ``start``.
        MissingExtraError: when numpy or pyarrow is missing (``pip install 'ruiran[events]'``).
    """
    if n_rows < 0:
        raise ValueError(f"'n_rows' must be at least 0 (got {n_rows!r})")
    if version not in (1, 2):
        raise ValueError(f"'version' must be one of [1, 2] (got {version!r})")
    if end < start:
        raise ValueError(f"'end' must not be before 'start' (got {start} and {end})")
    pa = extras.pyarrow()
    import pyarrow.csv as pacsv

    target = Path(path)
    schema = GDELT2 if version == 2 else GDELT1
    options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")

    def write(sink: Any) -> None:
        writer = None
        for number, first in enumerate(range(0, n_rows, _CHUNK)):
            size = min(_CHUNK, n_rows - first)
            table = _chunk(schema, size, seed, number, first, first_id, start, end)
            if writer is None:
                writer = pacsv.CSVWriter(sink, table.schema, write_options=options)
            writer.write_table(table)
        if writer is not None:
            writer.close()

    suffix = target.suffix.lower()
    if suffix == ".zip":
        with (
            zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            archive.open(target.stem, "w", force_zip64=True) as member,
        ):
            write(member)
    elif suffix == ".gz":
        with pa.CompressedOutputStream(str(target), "gzip") as sink:
            write(sink)
    else:
        with pa.OSFile(str(target), "wb") as sink:
            write(sink)
    return target


def _chunk(
    schema: Schema,
    size: int,
    seed: int,
    number: int,
    first: int,
    first_id: int,
    start: dt.date,
    end: dt.date,
) -> Any:
    """One chunk of rows as an Arrow table in the layout's column order (all text or numbers)."""
    np = extras.numpy()
    pa = extras.pyarrow()
    pc = pa.compute
    rng = np.random.default_rng([seed, number])
    n = size

    def text(values: Any, indices: Any, mask: Any = None) -> Any:
        """Strings ``values[indices]``, null where ``mask`` is true."""
        taken = pa.array(list(values), pa.string()).take(pa.array(indices))
        if mask is not None:
            taken = pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), taken)
        return taken

    # -- the actors' countries: a third from busy dyads, the rest Zipf-like ----------------------
    countries = list(_COUNTRIES)
    index = {code: i for i, code in enumerate(countries)}
    weights = 1.0 / np.arange(1, len(countries) + 1) ** 1.1
    weights /= weights.sum()
    c1 = rng.choice(len(countries), size=n, p=weights)
    c2 = rng.choice(len(countries), size=n, p=weights)
    shares = np.array([share for _, _, share in BUSY_DYADS])
    roll = rng.random(n)
    cumulative = np.cumsum(shares)
    dyad = np.searchsorted(cumulative, roll, side="right")
    busy = dyad < len(BUSY_DYADS)
    flip = rng.random(n) < 0.5
    for k, (a, b, _) in enumerate(BUSY_DYADS):
        rows = busy & (dyad == k)
        c1[rows & ~flip], c2[rows & ~flip] = index[a], index[b]
        c1[rows & flip], c2[rows & flip] = index[b], index[a]
    same = (c1 == c2) & ~busy
    c2[same] = (c2[same] + 1) % len(countries)
    no_actor1 = ~busy & (rng.random(n) < 0.08)
    no_actor2 = ~busy & (rng.random(n) < 0.25)
    # Some actors are coded with a role but no country ("GOV": a government, unnamed).
    stateless1 = ~no_actor1 & ~busy & (rng.random(n) < 0.05)
    stateless2 = ~no_actor2 & ~busy & (rng.random(n) < 0.05)

    names = [_NAMES.get(code, code) for code in countries]
    role_pick1 = rng.integers(0, len(_ROLES) + 3, n)  # past the roles: no role
    role_pick2 = rng.integers(0, len(_ROLES) + 3, n)

    def actor(c: Any, absent: Any, stateless: Any, role_pick: Any) -> dict[str, Any]:
        has_role = role_pick < len(_ROLES)
        role = np.minimum(role_pick, len(_ROLES) - 1)
        roles = text(_ROLES, role, ~has_role | absent)
        country = text(countries, c, absent | stateless)
        with_role = pc.binary_join_element_wise(pc.fill_null(country, ""), roles, "")
        code = pc.if_else(has_role, with_role, country)
        code = pc.if_else(pa.array(stateless & ~has_role), pa.scalar("GOV"), code)
        code = pc.if_else(pa.array(absent), pa.scalar(None, pa.string()), code)
        type1 = pc.if_else(pa.array(stateless & ~has_role), pa.scalar("GOV"), roles)
        name = text(names, c, absent)
        name = pc.if_else(pa.array(stateless), pa.scalar("GOVERNMENT"), name)
        name = pc.if_else(pa.array(absent), pa.scalar(None, pa.string()), name)
        nothing = pa.nulls(n, pa.string())
        religion_mask = absent | (rng.random(n) > 0.02)
        return {
            "Code": code,
            "Name": name,
            "CountryCode": country,
            "KnownGroupCode": text(("UNO", "EEC", "NAT"), rng.integers(0, 3, n),
                                   absent | (rng.random(n) > 0.01)),
            "EthnicCode": nothing,
            "Religion1Code": text(("MOS", "CHR", "SHI", "JEW"), rng.integers(0, 4, n),
                                  religion_mask),
            "Religion2Code": nothing,
            "Type1Code": type1,
            "Type2Code": nothing,
            "Type3Code": nothing,
        }  # fmt: skip

    actor1 = actor(c1, no_actor1, stateless1, role_pick1)
    actor2 = actor(c2, no_actor2, stateless2, role_pick2)

    # -- dates ---------------------------------------------------------------------------------
    span = (end - start).days + 1
    ordinal = start.toordinal() + rng.integers(0, span, n)
    epoch = dt.date(1970, 1, 1).toordinal()
    days = pa.array(ordinal - epoch, pa.int32()).cast(pa.date32())
    year = pc.year(days)
    month = pc.month(days)
    sqldate = pc.add(pc.add(pc.multiply(year, 10_000), pc.multiply(month, 100)), pc.day(days))
    month_year = pc.add(pc.multiply(year, 100), month)
    fraction = pc.round(
        pc.add(pc.cast(year, pa.float64()), pc.divide(pc.cast(pc.day_of_year(days), pa.float64()),
                                                       365.0)), 4)  # fmt: skip
    added_day = pa.array(ordinal - epoch + rng.integers(0, 2, n), pa.int32()).cast(pa.date32())
    added = pc.add(
        pc.add(pc.multiply(pc.year(added_day), 10_000), pc.multiply(pc.month(added_day), 100)),
        pc.day(added_day),
    )
    if schema is GDELT2:
        quarter = rng.integers(0, 96, n)
        clock = (quarter // 4) * 10_000 + (quarter % 4) * 1_500
        added = pc.add(pc.multiply(pc.cast(added, pa.int64()), 1_000_000), pa.array(clock))

    # -- what happened ---------------------------------------------------------------------------
    codes = [code for code, _, _ in _EVENTS]
    frequency = np.array([w for _, _, w in _EVENTS], dtype=float)
    event = rng.choice(len(_EVENTS), size=n, p=frequency / frequency.sum())
    goldstein = np.array([g for _, g, _ in _EVENTS])[event]
    roots = [int(code[:2]) for code in codes]
    quad = np.array([1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in roots])
    mentions = rng.geometric(0.3, n)
    sources = np.minimum(mentions, rng.geometric(0.7, n))
    articles = np.maximum(sources, mentions - rng.integers(0, 2, n))
    tone = np.round(rng.normal(-2.0, 3.0, n), 13)

    # -- places ------------------------------------------------------------------------------------
    def place(c: Any, absent: Any, adm2: bool) -> list[Any]:
        kind = rng.choice(5, size=n, p=[0.15, 0.35, 0.1, 0.1, 0.3])
        kind[absent] = 0
        none = kind == 0
        city = kind >= 3
        fips = text([_FIPS.get(code, code[:2]) for code in countries], c, none)
        country_name = text([_NAMES.get(code, code).title() for code in countries], c, none)
        # A city is one of 40 per country, with its own name, codes and coordinates.
        town = rng.integers(0, 40, n)
        city_name = text(_CITIES, town % len(_CITIES))
        full = pc.if_else(
            pa.array(city),
            pc.binary_join_element_wise(
                city_name, pc.cast(pa.array(town // len(_CITIES)), pa.string()), country_name, " "
            ),
            country_name,
        )
        adm1 = pc.if_else(
            pa.array(city),
            pc.binary_join_element_wise(fips, pc.cast(pa.array(town % 9), pa.string()), ""),
            fips,
        )
        place_id = c * 40 + town
        lat = np.round(((place_id * 7919) % 13_000) / 100.0 - 60.0, 4)
        lon = np.round(((place_id * 104_729) % 36_000) / 100.0 - 180.0, 4)
        feature = pc.if_else(
            pa.array(city), pc.cast(pa.array(-(place_id * 7 + 100_003)), pa.string()), fips
        )
        columns = [
            pa.array(kind, pa.int8()),
            full,
            fips,
            adm1,
        ]
        if adm2:
            code2 = pc.cast(pa.array(10_000 + place_id), pa.string())
            columns.append(pc.if_else(pa.array(city), code2, pa.scalar(None, pa.string())))
        columns += [
            pa.array(np.where(none, np.nan, lat), from_pandas=True),
            pa.array(np.where(none, np.nan, lon), from_pandas=True),
            feature,
        ]
        return columns

    adm2 = schema is GDELT2
    geo1 = place(c1, no_actor1 | stateless1, adm2)
    geo2 = place(c2, no_actor2 | stateless2, adm2)
    geo3 = place(np.where(rng.random(n) < 0.5, c1, c2), np.zeros(n, dtype=bool), adm2)

    # -- the source articles: several events each --------------------------------------------
    article = first + np.cumsum(rng.random(n) < 0.35)
    slug = text(_SLUGS, article % len(_SLUGS))
    url = pc.binary_join_element_wise(
        pa.scalar("https://www.synthetic-news.invalid/"),
        slug,
        pa.scalar("/a-long-headline-of-the-story-of-the-day-number-"),
        pc.cast(pa.array(article), pa.string()),
        pa.scalar(".html"),
        "",
    )

    columns: list[Any] = [
        pa.array(np.arange(first_id + first, first_id + first + n), pa.int64()),
        sqldate,
        month_year,
        year,
        fraction,
        *actor1.values(),
        *actor2.values(),
        pa.array(rng.random(n) < 0.4).cast(pa.int8()),
        text(codes, event),
        text([code[:3] for code in codes], event),
        text([code[:2] for code in codes], event),
        pa.array(quad[event], pa.int8()),
        pa.array(goldstein),
        pa.array(mentions, pa.int32()),
        pa.array(sources, pa.int32()),
        pa.array(articles, pa.int32()),
        pa.array(tone),
        *geo1,
        *geo2,
        *geo3,
        added,
        url,
    ]
    return pa.table(columns, names=[name for name, _ in schema])
