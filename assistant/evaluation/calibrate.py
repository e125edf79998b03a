"""Fitting the refusal threshold, with figures that were not tuned on the questions they score.

Each question is read once: its evidence features and, for every part, the answer it would
get if answered (`Record`). A threshold then decides refusals without asking again, so
fitting is a scan over candidate values. Two out-of-fold schemes are reported:
- stratified k-fold over the union of all question sets;
- leave-one-set-out: fit on the other sets, score the held-out one (the best proxy for a
  new writer's questions).
Only `min_evidence` is fitted; the rules that read the question have no parameters.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.answering.extractive import ExtractiveAnswerer, compose_parts
from assistant.answering.pipeline import Assistant
from assistant.answering.refusal import Evidence, RefusalRule
from assistant.answering.screening import screen
from assistant.answering.shorthand import expand_shorthand
from assistant.evaluation.golden import GoldenItem
from assistant.evaluation.text import contains

# the question sets in tests/eval/ used for fitting: the public set, the team's extra set, and
# twelve sets written independently by people who never saw the rules (dev-a ... dev-m).
# dev-k, dev-n, dev-o, dev-p, dev-q, dev-r and dev-s stay out: held back to check that a
# change generalises (dev-q has never been read by whoever writes the rules; dev-r was measured
# unread once, then read; of dev-s, written from the documents alone by a helper who never saw
# the rules, only the questions its first run failed have been seen)

CALIBRATION_SETS = ("golden", "extra", *(f"dev-{x}" for x in "abcdefghijlm"))
FOLDS = 5
SEED = 7


@dataclass(frozen=True)
class Part:
    evidence: Evidence
    text: str  # the lines this part gets when answered


@dataclass(frozen=True)
class Record:
    """One question, read once: everything a threshold needs to decide and be scored."""

    set_name: str
    item: GoldenItem
    parts: tuple[Part, ...]
    fixed: str | None = None  # a refusal reason no threshold changes (small talk, language)
    citations_valid: bool = True
    _facts: dict[tuple[bool, ...], bool] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def refused(self, rule: RefusalRule) -> bool:
        return bool(self.fixed) or all(rule.reason(p.evidence) for p in self.parts)

    def answer(self, rule: RefusalRule) -> str:
        return "\n".join(p.text for p in self.parts if not rule.reason(p.evidence))

    def facts_ok(self, rule: RefusalRule) -> bool:
        if self.refused(rule):
            return False
        # a fit asks this for every candidate threshold; the answer only changes with which
        # parts are answered, so each such pattern is matched against must_include once
        answered = tuple(not rule.reason(p.evidence) for p in self.parts)
        if answered not in self._facts:
            text = "\n".join(p.text for p, a in zip(self.parts, answered, strict=True) if a)
            self._facts[answered] = all(
                any(contains(text, alt) for alt in group) for group in self.item.must_include
            )
        return self._facts[answered]


def collect(assistant: Assistant, sets: Mapping[str, Sequence[GoldenItem]]) -> list[Record]:
    """Read every question of every set once through the assistant's own retriever."""
    answerer = assistant.answerer
    if not isinstance(answerer, ExtractiveAnswerer):
        raise TypeError("calibration reads the extractive answerer's evidence")
    records = []
    for name, items in sets.items():
        for item in items:
            records.append(_record(name, item, assistant, answerer))
    return records


def _record(name: str, item: GoldenItem, assistant: Assistant, answerer: Any) -> Record:
    text = " ".join(item.question.split())
    if code := screen(text):
        return Record(name, item, (), fixed=code)
    text = assistant.correct(expand_shorthand(text)) if assistant.correct else text
    chunks = assistant.retrieve(text)
    readings = answerer.reader.read(text, chunks)
    parts = tuple(
        Part(r.evidence, compose_parts(text, [r], [None], answerer="extractive").text)
        for r in readings
    )
    retrieved = {c.chunk_id for c in chunks}
    cited = {s.sentence.chunk.chunk_id for r in readings for s in r.scored[:3]}
    return Record(name, item, parts, citations_valid=cited <= retrieved)


def figures(records: Sequence[Record], rules: Callable[[Record], RefusalRule]) -> dict[str, Any]:
    """Facts present, unanswerable refused, answerable refused, citation validity."""
    answerable = [r for r in records if r.item.answerable]
    unanswerable = [r for r in records if not r.item.answerable]
    return {
        "n": len(records),
        "facts_present": _share(r.facts_ok(rules(r)) for r in answerable if r.item.must_include),
        "refusal_recall": _share(r.refused(rules(r)) for r in unanswerable),
        "false_refusal_rate": _share(r.refused(rules(r)) for r in answerable),
        "citation_validity": _share(r.citations_valid for r in records),
    }


