"""Reading datasets: the machinery beneath the entry points of :mod:`ruiran.io`.

Reading flows one way: the entry points (:mod:`ruiran.io`, which users call) → the reading
machinery (:mod:`~ruiran.read.reader`: files and folders inside a boundary, validated and checked
together, its problems worded by :mod:`~ruiran.read.messages`) → document parsing
(:mod:`~ruiran.read.documents`: YAML, JSON, JSON Lines into raw records). Every file of a folder is
opened through the folder boundary (:mod:`~ruiran.read.boundary`: only regular files resolving
inside the folder), which the reader of a coded-events folder uses too. The pre-validated snapshot
of the bundled data (:mod:`~ruiran.read.snapshot`) lies beneath the entry points too:
:func:`ruiran.load` restores it, and it reads the YAML through the reader when it is built.
:mod:`~ruiran.read.layout` holds what all of them need about the format (the file stems, portable
paths) and :mod:`~ruiran.read.limits` the size limits of every read.

Nothing in this folder imports :mod:`ruiran.io`. It may import the Dataset layer
(:mod:`ruiran.dataset`), the records (:mod:`ruiran.model`), :mod:`ruiran.errors` and the message
hints (:mod:`ruiran.hints`); the entry points (:mod:`ruiran.io`, :mod:`ruiran.limits`), the coded
wing (a folder's boundary, the limits of a GDELT read), the exports and the command line may
import it. The spelling suggestions and passage hints are not here, though reading uses them:
the Dataset layer uses them as well, and they sit beneath both in :mod:`ruiran.hints`.

Importing this package imports none of its modules: the bundled ``load()`` needs the snapshot
and the layout alone.
"""

__all__ = ["boundary", "documents", "layout", "limits", "messages", "reader", "snapshot"]
