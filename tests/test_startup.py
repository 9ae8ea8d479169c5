"""Start-up: the bundled snapshot is exactly the YAML, is used only while it matches it, and
``import ruiran`` / ``ruiran.load()`` import nothing they do not need.

No timing is asserted here (benchmarks/run.py measures it); these tests pin down the structure
that makes start-up fast, and the equivalence that makes the snapshot safe.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import loading
import ruiran
from ruiran.errors import DatasetError
from ruiran.io import bundled_path
from ruiran.read import snapshot

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(ruiran.__file__).parent
DATA = PACKAGE / "data"
REGENERATE = "regenerate it with `python scripts/snapshot.py`"


@pytest.fixture(scope="module")
def from_yaml() -> ruiran.Dataset:
    """The bundled data read from its YAML, with every check (what the snapshot stands for)."""
    assert Path(str(bundled_path())) == DATA  # the tests run on the source tree
    return ruiran.load(DATA)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of what the snapshot reads: the snapshot file and the data folder."""
    shutil.copy(PACKAGE / snapshot.FILE_NAME, tmp_path / snapshot.FILE_NAME)
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def test_the_snapshot_is_up_to_date() -> None:
    shipped = (PACKAGE / snapshot.FILE_NAME).read_bytes()
    assert snapshot.same(shipped, snapshot.build(DATA)), f"the snapshot is stale: {REGENERATE}"


def test_the_bundled_dataset_comes_from_the_snapshot() -> None:
    assert snapshot.read() is not None, f"the snapshot is not used: {REGENERATE}"


def test_the_snapshot_gives_exactly_what_the_yaml_gives(from_yaml: ruiran.Dataset) -> None:
    restored = snapshot.read()
    assert restored is not None
    assert [r.id for r in restored] == [r.id for r in from_yaml]
    # Same classes, same values of the same types (a str is not a StrEnum), same set fields.
    for mine, theirs in zip(restored, from_yaml, strict=True):
        assert snapshot._canonical(mine) == snapshot._canonical(theirs), mine.id
        assert mine.model_fields_set == theirs.model_fields_set, mine.id
    assert list(restored.source_texts.items()) == list(from_yaml.source_texts.items())
    assert restored == from_yaml
    assert ruiran.load() == from_yaml


def test_restored_records_behave_like_validated_ones(from_yaml: ruiran.Dataset) -> None:
    restored = snapshot.read()
    assert restored is not None
    for mine, theirs in zip(restored, from_yaml, strict=True):
        assert hash(mine) == hash(theirs)
        assert mine.model_dump_json() == theirs.model_dump_json()
    iran = restored.actor("IRN")
    with pytest.raises(ValueError, match="frozen"):
        iran.name = "Persia"  # type: ignore[misc]
    assert iran.id == "iran"


