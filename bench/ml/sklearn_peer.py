"""The scikit-learn peer of bench:ml (never used by FinCoach at run time).

TF-IDF over the description (char_wb 2-5 + word 1-2, one FeatureUnion) + LinearSVC, on the
splits bench/ml/run.ts asks for. Reads one JSON plan on stdin, writes one JSON answer on
stdout; each split's predictions (category and confidence = the top class's decision_function
margin) go back so both sides are judged by the same metric code in run.ts. scikit-learn's
own accuracy and macro-F1 come back too, as a cross-check of that code.

Plan: {"csv": path, "splits": [{"name", "train_from", "train_to", "test_from", "test_to"}],
       "speed": {"batch": 1000, "passes": 3}}  (dates are YYYY-MM-DD, from inclusive, to exclusive)
"""

import csv
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC


def read_rows(path):
    """Labelled rows only (an empty category is unlabelled, as FinCoach's train and eval skip it)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["category"].strip() != ""]
    return [(r["date"].strip(), r["description"].strip(), r["category"].strip()) for r in rows]


def pipeline():
    """The issue's peer with scikit-learn's defaults otherwise (raw TF, smooth IDF, L2 norm, C=1)."""
    features = FeatureUnion(
        [
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2))),
        ]
    )
    return make_pipeline(features, LinearSVC())


def between(rows, start, end):
    return [r for r in rows if start <= r[0] < end]


def fit(rows):
    model = pipeline()
    started = time.perf_counter()
    model.fit([r[1] for r in rows], [r[2] for r in rows])
    return model, time.perf_counter() - started


def score(model, texts):
    """Top class and its margin per text."""
    margins = model.decision_function(texts)
    if margins.ndim == 1:  # two classes: one margin, positive for classes_[1]
        margins = np.stack([-margins, margins], axis=1)
    top = margins.argmax(axis=1)
    return model.classes_[top], margins[np.arange(len(texts)), top]


def run_split(rows, s):
    train = between(rows, s["train_from"], s["train_to"])
    test = between(rows, s["test_from"], s["test_to"])
    model, seconds = fit(train)
    predicted, confidence = score(model, [r[1] for r in test])
    truth = [r[2] for r in test]
    return {
        "name": s["name"],
        "trainRows": len(train),
        "testRows": len(test),
        "trainSeconds": seconds,
        "predicted": predicted.tolist(),
        "confidence": confidence.tolist(),
        "sklearnAccuracy": accuracy_score(truth, predicted),
        "sklearnMacroF1": f1_score(truth, predicted, average="macro", zero_division=0),
    }


def run_speed(rows, batch, passes):
    """Training on the whole file, then predict (transform + decision_function) in batches."""
    model, seconds = fit(rows)
    texts = [r[1] for r in rows]
    batches = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    for b in batches[:2]:  # warm-up
        model.predict(b)
    rates = []
    for _ in range(passes):  # the best pass: the one others on the shared machine disturbed least
        started = time.perf_counter()
        for b in batches:
            model.predict(b)
        rates.append(len(texts) / (time.perf_counter() - started))
    return {
        "rows": len(rows),
        "trainSeconds": seconds,
        "batch": batch,
        "predictRowsPerSec": max(rates),
        "predictRowsPerSecAll": rates,
    }


def main():
    plan = json.load(sys.stdin)
    rows = read_rows(plan["csv"])
    answer = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "splits": [run_split(rows, s) for s in plan["splits"]],
    }
    if plan.get("speed"):
        answer["speed"] = run_speed(rows, plan["speed"]["batch"], plan["speed"]["passes"])
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
