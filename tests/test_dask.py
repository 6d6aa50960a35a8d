"""The batch on a Dask cluster: `process_frame` through `map_partitions`, as documented.

Needs the `dask` extra (installed with the test extras); skips with the reason otherwise.
"""

from __future__ import annotations

import pytest

from skillmatch.batch import (
    BatchEngine,
    PersonRow,
    frame_meta,
    frame_record,
    process_frame,
    result_row,
)
from skillmatch.catalogue import default_catalogue_path, load_catalogue
from skillmatch.referential import bundled_dir, load_referential

pd = pytest.importorskip("pandas", reason="the dask extra is not installed (pip install .[dask])")
dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed")

PEOPLE = [
    ("P1", "Python, SQL, statistiques", "ia-B", "Dupont"),
    ("P2", "Linux, cryptographie, tests d'intrusion", "cyber-B", "Martin"),
    ("P3", "", "ia-A", "Durand"),
    ("P4", "pyhton; anglais courant", "", "Bernard"),
    ("P5", "Kali Linux", "zz", "Petit"),
] * 8


@pytest.fixture(scope="module")
def engine() -> BatchEngine:
    referential = load_referential(bundled_dir())
    catalogue = load_catalogue(default_catalogue_path(bundled_dir()), referential)
    return BatchEngine(referential, catalogue, default_target="ia-B")


def frame() -> pd.DataFrame:
    return pd.DataFrame(PEOPLE, columns=["id", "skills", "target", "nom"])


def expected(engine: BatchEngine) -> list[dict[str, object]]:
    rows = [PersonRow(i + 1, ident, skills, target) for i, (ident, skills, target, _) in
            enumerate(PEOPLE)]
    return [frame_record(result_row(r, engine.domains)) for r in engine.process(rows)]


def records(out: pd.DataFrame) -> list[dict[str, object]]:
    """Rows with NaN as None, so that equal rows compare equal."""
    return [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()}
            for row in out.to_dict("records")]


def test_process_frame_gives_one_row_per_row_in_order_without_other_columns(engine) -> None:
    out = process_frame(frame(), engine, target_column="target")
    assert list(out.columns) == list(frame_meta(engine).columns)
    assert "nom" not in out.columns and "Dupont" not in out.to_csv()
    assert records(out) == records(pd.DataFrame(expected(engine)))
    assert out["status"].tolist().count("error") == 16  # 8 empty skills, 8 unknown targets


def test_map_partitions_on_a_local_cluster_gives_the_same_rows(engine) -> None:
    ddf = dd.from_pandas(frame(), npartitions=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        out = ddf.map_partitions(process_frame, engine, target_column="target",
                                 meta=frame_meta(engine)).compute()
    assert out["line"].tolist() == list(range(1, len(PEOPLE) + 1))
    assert records(out) == records(pd.DataFrame(expected(engine)))
