# The reference systems of ../shared/benchmarks/RESULTS.md (P1, P3), run with scikit-learn on this machine in the
# same benchmark run as Rapport, so training times compare as a ratio. Reads the data the same way as run.js.
# Usage: python3 reference.py p1 TRAIN.csv TEST.csv | python3 reference.py p3 FOLDS.tsv AMAZON YELP IMDB
import csv
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC


def features():
    return FeatureUnion([
        ('word', TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))),
        ('char', TfidfVectorizer(sublinear_tf=True, analyzer='char_wb', ngram_range=(2, 5))),
    ])


def read_csv(path):
    with open(path, encoding='utf8', newline='') as f:
        rows = list(csv.DictReader(f))
    return [r['text'] for r in rows], [r['category'] for r in rows]


def p1(train_path, test_path):
    x, y = read_csv(train_path)
    xt, yt = read_csv(test_path)
    times = []
    for _ in range(3):
        model = make_pipeline(features(), LinearSVC(C=0.5))
        t0 = time.perf_counter()
        model.fit(x, y)
        times.append(time.perf_counter() - t0)
    pred = model.predict(xt)
    acc = sum(p == t for p, t in zip(pred, yt)) / len(yt)
    times.sort()
    return {'system': 'TF-IDF word 1-2 + char 2-5 + LinearSVC(C=0.5)', 'accuracy': acc, 'trainSeconds': times[1]}


def read_sentences(path):
    with open(path, encoding='utf8') as f:
        lines = [l for l in f.read().split('\n') if l != '']
    pairs = [l.rsplit('\t', 1) for l in lines]
    return [p[0] for p in pairs], [int(p[1]) for p in pairs]


def p3(folds_path, amazon, yelp, imdb):
    with open(folds_path, encoding='utf8', newline='') as f:
        folds = list(csv.DictReader(f, delimiter='\t'))
    data = {name: read_sentences(p) for name, p in (('amazon', amazon), ('yelp', yelp), ('imdb', imdb))}
    out = {}
    for name in ('amazon', 'yelp', 'imdb', 'pooled'):
        if name == 'pooled':
            x = sum((data[n][0] for n in ('amazon', 'yelp', 'imdb')), [])
            y = sum((data[n][1] for n in ('amazon', 'yelp', 'imdb')), [])
            fold = [int(r['fold_pooled']) for r in folds]
        else:
            x, y = data[name]
            by_line = {int(r['line_index']): int(r['fold_within_file']) for r in folds if r['source'] == name}
            fold = [by_line[i] for i in range(len(x))]
        accs = []
        for k in sorted(set(fold)):
            tr = [i for i in range(len(x)) if fold[i] != k]
            te = [i for i in range(len(x)) if fold[i] == k]
            model = make_pipeline(features(), LogisticRegression(C=10, max_iter=1000))
            model.fit([x[i] for i in tr], [y[i] for i in tr])
            pred = model.predict([x[i] for i in te])
            accs.append(sum(p == y[i] for p, i in zip(pred, te)) / len(te))
        out[name] = sum(accs) / len(accs)
    return {'system': 'TF-IDF word 1-2 + char 2-5 + LR(C=10)', 'accuracy': out}


if __name__ == '__main__':
    task = sys.argv[1]
    print(json.dumps(p1(*sys.argv[2:4]) if task == 'p1' else p3(*sys.argv[2:6])))
