"""Text classification for complaint triage (plain Python, no Django): which department and
category a complaint's description most resembles. TF-IDF word and character n-grams with
logistic regression; the Django side (``investigations.services.triage``) chooses the training
rows and caches the fitted models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    value: str
    label: str
    confidence: float


def classifier_fit(texts: Sequence[str], labels: Sequence[str]):
    """A fitted text classifier (scikit-learn pipeline) from ``texts`` and their ``labels``."""
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
    model.fit(list(texts), list(labels))
    return model


def classifier_top(model, text: str, labeler: Callable[[str], str], n: int) -> list[Suggestion]:
    """The ``n`` most likely labels for ``text``, best first, named by ``labeler``."""
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda p: -p[1])[:n]
    return [Suggestion(str(value), labeler(str(value)), round(float(p), 2)) for value, p in ranked]
