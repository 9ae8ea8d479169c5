"""The vote coding and the issue codes of the UN General Assembly roll-call data.

Voeten's codebook ("United Nations General Assembly Voting Data", Harvard Dataverse,
hdl:1902.1/12379) codes a vote 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member; the bundled
data (the ``unvotes`` package) holds only the votes cast (1, 2, 3): an absence is not a row.
Six issue codes mark what a roll call is about; a roll call may carry several, or none.

Examples:
    >>> VOTE_NAMES[2], ISSUES["nu"]
    ('abstain', 'Nuclear weapons and nuclear material')
    >>> issue_code("Human rights"), issue_code("HR")
    ('hr', 'hr')
"""

from __future__ import annotations

from typing import Final

from ruiran.errors import QueryError

__all__ = [
    "ABSENT",
    "ABSTAIN",
    "CAST",
    "ISSUES",
    "NO",
    "NOT_MEMBER",
    "NO_ROW",
    "VOTE_CODES",
    "VOTE_NAMES",
    "YES",
    "issue_code",
]

#: Voeten's codes.
YES: Final = 1
ABSTAIN: Final = 2
NO: Final = 3
ABSENT: Final = 8
NOT_MEMBER: Final = 9
#: No row for a country in a roll call (the bundled data leaves absences out); never in a file.
NO_ROW: Final = 0
#: The votes cast, which the agreement measures count.
CAST: Final = (YES, ABSTAIN, NO)
#: Every code a vote file may hold.
VOTE_CODES: Final = (YES, ABSTAIN, NO, ABSENT, NOT_MEMBER)
VOTE_NAMES: Final = {
    NO_ROW: "no vote recorded",
    YES: "yes",
    ABSTAIN: "abstain",
    NO: "no",
    ABSENT: "absent",
    NOT_MEMBER: "not a member",
}

#: The six issue codes, in the order of the data's columns, and what each marks.
ISSUES: Final = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}


def issue_code(value: str) -> str:
    """The short code of an issue given by code or name, in any case.

    Raises:
        QueryError: naming the valid codes, for anything else.
    """
    text = value.strip().lower() if isinstance(value, str) else value
    if text in ISSUES:
        return str(text)
    for code, name in ISSUES.items():
        if name.lower() == text:
            return code
    raise QueryError(
        f"'issue' must be one of {list(ISSUES)!r} or their names "
        f"{list(ISSUES.values())!r} (got {value!r})"
    )
