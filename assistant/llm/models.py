"""Build a LangChain chat model from `SENDPLAN_LLM=provider:model` with `init_chat_model`.

Credentials and endpoints come from each provider's own variables (OPENAI_API_KEY,
OPENAI_BASE_URL, ANTHROPIC_API_KEY, ...), which the provider SDKs read themselves.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.errors import ConfigError
from assistant.settings import Settings

log = logging.getLogger(__name__)

# Providers with an optional dependency group in pyproject.toml.
EXTRAS = {"anthropic": "anthropic", "ollama": "ollama"}

# Where each provider SDK looks for its key and endpoint (for advice in messages only).
KEY_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "azure_openai": "AZURE_OPENAI_API_KEY",
    "google_genai": "GOOGLE_API_KEY",
    "groq": "GROQ_API_KEY",
    "mistralai": "MISTRAL_API_KEY",
}
URL_VARIABLES = {"openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL"}

EXAMPLES = "e.g. 'openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5' or 'ollama:llama3.1'"


@dataclass(frozen=True)
class ModelSpec:
    """`SENDPLAN_LLM` split into the LangChain provider key and the model name."""

    provider: str
    model: str

    @property
    def name(self) -> str:
        return f"{self.provider}:{self.model}"


def parse_llm_setting(value: str) -> ModelSpec:
    """Split 'provider:model'; raise ConfigError with an example when it is not that shape."""
    provider, _, model = value.strip().partition(":")
    provider = provider.strip().lower()
    if not provider or not model.strip():
        raise ConfigError(
            f"SENDPLAN_LLM={value!r} is not 'extractive' or 'provider:model' ({EXAMPLES}). "
            "Set it to one of those, or unset it to answer offline."
        )
    return ModelSpec(provider=provider, model=model.strip())


def model_kwargs(spec: ModelSpec, settings: Settings) -> dict[str, Any]:
    """Timeout, retries and temperature in the shape the provider's class accepts."""
    kwargs: dict[str, Any] = {"temperature": settings.llm_temperature}
    if spec.provider == "ollama":
        # ChatOllama has no timeout field; its httpx client takes one.
        kwargs["client_kwargs"] = {"timeout": settings.llm_timeout}
    else:
        kwargs["timeout"] = settings.llm_timeout
        kwargs["max_retries"] = settings.llm_max_retries
    return kwargs


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The configured chat model; ConfigError (saying what to install or set) if it can't be."""
    from langchain.chat_models import init_chat_model

    spec = parse_llm_setting(settings.llm)
    try:
        return init_chat_model(
            spec.model, model_provider=spec.provider, **model_kwargs(spec, settings)
        )
    except ImportError as exc:
        raise ConfigError(missing_package_message(spec, exc)) from exc
    except ValueError as exc:
        if "provider" in str(exc).lower():
            raise ConfigError(
                f"SENDPLAN_LLM={settings.llm!r} names a provider LangChain does not know "
                f"({spec.provider!r}). Use one of LangChain's provider keys, {EXAMPLES}."
            ) from exc
        raise ConfigError(setup_message(spec, exc)) from exc
    except Exception as exc:  # provider SDKs raise their own types for missing credentials
        raise ConfigError(setup_message(spec, exc)) from exc


def missing_package_message(spec: ModelSpec, exc: ImportError) -> str:
    extra = EXTRAS.get(spec.provider)
    if extra:
        install = f"pip install 'sendplan[{extra}]'"
    else:
        install = f"install the LangChain integration for {spec.provider!r} ({exc})"
    return (
        f"SENDPLAN_LLM={spec.name!r} needs the {spec.provider} integration, which is not "
        f"installed: {install}. Or set SENDPLAN_LLM=extractive to answer offline."
    )


def setup_message(spec: ModelSpec, exc: Exception) -> str:
    """Advice for a model that could not be created (usually a missing key)."""
    log.debug("creating %s failed: %s: %s", spec.name, type(exc).__name__, exc)
    key = KEY_VARIABLES.get(spec.provider)
    if not re.search(r"api.?key|credential", str(exc), re.IGNORECASE):
        advice = "Check SENDPLAN_LLM and the SENDPLAN_LLM_* settings (run with -v for the detail)"
    elif key:
        advice = f"Check that {key} is set"
        url = URL_VARIABLES.get(spec.provider)
        if url:
            advice += f" (any non-empty value will do for a local server at {url})"
    else:
        advice = f"Check the {spec.provider} credentials"
    return (
        f"Could not set up the chat model {spec.name!r} ({type(exc).__name__}). {advice}, "
        "or set SENDPLAN_LLM=extractive to answer offline."
    )
