"""Batch export throughput: 1,000 posted invoices → one zip of PDFs, rendered in this single
process, then by 2 worker processes (`facturo documents export --workers 2`).

Run: `.venv/bin/python bench/export.py [--documents 1000] [--format pdf|ubl]`.
Target: 2 workers close to 2× the documents per second of one process (on 2 free cores).
The database is a throwaway SQLite file; times are wall-clock, so run it on a quiet machine:
"cores busy" (CPU seconds of this process and its workers per wall-clock second) shows how
much of the second core the workers could get.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def prepare(documents: int) -> tuple[object, int]:
    """A migrated throwaway database with a tenant holding `documents` posted invoices."""
    from core.app import Facturo
    from core.config import Settings
    from core.db.migrate import upgrade
    from core.demo_documents import INVOICES, customer_id, seed_company
    from core.documents.posting import post_document
    from core.documents.service import create_document
    from core.tenants.service import create_tenant

    app = Facturo(Settings(database_url=f"sqlite:///{Path(os.environ['FACTURO_VAR_DIR'])}/b.db",
                           secret_key="bench"))
    upgrade(app)
    tenant = create_tenant(app, "Bench BV", slug="bench")
    app.addon_manager.switch_on(tenant.id, "peppol")
    with app.tenant_context(tenant.id, write=True) as ctx:
        seed_company(ctx)
        for index in range(documents):
            spec = INVOICES[index % len(INVOICES)]
            invoice = create_document(ctx, "invoice", customer_id(ctx, spec.customer),
                                      lines=spec.lines, vat_regime=spec.regime,
                                      issue_date=date(2026, 3, 2), **spec.header)
            post_document(ctx, invoice)
    return app, tenant.id


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def export(app: object, tenant_id: int, fmt: str, workers: int, target: Path
           ) -> tuple[float, float]:
    """Wall-clock and CPU seconds to export every invoice into a zip with this many workers."""
    from core.cli.document_export import BatchExport, ZipWriter, file_name

    writer = ZipWriter(target)
    cpu = cpu_seconds()
    start = time.perf_counter()
    with BatchExport(app, tenant_id, "invoice", fmt, workers=workers) as batch:  # type: ignore[arg-type]
        for chunk in batch.results():
            for number, data, error in chunk:
                assert data is not None, f"{number}: {error}"
                writer.write(file_name(number, fmt), data)
    writer.close()
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> None:
    """Prepare the invoices, export them twice, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--format", choices=("pdf", "ubl"), default="pdf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTURO_VAR_DIR"] = folder
        started = time.perf_counter()
        app, tenant_id = prepare(args.documents)
        print(f"{args.documents} posted invoices prepared in {time.perf_counter() - started:.1f} s"
              f" (cores: {os.cpu_count()})")
        rates = {}
        for workers in (1, 2):
            target = Path(folder) / f"export-{workers}.zip"
            seconds, cpu = export(app, tenant_id, args.format, workers, target)
            with zipfile.ZipFile(target) as archive:
                assert len(archive.namelist()) == args.documents
            rates[workers] = args.documents / seconds
            print(f"{workers} process{'es' if workers > 1 else ''}: {seconds:6.1f} s, "
                  f"{rates[workers]:6.1f} {args.format.upper()} documents/s, "
                  f"{cpu:6.1f} s CPU ({cpu / seconds:.2f} cores busy), "
                  f"zip {target.stat().st_size / 1e6:.1f} MB")
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}× (target: close to 2×)")


if __name__ == "__main__":
    main()