def errors(records: Iterable[Record], rule: RefusalRule) -> float:
    """What a fit minimises: the share of answerable questions refused or missing a fact,
    plus the share of unanswerable ones answered. Shares, not counts, so that the fewer
    unanswerable questions weigh as much as the answerable ones: refusing what the documents
    do not cover matters as much as answering what they do."""
    records = list(records)
    answerable = [r for r in records if r.item.answerable]
    unanswerable = [r for r in records if not r.item.answerable]
    missed = sum(not r.facts_ok(rule) for r in answerable) / max(1, len(answerable))
    answered = sum(not r.refused(rule) for r in unanswerable) / max(1, len(unanswerable))
    return missed + answered


def fit(records: Sequence[Record], base: RefusalRule | None = None) -> RefusalRule:
    """The min_evidence with fewest errors: the middle of the widest run of candidates."""
    base = base or RefusalRule()
    scores = sorted(
        {round(p.evidence.score(base.dense_weight), 4) for r in records for p in r.parts}
    )
    cuts = [base.min_evidence] + [(a + b) / 2 for a, b in zip(scores, scores[1:], strict=False)]
    cuts = sorted(set(cuts))
    counted = [(errors(records, replace(base, min_evidence=c)), c) for c in cuts]
    fewest = min(e for e, _ in counted)
    # of the runs of neighbouring cuts with fewest errors, the one with the widest margin
    # (the gap between the scores around it), and its middle cut: the tie between two
    # plateaus is settled by which one leaves more room, not by where the median falls
    runs: list[list[float]] = []
    for i, (e, c) in enumerate(counted):
        if e == fewest:
            if i and counted[i - 1][0] == fewest:
                runs[-1].append(c)
            else:
                runs.append([c])
    widest = max(runs, key=lambda run: _margin(run, scores))
    return replace(base, min_evidence=round(widest[len(widest) // 2], 4))


def _margin(run: Sequence[float], scores: Sequence[float]) -> float:
    """The gap between the highest score below a run of cuts and the lowest above it."""
    below = max((s for s in scores if s < run[0]), default=run[0])
    above = min((s for s in scores if s > run[-1]), default=run[-1])
    return above - below


def k_fold(records: Sequence[Record], *, folds: int = FOLDS, seed: int = SEED) -> list[int]:
    """A fold number per record, stratified by answerable and by set."""
    fold_of = [0] * len(records)
    rng = random.Random(seed)
    groups: dict[tuple[str, bool], list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault((r.set_name, r.item.answerable), []).append(i)
    offset = 0
    for key in sorted(groups):
        members = groups[key]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold_of[i] = (j + offset) % folds
        offset += len(members)
    return fold_of


@dataclass(frozen=True)
class OutOfFold:
    """Out-of-fold decisions: the rule each record was scored with, and every fitted value."""

    scheme: str
    rules: dict[int, RefusalRule]  # record index -> the rule fitted without it
    fitted: dict[str, float]  # fold name -> fitted min_evidence

    def rule_for(self, records: Sequence[Record]) -> Callable[[Record], RefusalRule]:
        index = {id(r): i for i, r in enumerate(records)}
        return lambda record: self.rules[index[id(record)]]


def out_of_fold(records: Sequence[Record], groups: Sequence[Any], scheme: str) -> OutOfFold:
    """Fit on every group but one, decide the held-out group with that fit."""
    rules: dict[int, RefusalRule] = {}
    fitted: dict[str, float] = {}
    for group in sorted(set(groups), key=str):
        train = [r for r, g in zip(records, groups, strict=True) if g != group]
        rule = fit(train)
        fitted[str(group)] = rule.min_evidence
        rules.update({i: rule for i, g in enumerate(groups) if g == group})
    return OutOfFold(scheme, rules, fitted)


def report(records: Sequence[Record]) -> dict[str, Any]:
    """Fitted on everything, and the two out-of-fold schemes, overall, per set, per category."""
    full = fit(records)
    schemes = [
        out_of_fold(records, k_fold(records), "k-fold"),
        out_of_fold(records, [r.set_name for r in records], "leave-one-set-out"),
    ]
    document: dict[str, Any] = {"fitted": {"min_evidence": full.min_evidence}}
    for scheme in schemes:
        rule_of = scheme.rule_for(records)
        document[scheme.scheme] = {
            "fitted_per_fold": scheme.fitted,
            "overall": figures(records, rule_of),
            "by_set": _by(records, rule_of, lambda r: r.set_name),
            "by_category": _by(records, rule_of, lambda r: r.item.category),
        }
    return document


def _by(
    records: Sequence[Record],
    rule_of: Callable[[Record], RefusalRule],
    key: Callable[[Record], str],
) -> dict[str, dict[str, Any]]:
    names = dict.fromkeys(key(r) for r in records)
    return {name: figures([r for r in records if key(r) == name], rule_of) for name in names}


def _share(values: Iterable[bool]) -> float | None:
    flags = list(values)
    return sum(flags) / len(flags) if flags else None
