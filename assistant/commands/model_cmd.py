"""`sendplan model export | status`: the embedding model's ONNX export on this host."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "model",
        help="the embedding model: export it to ONNX, show what is configured",
        description="The embedding model and its ONNX export on this host (the onnx and "
        "onnx-int8 backends need it; 'make install' runs 'sendplan model export').",
    )
    actions = parser.add_subparsers(dest="model_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="export the model to ONNX (float32 and int8) unless already done",
        description="Export the local model to ONNX (float32 and int8) into "
        "SENDPLAN_MODEL_CACHE_DIR (default: inside the installation). Offline; about 20 s.",
    )
    export.add_argument("--force", action="store_true", help="export again even if present")
    export.set_defaults(func=run_export)
    status = actions.add_parser(
        "status",
        help="show the configured backend, model and ONNX files",
        description="Show the configured embedding backend, the model's weights hash and "
        "the ONNX files this host has.",
    )
    status.set_defaults(func=run_status)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from vectorstore.embeddings import model_path
    from vectorstore.onnx_model import FLOAT_FILE, INT8_FILE, export_dir

    _export_language_model(force=args.force)
    model_dir = model_path(settings.embedding_model)
    folder = export_dir(model_dir, settings.model_dir, model=settings.embedding_model)
    present = all((folder / name).is_file() for name in (FLOAT_FILE, INT8_FILE))
    if present and not args.force:
        print(f"ONNX export already in {folder} (--force to redo it)")
        return 0
    from vectorstore.onnx_export import export_model

    for path in export_model(model_dir, settings.model_dir, model=settings.embedding_model):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


def _export_language_model(*, force: bool) -> None:
    """The language check's model, decompressed once (assistant/answering/language_model.py)."""
    from assistant.answering.language_model import PLAIN_FILE, default_folder, write_plain_copy

    if force or not (default_folder() / PLAIN_FILE).is_file():
        path = write_plain_copy(default_folder())
        print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB, the language check's model)")


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    from vectorstore.embeddings import model_label, model_path, weights_digest
    from vectorstore.onnx_model import FLOAT_FILE, INT8_FILE, export_dir

    model_dir = model_path(settings.embedding_model)
    folder = export_dir(model_dir, settings.model_dir, model=settings.embedding_model)
    print(f"backend\t{settings.embedding_backend}")
    print(f"model\t{model_label(settings.embedding_model)}\t{model_dir}")
    print(f"weights\t{weights_digest(model_dir)}")
    for name in (FLOAT_FILE, INT8_FILE):
        path = folder / name
        print(f"onnx\t{path}\t{'present' if path.is_file() else 'missing'}")
    return 0
