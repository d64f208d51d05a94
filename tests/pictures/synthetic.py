"""Synthetic trips built directly from kimtravel.models, with realistic coordinates.

They are made up for drawing tests: dates, routes and counterparts only resemble real journeys.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from kimtravel.models import Event, Leg, Person, Place, Source, Trip

SRC = Source(id="synthetic", publisher="kimtravel tests", kind="newspaper")
S = (SRC,)

KIS = Person(
    id="kim-il-sung",
    name="Kim Il Sung",
    country="KP",
    leader_from=dt.date(1948, 9, 9),
    leader_to=dt.date(1994, 7, 8),
    sources=S,
)
KJI = Person(
    id="kim-jong-il",
    name="Kim Jong Il",
    country="KP",
    leader_from=dt.date(1994, 7, 8),
    leader_to=dt.date(2011, 12, 17),
    sources=S,
)
KJU = Person(
    id="kim-jong-un",
    name="Kim Jong Un",
    country="KP",
    leader_from=dt.date(2011, 12, 17),
    sources=S,
)
XI = Person(id="xi-jinping", name="Xi Jinping", country="CN", sources=S)
TRUMP = Person(id="donald-trump", name="Donald Trump", country="US", sources=S)
PUTIN = Person(id="vladimir-putin", name="Vladimir Putin", country="RU", sources=S)
BOUMEDIENE = Person(id="houari-boumediene", name="Houari Boumediene", country="DZ", sources=S)
DADDAH = Person(id="moktar-ould-daddah", name="Moktar Ould Daddah", country="MR", sources=S)
BREZHNEV = Person(id="leonid-brezhnev", name="Leonid Brezhnev", country="SUHH", sources=S)
JIANG = Person(id="jiang-zemin", name="Jiang Zemin", country="CN", sources=S)
HONECKER = Person(id="erich-honecker", name="Erich Honecker", country="DDDE", sources=S)


def place(pid: str, name: str, country: str, lat: float, lon: float, kind: str = "city") -> Place:
    """Return a Place citing the synthetic source."""
    return Place(
        id=pid, name=name, country=country, kind=kind, latitude=lat, longitude=lon, sources=S
    )


PYONGYANG = place("pyongyang", "Pyongyang", "KP", 39.0194, 125.7381)
PYONGYANG_STATION = place(
    "pyongyang-station", "Pyongyang station", "KP", 39.0300, 125.7430, "station"
)
SINANJU = place("sinanju", "Sinanju", "KP", 39.5950, 125.6150, "station")
JONGJU = place("jongju", "Jongju", "KP", 39.6950, 125.2100, "station")
SONCHON = place("sonchon", "Sonchon", "KP", 39.8000, 124.9200, "station")
TONGRIM = place("tongrim", "Tongrim", "KP", 39.9400, 124.6000, "station")
SINUIJU = place("sinuiju", "Sinuiju", "KP", 40.1000, 124.3980, "station")
DANDONG = place("dandong", "Dandong", "CN", 40.1200, 124.3900, "station")
SHENYANG = place("shenyang", "Shenyang", "CN", 41.8057, 123.4315, "station")
JINZHOU = place("jinzhou", "Jinzhou", "CN", 41.0950, 121.1270, "station")
SHANHAIGUAN = place("shanhaiguan", "Shanhaiguan", "CN", 40.0080, 119.7470, "station")
TIANJIN = place("tianjin", "Tianjin", "CN", 39.1422, 117.1767, "station")
BEIJING = place("beijing", "Beijing", "CN", 39.9000, 116.4000)
ZHENGZHOU = place("zhengzhou", "Zhengzhou", "CN", 34.7466, 113.6254, "station")
WUHAN = place("wuhan", "Wuhan", "CN", 30.5928, 114.3055, "station")
CHANGSHA = place("changsha", "Changsha", "CN", 28.2282, 112.9388, "station")
NANNING = place("nanning", "Nanning", "CN", 22.8170, 108.3665, "station")
PINGXIANG = place("pingxiang", "Pingxiang", "CN", 22.0974, 106.7567, "station")
DONG_DANG = place("dong-dang", "Dong Dang", "VN", 21.9586, 106.7041, "station")
LANG_SON = place("lang-son", "Lang Son", "VN", 21.8537, 106.7615)
HANOI = place("hanoi", "Hanoi", "VN", 21.0300, 105.8500)
HALONG = place("ha-long", "Ha Long Bay", "VN", 20.9516, 107.0800)
HAMHUNG = place("hamhung", "Hamhung", "KP", 39.9180, 127.5360, "station")
KIMCHAEK = place("kimchaek", "Kimchaek", "KP", 40.6720, 129.2030, "station")
CHONGJIN = place("chongjin", "Chongjin", "KP", 41.7950, 129.7760, "station")
HOEAM = place("hoeam", "Hoeam", "KP", 42.2300, 130.0500, "station")
KHASAN = place("khasan", "Khasan", "RU", 42.4300, 130.6400, "station")
TUMANGANG = place("tumangang", "Tumangang", "KP", 42.4170, 130.6170, "station")
USSURIYSK = place("ussuriysk", "Ussuriysk", "RU", 43.7970, 131.9520, "station")
UGOLNAYA = place("ugolnaya", "Ugolnaya", "RU", 43.3180, 132.0500, "station")
VLADIVOSTOK = place("vladivostok", "Vladivostok", "RU", 43.1200, 131.8900)
RUSSKY = place(
    "russky-island",
    "Far Eastern Federal University, Russky Island",
    "RU",
    43.0240,
    131.8930,
    "site",
)
KHABAROVSK = place("khabarovsk", "Khabarovsk", "RU", 48.4800, 135.0700, "station")
ULAN_UDE = place("ulan-ude", "Ulan-Ude", "RU", 51.8270, 107.5860, "station")
CHITA = place("chita", "Chita", "RU", 52.0333, 113.5000, "station")
IRKUTSK = place("irkutsk", "Irkutsk", "RU", 52.2870, 104.3050, "station")
NOVOSIBIRSK = place("novosibirsk", "Novosibirsk", "RU", 55.0300, 82.9200, "station")
OMSK = place("omsk", "Omsk", "RU", 54.9900, 73.3700, "station")
YEKATERINBURG = place("yekaterinburg", "Yekaterinburg", "RU", 56.8400, 60.6050, "station")
MOSCOW = place("moscow", "Moscow", "RU", 55.7500, 37.6200)
ALGIERS = place("algiers", "Algiers", "DZ", 36.7500, 3.0600)
NOUAKCHOTT = place("nouakchott", "Nouakchott", "MR", 18.0860, -15.9750)
BUCHAREST = place("bucharest", "Bucharest", "RO", 44.4268, 26.1025)
BERLIN = place("berlin", "Berlin", "DE", 52.5200, 13.4050)
SINGAPORE = place("singapore", "Singapore", "SG", 1.2900, 103.8500)
SENTOSA = place("capella-singapore", "Capella Hotel, Sentosa", "SG", 1.2494, 103.8244, "site")
SUNAN = place("sunan", "Sunan airport", "KP", 39.2241, 125.6700, "airport")


EAST_LINE = [PYONGYANG_STATION, HAMHUNG, KIMCHAEK, CHONGJIN, HOEAM, TUMANGANG]
"""Stations from Pyongyang to the Russian border, in order."""
VLADIVOSTOK_LINE = [*EAST_LINE, KHASAN, USSURIYSK, UGOLNAYA, VLADIVOSTOK]
"""Stations from Pyongyang to Vladivostok, in order."""
CHINA_LINE = [
    PYONGYANG_STATION,
    SINANJU,
    JONGJU,
    SONCHON,
    TONGRIM,
    SINUIJU,
    DANDONG,
    SHENYANG,
    JINZHOU,
    SHANHAIGUAN,
    TIANJIN,
    BEIJING,
]
"""Stations from Pyongyang to Beijing, in order."""


def line(stations: list[Place], mode: str = "train") -> list[tuple[Place, Place, str]]:
    """Return hops along ``stations`` and back again."""
    there = list(pairwise(stations))
    back = [(b, a) for a, b in reversed(there)]
    return [(a, b, mode) for a, b in there + back]


def legs(trip_id: str, hops: list[tuple[Place, Place, str]]) -> tuple[Leg, ...]:
    """Return Legs numbered from 1 for (origin, destination, mode) hops."""
    return tuple(
        Leg(trip_id=trip_id, seq=i, origin=o, destination=d, mode=m, sources=S)
        for i, (o, d, m) in enumerate(hops, start=1)
    )


def event(
    trip_id: str, seq: int, where: Place, who: tuple[Person, ...] = (), kind: str = "talks"
) -> Event:
    """Return an Event citing the synthetic source."""
    return Event(
        trip_id=trip_id,
        seq=seq,
        place=where,
        kind=kind,
        counterparts=who,
        summary="synthetic event",
        sources=S,
    )


def trip(
    trip_id: str,
    traveler: Person,
    start: str,
    end: str,
    countries: tuple[str, ...],
    hops: list[tuple[Place, Place, str]],
    events: tuple[Event, ...] = (),
) -> Trip:
    """Return a Trip; ``start``/``end`` are EDTF, dates are their earliest/latest days."""

    def bounds(text: str) -> tuple[dt.date, dt.date]:
        core = text.rstrip("~?%")
        parts = [int(p) for p in core.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            y, m = parts
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)

    modes: list[str] = []
    for _, _, m in hops:
        if m not in modes:
            modes.append(m)
    return Trip(
        id=trip_id,
        traveler=traveler,
        start_edtf=start,
        end_edtf=end,
        start_date=bounds(start)[0],
        end_date=bounds(end)[1],
        start_basis="home",
        end_basis="home",
        departure_known=True,
        return_known=True,
        disclosure="announced",
        countries=countries,
        modes=tuple(modes) or ("unknown",),
        summary="synthetic trip",
        sources=S,
        legs=legs(trip_id, hops),
        events=events,
    )


def hanoi_trip() -> Trip:
    """A Hanoi-like journey: train through China to the border, car on, flight... by train back."""
    tid = "2019-02-hanoi"
    south = [*CHINA_LINE[:-1], ZHENGZHOU, WUHAN, CHANGSHA, NANNING, PINGXIANG, DONG_DANG]
    hops = [(a, b, "train") for a, b in pairwise(south)]
    hops += [
        (DONG_DANG, HANOI, "car"),
        (HANOI, HALONG, "car"),
        (HALONG, HANOI, "car"),
        (HANOI, DONG_DANG, "car"),
    ]
    north = list(reversed(south))
    hops += [(a, b, "train") for a, b in pairwise(north)]
    events = (
        event(tid, 1, HANOI, (TRUMP,)),
        event(tid, 2, HANOI, (TRUMP,)),
        event(tid, 3, HALONG, (), "visit"),
    )
    return trip(tid, KJU, "2019-02-23", "2019-03-05", ("VN",), hops, events)


def all_trips() -> list[Trip]:
    """Return a varied synthetic set across three travellers, 1975 to 2023."""
    t = []
    t.append(
        trip(
            "kis-1975-04-beijing",
            KIS,
            "1975-04-18",
            "1975-04-26",
            ("CN",),
            line(CHINA_LINE),
            (event("kis-1975-04-beijing", 1, BEIJING, ()),),
        )
    )
    t.append(
        trip(
            "kis-1975-05-africa",
            KIS,
            "1975-05-24",
            "1975-06-09",
            ("RO", "DZ", "MR"),
            [
                (SUNAN, BUCHAREST, "air"),
                (BUCHAREST, ALGIERS, "air"),
                (ALGIERS, NOUAKCHOTT, "air"),
                (NOUAKCHOTT, SUNAN, "air"),
            ],
            (
                event("kis-1975-05-africa", 1, ALGIERS, (BOUMEDIENE,)),
                event("kis-1975-05-africa", 2, NOUAKCHOTT, (DADDAH,)),
            ),
        )
    )
    west = [
        *EAST_LINE,
        KHASAN,
        USSURIYSK,
        KHABAROVSK,
        CHITA,
        ULAN_UDE,
        IRKUTSK,
        NOVOSIBIRSK,
        OMSK,
        YEKATERINBURG,
        MOSCOW,
    ]
    t.append(
        trip(
            "kis-1984-05-moscow",
            KIS,
            "1984-05",
            "1984-07-01~",
            ("SUHH", "DDDE"),
            [(a, b, "train") for a, b in pairwise(west)]
            + [(MOSCOW, BERLIN, "train"), (BERLIN, SUNAN, "air")],
            (
                event("kis-1984-05-moscow", 1, MOSCOW, (BREZHNEV,)),
                event("kis-1984-05-moscow", 2, BERLIN, (HONECKER,)),
            ),
        )
    )
    t.append(
        trip(
            "kji-2001-07-moscow",
            KJI,
            "2001-07-26",
            "2001-08-18",
            ("RU",),
            line(west),
            (event("kji-2001-07-moscow", 1, MOSCOW, (PUTIN,)),),
        )
    )
    t.append(
        trip(
            "kji-2010-05-beijing",
            KJI,
            "2010-05-03~",
            "2010-05-07",
            ("CN",),
            line(CHINA_LINE),
            (event("kji-2010-05-beijing", 1, BEIJING, ()),),
        )
    )
    t.append(
        trip(
            "2018-03-beijing",
            KJU,
            "2018-03-25",
            "2018-03-28",
            ("CN",),
            line(CHINA_LINE),
            (event("2018-03-beijing", 1, BEIJING, (XI,)),),
        )
    )
    t.append(
        trip(
            "2018-06-singapore",
            KJU,
            "2018-06-10",
            "2018-06-12",
            ("SG",),
            [
                (SUNAN, SINGAPORE, "air"),
                (SINGAPORE, SENTOSA, "car"),
                (SENTOSA, SINGAPORE, "car"),
                (SINGAPORE, SUNAN, "air"),
            ],
            (event("2018-06-singapore", 1, SENTOSA, (TRUMP,)),),
        )
    )
    t.append(hanoi_trip())
    t.append(
        trip(
            "2019-04-vladivostok",
            KJU,
            "2019-04-24",
            "2019-04-27",
            ("RU",),
            [
                *line(VLADIVOSTOK_LINE)[:9],
                (VLADIVOSTOK, RUSSKY, "car"),
                (RUSSKY, VLADIVOSTOK, "car"),
                *line(VLADIVOSTOK_LINE)[9:],
            ],
            (event("2019-04-vladivostok", 1, RUSSKY, (PUTIN,)),),
        )
    )
    return t
