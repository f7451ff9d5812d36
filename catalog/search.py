"""Keyword search over listings.

PostgreSQL: a weighted tsvector (title A, places and product names B, description C) kept in
`Listing.search_vector`, OR pg_trgm word similarity on `search_document`, so that typos still
match. Spelling variants that trigrams cannot bridge ("itar" and "attar" share too few
trigrams) come from fixtures/search_synonyms.csv.

SQLite (the embedded default): the same variants, matched at the start of a word ("itra" never
inside "Patachitra"); when that finds nothing, each word also matches the catalogue words
rapidfuzz finds close to it ("kanauj" -> kannauj). On both databases an empty result offers
"Did you mean ..." from that vocabulary.
"""

import re
from functools import lru_cache, reduce
from operator import and_, or_
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from rapidfuzz import fuzz, process

from odop_bazaar.page_cache import storefront_cached

from .models import Category, Listing, OdopProduct

MAX_TERMS = 8
# Word similarity a query word needs to count as a typo of a word in the listing
# ("kanauj" / "Kannauj" 0.86, "pashmeena" / "Pashmina" 0.6, "attar" / "Uttar" 0.5).
TYPO_SIMILARITY = 0.55
# Typos are looked for only in words of this length or more that are not in the spelling
# variants table: a 4-letter word has too few trigrams to tell a typo from another word
# ("gram", "mats"), and scanning for them was the slow tail of search (0.5 s on 100,000).
MIN_TYPO_LENGTH = 5
# Python's \w leaves out the vowel signs and virama of Indic scripts (U+0900 to U+0DFF), and
# would cut "कन्नौज" into "कन", "न", "ज", which match nothing on PostgreSQL.
WORD_RE = re.compile(r"[\w\u0900-\u0DFF]+")
SEARCH_CONFIG = "english"


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """word -> every spelling in its group, from fixtures/search_synonyms.csv."""
    groups: dict[str, tuple[str, ...]] = {}
    path = Path(settings.BASE_DIR) / "fixtures" / "search_synonyms.csv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = tuple(w.strip().lower() for w in line.split(",") if w.strip())
        for word in words:
            groups[word] = words
    return groups


def query_terms(query: str) -> list[tuple[str, ...]]:
    """Each word of the query with its spelling variants; at most MAX_TERMS words."""
    groups = synonym_groups()
    words = [w.lower() for w in WORD_RE.findall(query)][:MAX_TERMS]
    return [groups.get(word, (word,)) for word in words]


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search_listings(queryset: QuerySet[Listing], query: str) -> QuerySet[Listing]:
    """Listings matching every word of `query` (or one of its variants), annotated with `rank`."""
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres_search():
        return _postgres_search(queryset, query, terms)
    return _simple_search(queryset, terms)


def _postgres_search(
    queryset: QuerySet[Listing], query: str, terms: list[tuple[str, ...]]
) -> QuerySet[Listing]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

    per_word = [
        reduce(or_, (SearchQuery(v, search_type="plain", config=SEARCH_CONFIG) for v in variants))
        for variants in terms
    ]
    ts_query = reduce(and_, per_word)
    cleaned = " ".join(variants[0] for variants in terms)

    def close_to(word: str) -> Q:
        # `%>` can use the trigram index (at the connection's threshold, set to the same value
        # in settings); the floor keeps near-misses out whatever the connection says: "attar"
        # is 0.5 similar to "Uttar" (Pradesh).
        return Q(search_document__trigram_word_similar=word) & Q(
            GreaterThanOrEqual(TrigramWordSimilarity(word, "search_document"), TYPO_SIMILARITY)
        )

    def may_be_typo(variants: tuple[str, ...]) -> bool:
        return len(variants) == 1 and len(variants[0]) >= MIN_TYPO_LENGTH

    # Every word must match by its stem or a spelling variant. Only when that finds nothing in
    # the whole catalogue are typos looked for ("kanauj"): the trigram scan is the costly part
    # of search, and a typo match next to exact ones would only push them down.
    exact = queryset.filter(reduce(and_, (Q(search_vector=q) for q in per_word)))
    text_rank = Coalesce(SearchRank(F("search_vector"), ts_query), Value(0.0))
    if not any(may_be_typo(variants) for variants in terms) or exact.exists():
        return exact.annotate(rank=text_rank)
    # A word of the catalogue's own ("mansa", a district with nothing on sale) is no typo: the
    # trigram scan would be slow and find only look-alikes.
    known = set(vocabulary())
    if not any(may_be_typo(variants) and variants[0] not in known for variants in terms):
        return exact.annotate(rank=text_rank)

    def typo_match(q: SearchQuery, word: str) -> Q:
        # Trigrams miss some ("turmric" is 0.55 word-similar to "turmeric"): the catalogue
        # words rapidfuzz finds close to it are matched as words too.
        close = [
            SearchQuery(w, search_type="plain", config=SEARCH_CONFIG) for w in close_words(word)
        ]
        return reduce(or_, (Q(search_vector=c) for c in close), Q(search_vector=q) | close_to(word))

    fuzzy = reduce(
        and_,
        (
            typo_match(q, variants[0]) if may_be_typo(variants) else Q(search_vector=q)
            for q, variants in zip(per_word, terms, strict=True)
        ),
    )
    return queryset.filter(fuzzy).annotate(
        rank=text_rank + TrigramWordSimilarity(cleaned, "search_document")
    )


