"""okaeri.graph.evaluation_order (Tarjan and a heap on plain dictionaries) gives exactly
what networkx gives for the same definition: the strongly connected components, ordered
by networkx's lexicographical topological sort of the condensation keyed by each
component's first node in the given order, and a loop's sweep in reverse depth-first
post-order from its start node (networkx's dfs_postorder_nodes)."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.graph import evaluation_order


def _by_networkx(nodes: list[str], edges: list[tuple[str, str]], starts: set[str]
                 ) -> list[tuple[tuple[str, ...], bool]]:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    rank = {key: index for index, key in enumerate(nodes)}
    groups = [sorted(group, key=rank.__getitem__)
              for group in nx.strongly_connected_components(graph)]
    condensed = nx.condensation(graph, scc=groups)
    first = [rank[group[0]] for group in groups]
    result = []
    for index in nx.lexicographical_topological_sort(condensed, key=first.__getitem__):
        group = groups[index]
        if len(group) == 1 and not graph.has_edge(group[0], group[0]):
            result.append(((group[0],), False))
            continue
        preferred = [key for key in group if key in starts]
        start = preferred[0] if preferred else group[0]
        post = list(nx.dfs_postorder_nodes(graph.subgraph(group), source=start))
        result.append((tuple(reversed(post)), True))
    return result


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]], set[str]]:
    count = draw(st.integers(1, 25))
    nodes = draw(st.permutations([f"n{i}" for i in range(count)]))
    pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes))
    edges = draw(st.lists(pairs, max_size=3 * count))
    starts = draw(st.sets(st.sampled_from(nodes), max_size=3))
    return list(nodes), edges, starts


@settings(max_examples=400, deadline=None)
@given(_graphs())
def test_evaluation_order_is_networkx_order(case: tuple[list[str], list[tuple[str, str]],
                                                        set[str]]) -> None:
    nodes, edges, starts = case
    found = [(c.keys, c.cyclic) for c in evaluation_order(nodes, edges, starts)]
    assert found == _by_networkx(nodes, edges, starts)


def test_a_long_chain_needs_no_recursion() -> None:
    nodes = [f"n{i}" for i in range(20_000)]
    edges = [(nodes[i], nodes[i + 1]) for i in range(len(nodes) - 1)] + [(nodes[-1], nodes[0])]
    (loop,) = evaluation_order(nodes, edges)
    assert loop.cyclic and loop.keys == tuple(nodes)
