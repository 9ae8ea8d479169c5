"""What the ``ruiran`` group hands its commands: the dataset they ask, loaded on first use."""

from __future__ import annotations

from pathlib import Path

import attrs

import ruiran
from ruiran import Dataset
from ruiran.cli.output import warnings_on_stderr

__all__ = ["Session"]


@attrs.define
class Session:
    """The dataset path (``--data``), whether it goes on top of the bundled one, the dataset.

    The dataset is loaded by ``ruiran.load`` when a command first asks for it, with the
    folder's skipped entries shown as ``warning:`` lines on stderr.
    """

    data: Path | None
    with_bundled: bool = False
    _dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        """The dataset the commands ask: ``--data``'s, or the bundled one."""
        if self._dataset is None:
            with warnings_on_stderr():
                base = ruiran.load() if self.with_bundled else None
                self._dataset = ruiran.load(self.data, base=base)
        return self._dataset
