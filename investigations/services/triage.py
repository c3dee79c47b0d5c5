"""Triage help: department and category suggestions from the complaint text, and likely
duplicates. Suggestions are only shown; a person applies them (``case_classify``, ``case_merge``).

The classifier (``scoring.triage``: TF-IDF n-grams, logistic regression) is trained on a small
seed of typical complaints plus every classified case, and retrained when the case data changes
(cached per process by the number and last id of classified cases)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q

from investigations.models import Case, Category, ImsReference, State
from investigations.services.cases import normalise_phone
from org.models import Department
from scoring.triage import Suggestion, classifier_fit, classifier_top

DUPLICATE_WINDOW = dt.timedelta(days=30)
SIMILARITY_THRESHOLD = 0.3

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "triage_seed.csv"


@lru_cache(maxsize=1)
def seed_rows() -> tuple[tuple[str, str, str], ...]:
    """(text, department slug, category): what typical complaints look like, so suggestions
    work before any case has been classified."""
    with SEED_FILE.open(newline="", encoding="utf-8") as fh:
        return tuple((r["text"], r["department"], r["category"]) for r in csv.DictReader(fh))


@dataclass
class Duplicate:
    case: Case
    reasons: list[str] = field(default_factory=list)
    similarity: float = 0.0


def _training_rows() -> list[tuple[str, str, str]]:
    rows = list(seed_rows())
    for text, slug, category in Case.objects.exclude(category="").values_list(
        "description", "department__slug", "category"
    ):
        rows.append((text, slug or "", category))
    return rows


@lru_cache(maxsize=4)
def _models(data_key: tuple) -> tuple:
    rows = _training_rows()
    texts = [r[0] for r in rows]
    dept_rows = [(t, d) for t, d, _ in rows if d]
    department_model = classifier_fit([t for t, _ in dept_rows], [d for _, d in dept_rows])
    category_model = classifier_fit(texts, [r[2] for r in rows])
    return department_model, category_model


def _data_key() -> tuple:
    labelled = Case.objects.exclude(category="")
    return (labelled.count(), labelled.aggregate(last=Max("pk"))["last"])


def triage_suggest(*, text: str, n: int = 2) -> dict[str, list[Suggestion]]:
    """Department and category suggestions for a complaint text, best first."""
    if not text.strip():
        return {"department": [], "category": []}
    department_model, category_model = _models(_data_key())
    names = dict(Department.objects.values_list("slug", "name"))
    categories = dict(Category.choices)
    return {
        "department": classifier_top(department_model, text, lambda s: names.get(s, s), n),
        "category": classifier_top(category_model, text, lambda c: categories.get(c, c), n),
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