def test_regenerating_gives_the_same_bytes() -> None:
    # Another hash seed orders sets differently: the file must not change with it.
    code = (
        "import hashlib, sys; from pathlib import Path; from ruiran.read import snapshot; "
        "print(hashlib.sha256(snapshot.build(Path(sys.argv[1]))).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code, str(DATA)],
            check=True,
            capture_output=True,
            text=True,
            env={**_env(), "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


# -- the snapshot is used only while it matches ---------------------------------------------------


def test_an_unchanged_copy_is_used(package_copy: Path) -> None:
    assert snapshot.read(package_copy) == ruiran.load()


@pytest.mark.parametrize(
    "change",
    [
        "a data file",
        "a source text",
        "a new data file",
        "a new entry",
        "a removed source text",
    ],
)
def test_a_snapshot_that_no_longer_matches_is_not_used(package_copy: Path, change: str) -> None:
    data = package_copy / "data"
    if change == "a data file":
        with (data / "events.yaml").open("a", encoding="utf-8") as f:
            f.write("# a comment changes no record, but the file is no longer the one checked\n")
    elif change == "a source text":
        text = data / "sources" / "russia-iran-deepening-alliance.txt"
        text.write_bytes(text.read_bytes().replace(b"Russia", b"Russland", 1))
    elif change == "a new data file":
        (data / "more.yaml").write_text("[]\n", encoding="utf-8")
    elif change == "a new entry":
        (data / "notes").mkdir()
    else:
        (data / "sources" / "russia-iran-deepening-alliance.txt").unlink()
    assert snapshot.read(package_copy) is None


def test_texts_are_read_on_first_use_and_checked(package_copy: Path) -> None:
    restored = snapshot.read(package_copy)
    assert restored is not None
    texts = restored.source_texts
    assert isinstance(texts, snapshot.SourceTexts)
    source = "russia-iran-deepening-alliance"
    assert source in texts
    assert "no-such-source" not in texts
    assert "0 read so far" in repr(texts)  # knowing the ids reads no file
    # An edit that keeps the text's size: the snapshot is used, the text is refused when read.
    path = package_copy / "data" / "sources" / f"{source}.txt"
    changed = path.read_bytes().replace(b"Russia", b"Prussi", 1)
    path.write_bytes(changed)
    with pytest.raises(DatasetError, match="changed after the bundled snapshot") as caught:
        texts[source]
    (problem,) = caught.value.problems
    assert (problem.record, problem.field, problem.file) == (source, "text_file", str(path))
    assert "python scripts/snapshot.py" in problem.message
    with pytest.raises(DatasetError, match="changed after"):
        dict(texts)  # reading them all refuses it too
    # The others are served, each as its file holds it.
    other = next(s for s in texts if s != source)
    assert texts[other] == ruiran.load().source_texts[other]
    # Back as it was: served, equal to the YAML's.
    path.write_bytes(changed.replace(b"Prussi", b"Russia", 1))
    assert texts[source] == ruiran.load().source_texts[source]
    path.unlink()
    assert texts[source]  # read once, kept
    with pytest.raises(KeyError):
        texts["no-such-source"]


def test_a_text_gone_after_loading_is_named(package_copy: Path) -> None:
    restored = snapshot.read(package_copy)
    assert restored is not None
    source = "russia-iran-deepening-alliance"
    (package_copy / "data" / "sources" / f"{source}.txt").unlink()
    with pytest.raises(DatasetError, match="cannot be read") as caught:
        restored.source_texts[source]
    assert caught.value.problems[0].record == source


def test_a_damaged_or_missing_snapshot_is_not_used(package_copy: Path) -> None:
    path = package_copy / snapshot.FILE_NAME
    path.write_bytes(path.read_bytes()[:1000])
    assert snapshot.read(package_copy) is None
    path.write_bytes(pickle.dumps({"format": 0}))
    assert snapshot.read(package_copy) is None
    path.unlink()
    assert snapshot.read(package_copy) is None


def test_records_whose_class_changed_are_not_used(package_copy: Path) -> None:
    path = package_copy / snapshot.FILE_NAME
    content = pickle.loads(path.read_bytes())
    shapes = dict(content["shapes"])
    assert snapshot._same_shapes(shapes)
    key = "ruiran.model.actors:State"
    for changed in (
        {**shapes, key: (*shapes[key], "capital")},  # a field added since
        {**shapes, key: shapes[key][:-1]},  # a field removed since
        {**shapes, "ruiran.model.actors:Country": shapes[key]},  # a class renamed since
    ):
        assert not snapshot._same_shapes(changed)
    path.write_bytes(pickle.dumps({**content, "shapes": {key: ("id",)}}))
    assert snapshot.read(package_copy) is None


# -- what start-up imports ------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}


def _after(code: str) -> dict[str, object]:
    """Facts about a fresh interpreter after running ``code``."""
    probe = (
        code
        + "\nimport sys\n"
        + "modules = sorted(sys.modules)  # before the probe imports json\n"
        + "from ruiran.model import State\n"
        + "loader = sys.modules.get('pydantic.plugin._loader')\n"
        + "import json\n"
        + "print(json.dumps({'modules': modules, "
        + "'plugins_scanned': loader is not None and loader._plugins is not None, "
        + "'state_built': State.__pydantic_complete__}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=_env()
    )
    facts: dict[str, object] = json.loads(out.stdout)
    return facts


#: Imported only by what needs them: each costs milliseconds at start-up.
HEAVY = ("yaml", "pycountry", "importlib.metadata", "importlib.resources", "difflib", "json")


#: The Dataset layer: imported by the first use of a name that needs it (``ruiran.load``,
#: ``ruiran.Dataset``, an error class, a helper), not by ``import ruiran``.
LAYER = (
    "attrs",
    "ruiran.dataset",
    "ruiran.io",
    "ruiran.errors",
    "ruiran.dataset.index",
    "ruiran.ingest",
)
#: What the bundled load() never needs: the reader (and the wording of its problems), the parsers
#: and the cross-record checks (the snapshot passed them when it was made), the pickle module (the
#: C unpickler reads it), the size limits of files it does not read, the CAMEO codebook (for
#: cameo= queries) and the spelling suggestions (for error messages).
NOT_FOR_THE_SNAPSHOT = (
    "ruiran.read.reader",
    "ruiran.read.messages",
    "ruiran.read.documents",
    "ruiran.dataset.integrity",
    "pickle",
    "yaml",
    "ruiran.read.limits",
    "ruiran.model.cameo",
    "ruiran.hints.suggest",
)


def test_import_ruiran_stays_light() -> None:
    facts = _after("import ruiran")
    modules = facts["modules"]
    assert isinstance(modules, list)
    assert not [m for m in HEAVY if m in modules]
    assert not [m for m in LAYER if m in modules]
    # No validator is built at import, so pydantic's plugin discovery has not run either.
    assert facts["state_built"] is False
    assert facts["plugins_scanned"] is False


def test_the_bundled_load_reads_no_yaml_and_builds_no_validator() -> None:
    facts = _after("import ruiran; ruiran.load()")
    modules = facts["modules"]
    assert isinstance(modules, list)
    assert not [m for m in ("yaml", "pycountry", "importlib.metadata") if m in modules]
    assert not [m for m in NOT_FOR_THE_SNAPSHOT if m in modules]
    assert facts["state_built"] is False
    assert facts["plugins_scanned"] is False


def test_every_public_name_resolves_to_what_it_names() -> None:
    """Each name in ``__all__`` works, imported on first use or at once, and importing every
    submodule afterwards shadows none of the helpers (a module ``ruiran/timeline.py`` would
    replace ``ruiran.timeline()`` once imported)."""
    code = (
        "import importlib, inspect, pkgutil, ruiran\n"
        "names = {name: getattr(ruiran, name) for name in ruiran.__all__}\n"
        "for info in pkgutil.walk_packages(ruiran.__path__, 'ruiran.'):\n"
        "    if not info.name.startswith(('ruiran.__main__', 'ruiran.cli', 'ruiran.export.')):\n"
        "        importlib.import_module(info.name)\n"
        "changed = [n for n in ruiran.__all__ if getattr(ruiran, n) is not names[n]]\n"
        "assert not changed, changed\n"
        "assert callable(ruiran.timeline) and not inspect.ismodule(ruiran.timeline)\n"
        "assert ruiran.Dataset.__module__ == 'ruiran.dataset'\n"
        "assert ruiran.load is importlib.import_module('ruiran.io').load\n"
        "assert set(ruiran.__all__) <= set(dir(ruiran))\n"
        "import ruiran.io, ruiran.limits\n"
        "assert ruiran.io.Limits is ruiran.limits.Limits\n"
        "assert ruiran.io.MAX_DOCUMENT_BYTES == ruiran.limits.DEFAULT_LIMITS.document_bytes\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        ruiran.no_such_name  # noqa: B018


def test_models_still_validate_on_first_use() -> None:
    facts = _after(
        "import ruiran\n"
        "from ruiran.model import Citation, State\n"
        "State(id='iran', name='Iran', iso_alpha2='IR', citations=(Citation(source='s', quote='q'),))"
    )
    assert facts["state_built"] is True


# -- the script ---------------------------------------------------------------------------------


def _script() -> ModuleType:
    return loading.script("snapshot")


def test_the_script_checks_the_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--check"]) == 0, REGENERATE
    assert "up to date" in capsys.readouterr().out


def test_the_module_level_helpers_live_in_api() -> None:
    """Issue 21: the helpers bound to the bundled dataset live in ruiran._api, and the face
    hands them on by name."""
    from ruiran import _api

    for name in _api.__all__:
        assert getattr(ruiran, name) is getattr(_api, name), name
        assert name in ruiran.__all__, name
