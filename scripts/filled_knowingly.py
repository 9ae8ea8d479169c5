"""Derive the samples' contacts filled knowingly (``recall.FILLED_KNOWINGLY``) from git history.

The rule: a held sample contact counts as missed in the strict figure when *every* bundled event
holding it was first added (the first commit whose diff of ``src/ruiran/data/events.yaml`` adds
its ``- id:`` line) after some held-out set had named its occasion as not held: the generated
"Not held" lists of ``docs/history.md`` at that commit's parent name a contact that is the same
occasion (:func:`recall.same_occasion`) or that the adding event holds too. Another sample's
entry of such an occasion counts too (one occasion, filled once).

This needs the full history (a shallow clone has none), so the recall figure does not run it:
``recall.FILLED_KNOWINGLY`` is its output, frozen, and ``tests/test_recall.py`` checks the list
against the contacts a verifier found by hand. Rerun it after records are added::

    python scripts/filled_knowingly.py      # print the ids the rule gives, one a line
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script or loaded by a test

import recall

import ruiran
from ruiran import Dataset
from ruiran.model import Event

__all__ = ["derive", "first_added", "main", "named_not_held", "parse_listed"]

EVENTS = "src/ruiran/data/events.yaml"
LISTED = re.compile(
    r"^- `(?P<id>[^`]+)`: (?P<when>\S+) (?P<place>.*) \((?P<who>[^;()]*); (?P<kind>[^()]*)\)$"
)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(recall.ROOT), *args], check=True, capture_output=True, text=True
    ).stdout


def first_added() -> dict[str, str]:
    """Each event id with the commit whose diff first adds its ``- id:`` line, through renames:
    a hunk that removes one id and adds another renames the event, which keeps its first commit
    (``putin-rouhani-call-2014-03-14`` became ``putin-rouhani-call-2014-03-13``)."""
    found: dict[str, str] = {}
    commit = ""
    removed: list[str] = []
    added: list[str] = []

    def close_hunk() -> None:
        if len(removed) == 1 and len(added) == 1 and removed[0] in found:
            found.setdefault(added[0], found[removed[0]])
        for event_id in added:
            found.setdefault(event_id, commit)
        removed.clear()
        added.clear()

    for line in _git("log", "--reverse", "-p", "--format=commit %H", "--", EVENTS).splitlines():
        if line.startswith(("commit ", "@@")):
            close_hunk()
            if line.startswith("commit "):
                commit = line.split()[1]
        elif line.startswith("+- id: "):
            added.append(line.removeprefix("+- id: ").strip())
        elif line.startswith("-- id: "):
            removed.append(line.removeprefix("-- id: ").strip())
    close_hunk()
    return found


def parse_listed(line: str) -> recall.Contact | None:
    """A contact of a "Not held" list line of the generated section, or None.

    Example:
        >>> c = parse_listed("- `x`: 2013-07-01 Moscow (vladimir-putin, iran; summit meeting)")
        >>> (c.place, c.participants, c.kind) if c else None
        ('Moscow', ('vladimir-putin', 'iran'), 'summit_meeting')
    """
    found = LISTED.match(line.strip())
    if found is None:
        return None
    try:
        parsed = recall.when_of(found["when"])
    except ValueError:
        return None
    who = tuple(w.strip() for w in found["who"].split(","))
    kind = found["kind"].strip().replace(" ", "_")
    place = found["place"].strip()
    return recall.Contact(found["id"], parsed, place, who, kind, ())


def named_not_held(page: str) -> list[recall.Contact]:
    """The contacts a version of docs/history.md lists under a "Not held" heading."""
    listed: list[recall.Contact] = []
    in_list = False
    for line in page.splitlines():
        if line.strip().endswith(":") and not line.startswith("- "):
            in_list = line.startswith("Not held")
        elif in_list and (contact := parse_listed(line)) is not None:
            listed.append(contact)
    return listed


def _filled_knowingly(
    ds: Dataset,
    contact: recall.Contact,
    holding: list[Event],
    added: dict[str, str],
    pages: dict[str, list[recall.Contact]],
) -> bool:
    for event in holding:
        commit = added.get(event.id)
        if commit is None:
            return False
        if commit not in pages:
            try:
                pages[commit] = named_not_held(_git("show", f"{commit}^:docs/history.md"))
            except subprocess.CalledProcessError:
                pages[commit] = []
        named = pages[commit]
        if not any(recall.same_occasion(contact, x) or recall.holds(ds, event, x) for x in named):
            return False
    return bool(holding)


def derive(ds: Dataset, contacts: Iterable[recall.Contact]) -> list[str]:
    """The ids of the held ``contacts`` every holding event of which was added knowingly, and of
    those not held that the current docs/history.md names as not held (a record of one added
    later would be added knowingly), and every entry of the same occasion as one of these."""
    added = first_added()
    pages: dict[str, list[recall.Contact]] = {}
    named_now = named_not_held(recall.PAGE.read_text(encoding="utf-8"))
    out = []
    contacts = recall.in_scope(ds, contacts)
    for contact in contacts:
        holding = [e for e in ds.events if recall.holds(ds, e, contact)]
        if holding:
            if _filled_knowingly(ds, contact, holding, added, pages):
                out.append(contact.id)
        elif any(recall.same_occasion(contact, x) for x in named_now):
            out.append(contact.id)
    # one occasion is filled once: another sample's entry of it counts too (set 5's call of
    # "2025-08", which the SCO summit of 31 August could also hold, is the call of the 25th)
    found = [c for c in contacts if c.id in out]
    out += [c.id for c in contacts if any(recall.same_occasion(c, o) for o in found)]
    return sorted(set(out))


def main() -> int:
    """Print the ids the rule gives for every entry of the samples, one a line."""
    sets = recall.load_sets()
    ds = ruiran.load()
    for contact_id in derive(ds, [c for name in recall.SAMPLES for c in sets[name].contacts]):
        print(contact_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