def _word_start(variant: str) -> str:
    """A regex matching `variant` at the start of a word (Indic letters count as letters)."""
    return rf"(^|[^\w\u0900-\u0DFF]){re.escape(variant)}"


def _simple_filter(queryset: QuerySet[Listing], terms: list[tuple[str, ...]]) -> QuerySet[Listing]:
    def matches(variant: str) -> Q:
        pattern = _word_start(variant)
        return Q(search_document__iregex=pattern) | Q(description__iregex=pattern)

    condition = reduce(and_, (reduce(or_, (matches(v) for v in variants)) for variants in terms))
    in_title = reduce(
        and_, (reduce(or_, (Q(title__iregex=_word_start(v)) for v in vs)) for vs in terms)
    )
    return queryset.filter(condition).annotate(
        rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def _simple_search(queryset: QuerySet[Listing], terms: list[tuple[str, ...]]) -> QuerySet[Listing]:
    exact = _simple_filter(queryset, terms)
    typos = [len(v) == 1 and len(v[0]) >= MIN_TYPO_LENGTH for v in terms]
    if not any(typos) or exact.exists():
        return exact
    widened = [
        variants + tuple(close_words(variants[0])) if typo else variants
        for variants, typo in zip(terms, typos, strict=True)
    ]
    return _simple_filter(queryset, widened)


# How close (rapidfuzz ratio, 0-100) a catalogue word must be to count as what was meant:
# kanauj -> kannauj 92, turmric -> turmeric 93, pashmna -> pashmina 93; attar -> uttar 80.
CLOSE_ENOUGH = 85


def vocabulary() -> tuple[str, ...]:
    """The words a buyer may mean: ODOP products, districts, states, categories (English and
    Hindi) and the spelling variants. Shared by every visitor; cached until the next save."""

    def build() -> tuple[str, ...]:
        from districts.models import District, State

        names: list[str] = list(synonym_groups())
        for model, fields in (
            (OdopProduct, ("name", "name_hi")),
            (District, ("name", "name_hi")),
            (State, ("name", "name_hi")),
            (Category, ("name", "name_hi")),
        ):
            for row in model.objects.values_list(*fields):
                names.extend(value for value in row if value)
        words = {w.lower() for name in names for w in WORD_RE.findall(name) if len(w) > 2}
        return tuple(sorted(words))

    # Reference data only (no listing's words): it changes with the catalogue scope, not with
    # every listing saved.
    return storefront_cached("search-vocabulary", build, scopes=[])


def close_words(word: str, *, limit: int = 3) -> list[str]:
    """Catalogue words within CLOSE_ENOUGH of `word`, closest first (not the word itself)."""
    matches = process.extract(
        word.lower(), vocabulary(), scorer=fuzz.ratio, score_cutoff=CLOSE_ENOUGH, limit=limit
    )
    return [match for match, _score, _index in matches if match != word.lower()]


def did_you_mean(query: str) -> str:
    """The query with each unknown word replaced by the closest catalogue word, or "" when
    nothing would change."""
    known = set(vocabulary())
    words = WORD_RE.findall(query)[:MAX_TERMS]
    suggested = []
    for word in words:
        close = [] if word.lower() in known else close_words(word, limit=1)
        suggested.append(close[0] if close else word)
    suggestion = " ".join(suggested)
    return suggestion if suggestion.lower() != " ".join(words).lower() else ""


def search_vector_expression():  # type: ignore[no-untyped-def]
    """The weighted document stored in Listing.search_vector (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("search_document", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
