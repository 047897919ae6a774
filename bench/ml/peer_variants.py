"""A one-off check, not part of bench:ml: where does scikit-learn's lead come from?

Variants of the peer on a validation month carved out of the training months (trained on every
row before April 2017, tested on April), never on the benchmark's test months (May, June):
IDF on/off, sublinear TF (FinCoach's weighting), hashing instead of a vocabulary, and the
same features with a softmax (logistic regression) instead of LinearSVC.

    /usr/bin/python3 bench/ml/peer_variants.py [csv]
"""

import csv
import sys
import time
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

CSV = sys.argv[1] if len(sys.argv) > 1 else "testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv"


def tfidf(**options):
    return FeatureUnion(
        [
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **options)),
            ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), **options)),
        ]
    )


def hashed(buckets):
    return FeatureUnion(
        [
            ("char", HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=buckets)),
            ("word", HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=buckets)),
        ]
    )


VARIANTS = [
    ("the peer (TF-IDF + LinearSVC)", lambda: make_pipeline(tfidf(), LinearSVC())),
    ("no IDF", lambda: make_pipeline(tfidf(use_idf=False), LinearSVC())),
    ("no IDF, sublinear TF", lambda: make_pipeline(tfidf(use_idf=False, sublinear_tf=True), LinearSVC())),
    ("hashed 2^17 per family, no IDF", lambda: make_pipeline(hashed(2**17), LinearSVC())),
    ("hashed 2^20 per family, no IDF", lambda: make_pipeline(hashed(2**20), LinearSVC())),
    ("TF-IDF + LogisticRegression", lambda: make_pipeline(tfidf(), LogisticRegression(max_iter=300))),
]


def main():
    with open(CSV, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["category"].strip() != ""]
    train = [r for r in rows if r["date"] < "2017-04-01"]
    test = [r for r in rows if "2017-04-01" <= r["date"] < "2017-05-01"]
    print(f"trained on {len(train)} rows before 2017-04-01, tested on {len(test)} April rows")
    truth = [r["category"] for r in test]
    warnings.simplefilter("ignore", ConvergenceWarning)
    for name, build in VARIANTS:
        started = time.perf_counter()
        model = build().fit([r["description"] for r in train], [r["category"] for r in train])
        predicted = model.predict([r["description"] for r in test])
        accuracy = accuracy_score(truth, predicted)
        macro_f1 = f1_score(truth, predicted, average="macro", zero_division=0)
        seconds = time.perf_counter() - started
        print(f"{name:34s} accuracy {accuracy:.4f}  macro-F1 {macro_f1:.4f}  ({seconds:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
