"""A network figure of the actors and their ties: agreements, events and sanctions.

Run: python examples/network_figure.py [OUT.png]   (needs ruiran[graph,plot])
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.lines import Line2D

import ruiran
from ruiran import export

EDGE_COLOURS = {"agreement": "#d62728", "event": "#1f77b4", "sanction": "#7f7f7f"}


def draw(out: Path) -> Path:
    graph = export.to_networkx(ruiran.load())
    # Collapse the multigraph: one line per pair and kind, as wide as the number of ties.
    ties = Counter(
        (min(u, v), max(u, v), data["kind"]) for u, v, data in graph.edges(data=True) if u != v
    )
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for (u, v, _), _count in ties.items():
        simple.add_edge(u, v)
    layout = nx.spring_layout(simple, seed=4, k=1.4)

    fig, ax = plt.subplots(figsize=(11, 8))
    for (u, v, kind), count in ties.items():
        xs, ys = zip(layout[u], layout[v], strict=True)
        ax.plot(xs, ys, color=EDGE_COLOURS[kind], linewidth=0.8 + count, alpha=0.5, zorder=1)
    degree = dict(simple.degree())
    for node, (x, y) in layout.items():
        kind = graph.nodes[node].get("type", "")
        ax.scatter(
            [x],
            [y],
            s=80 + 60 * degree[node],
            zorder=2,
            color="#ff7f0e" if kind == "state" else "#bcbd22" if kind == "bloc" else "#9467bd",
        )
        ax.annotate(
            graph.nodes[node].get("name", node),
            (x, y),
            fontsize=8,
            ha="center",
            xytext=(0, 9),
            textcoords="offset points",
            zorder=3,
        )
    handles = [Line2D([], [], color=c, linewidth=3, label=k) for k, c in EDGE_COLOURS.items()]
    ax.legend(handles=handles, loc="lower left", frameon=False)
    ax.set_title("Who is tied to whom in the ruiran bundled data (line width: number of ties)")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("network.png")
    print(f"wrote {draw(target)}")
