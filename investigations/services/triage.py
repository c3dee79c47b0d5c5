"""Triage help: department and category suggestions from the complaint text, and likely
duplicates. Suggestions are only shown; a person applies them (``case_classify``, ``case_merge``).

The classifier is TF-IDF word and character n-grams with logistic regression, trained on a small
seed of typical complaints plus every classified case, and retrained when the case data changes
(cached per process by the number and last id of classified cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Max, Q

from investigations.models import Case, Category, ImsReference, State
from investigations.services.cases import normalise_phone
from org.models import Department

DUPLICATE_WINDOW = dt.timedelta(days=30)
SIMILARITY_THRESHOLD = 0.3

# (text, department slug, category): what typical complaints look like.
SEED = [
    ("no water in the area since yesterday taps dry", "water-and-sanitation", "water_outage"),
    ("we have had no water for three days nobody came", "water-and-sanitation", "water_outage"),
    ("water interruption in tembisa without notice", "water-and-sanitation", "water_outage"),
    ("burst pipe in the street water running for a week", "water-and-sanitation", "water_leak"),
    ("leaking water meter outside my house wasting water", "water-and-sanitation", "water_leak"),
    ("sewer overflowing into the yard blocked drain smell", "water-and-sanitation", "sewer"),
    ("sewage spill blocked manhole not cleared", "water-and-sanitation", "sewer"),
    ("no electricity power outage since friday", "energy", "electricity_outage"),
    ("electricity cut whole street in darkness transformer", "energy", "electricity_outage"),
    ("power failure reported many times still no lights", "energy", "electricity_outage"),
    ("streetlights not working the road is dark at night", "energy", "streetlights"),
    ("street light broken for months crime", "energy", "streetlights"),
    ("my bill is wrong account charged too much", "finance", "billing"),
    ("incorrect billing on my municipal account overcharged rates", "finance", "billing"),
    ("estimated meter reading too high bill dispute", "finance", "meter"),
    ("meter not read for months estimated consumption", "finance", "meter"),
    ("refuse not collected bins full for two weeks", "waste-management", "refuse"),
    ("illegal dumping on the open field rubbish", "waste-management", "refuse"),
    ("pothole on the road damaged my car tyre", "roads-and-stormwater", "roads"),
    ("stormwater drain blocked road flooding", "roads-and-stormwater", "roads"),
    ("rdp house application waiting for years housing", "human-settlements", "housing"),
    ("housing subsidy title deed not received", "human-settlements", "housing"),
    ("call centre agent was rude and hung up on me", "", "staff_conduct"),
    ("the agent shouted at me and refused to give a reference", "", "staff_conduct"),
    ("reported the fault many times reference number no one came", "", "service_delay"),
    ("logged a complaint weeks ago nothing has been done", "", "service_delay"),
]


@dataclass(frozen=True)
class Suggestion:
    value: str
    label: str
    confidence: float


@dataclass
class Duplicate:
    case: Case
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0


def _training_rows() -> list[tuple[str, str, str]]:
    rows = list(SEED)
    for text, slug, category in Case.objects.exclude(category="").values_list(
        "description", "department__slug", "category"
    ):
        rows.append((text, slug or "", category))
    return rows


def _fit(texts, labels):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        ]
    )
    model = make_pipeline(features, LogisticRegression(max_iter=1000, C=5.0))
    model.fit(texts, labels)
    return model


@lru_cache(maxsize=4)
def _models(data_key: tuple) -> tuple:
    rows = _training_rows()
    texts = [r[0] for r in rows]
    dept_rows = [(t, d) for t, d, _ in rows if d]
    department_model = _fit([t for t, _ in dept_rows], [d for _, d in dept_rows])
    category_model = _fit(texts, [r[2] for r in rows])
    return department_model, category_model


def _data_key() -> tuple:
    labelled = Case.objects.exclude(category="")
    return (labelled.count(), labelled.aggregate(last=Max("pk"))["last"])


def _top(model, text: str, labeler, n: int) -> list[Suggestion]:
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda p: -p[1])[:n]
    return [Suggestion(str(value), labeler(str(value)), round(float(p), 2)) for value, p in ranked]


def triage_suggest(*, text: str, n: int = 2) -> dict[str, list[Suggestion]]:
    """Department and category suggestions for a complaint text, best first."""
    if not text.strip():
        return {"department": [], "category": []}
    department_model, category_model = _models(_data_key())
    names = dict(Department.objects.values_list("slug", "name"))
    categories = dict(Category.choices)
    return {
        "department": _top(department_model, text, lambda s: names.get(s, s), n),
        "category": _top(category_model, text, lambda c: categories.get(c, c), n),
    }


def duplicates_find(*, case: Case, limit: int = 10) -> list[Duplicate]:
    """Other cases that may be the same complaint: the same complainant contact, the same IMS
    reference, or similar text (TF-IDF cosine) in the same ward within 30 days."""
    found: dict[int, Duplicate] = {}
    others = Case.objects.exclude(pk=case.pk).exclude(state=State.MERGED)

    def add(other, reason, similarity=0.0):
        entry = found.setdefault(other.pk, Duplicate(case=other))
        entry.reasons.append(reason)
        entry.similarity = max(entry.similarity, similarity)

    contact = Q()
    phone = normalise_phone(case.complainant_phone)
    if len(phone) >= 9:
        contact |= Q(complainant_phone_key=phone)
    if case.complainant_email:
        contact |= Q(complainant_email__iexact=case.complainant_email)
    if case.complainant_account:
        contact |= Q(complainant_account__iexact=case.complainant_account)
    if contact:
        for other in others.filter(contact)[:limit]:
            add(other, "same complainant contact")
    refs = list(case.ims_references.values_list("reference", flat=True))
    if refs:
        ids = ImsReference.objects.filter(reference__in=refs).exclude(case=case).values("case_id")
        for other in others.filter(pk__in=ids)[:limit]:
            add(other, "same IMS reference")
    if case.ward:
        window = others.filter(
            ward=case.ward,
            received_at__gte=case.received_at - DUPLICATE_WINDOW,
            received_at__lte=case.received_at + DUPLICATE_WINDOW,
        )[:200]
        candidates = list(window)
        if candidates:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.metrics.pairwise import cosine_similarity

            texts = [case.description] + [c.description for c in candidates]
            matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
            scores = cosine_similarity(matrix[0], matrix[1:])[0]
            for other, score in zip(candidates, scores, strict=True):
                if score >= SIMILARITY_THRESHOLD:
                    add(other, f"similar text in ward {case.ward} ({score:.0%})", float(score))
    return sorted(found.values(), key=lambda d: (-len(d.reasons), -d.similarity))[:limit]
